import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { validationConcurrency } from "../../config/capacity";
import type { EnvironmentConfig } from "../../config";
import { Naming } from "../../config/naming";
import { VALIDATION_FUNCTION } from "../../stacks/validation-pipeline";
import { realtimeConcurrency } from "../../config/stream-sizing";
import { REALTIME_FUNCTION } from "../../stacks/lake-streaming";
import { marketEventsCapacity } from "../../config/market-events-capacity";
import { marketEventsNames, SAGA_STEPS } from "../replay/market-events-names";
import { call, fail, failedWith, pass, type CheckResult } from "./check";

/**
 * Lambda keeps this much of the account's concurrency unreserved for functions without a
 * reservation: "Lambda automatically reserves a buffer of 100 concurrent executions for functions
 * without any reserved concurrency limit. This means if your account limit is 1000, you have a
 * total of 900 available to allocate to individual functions"
 * (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html; see also
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). Below it the
 * reservation, and so the apply, fails.
 */
export const UNRESERVED_CONCURRENCY_MINIMUM = 100;

/**
 * Service Quotas code of Lambda's "Concurrent executions" (service code `lambda`), the quota to
 * raise. The same code is in AWS console links to that quota
 * (console.aws.amazon.com/servicequotas/home/services/lambda/quotas/L-B99A9384). New accounts start
 * at 10 or 50 ("New AWS accounts have reduced concurrency and memory quotas",
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const LAMBDA_CONCURRENCY_QUOTA = { serviceCode: "lambda", quotaCode: "L-B99A9384", name: "Concurrent executions" } as const;

/** One function's reserved concurrency, as the stacks set it. */
export interface ConcurrencyReservation {
  readonly functionName: string;
  readonly reserved: number;
}

/**
 * Every reserved concurrency the environment's stacks (the lake and market events) derive from the
 * config: they share the account's regional quota. A later function with a reservation adds its
 * entry here, so that the check covers the sum.
 */
export function lakeReservations(config: EnvironmentConfig): ConcurrencyReservation[] {
  const naming = new Naming(config);
  const events = marketEventsNames(naming);
  const capacity = marketEventsCapacity(config);
  return [
    { functionName: naming.resource(VALIDATION_FUNCTION), reserved: validationConcurrency(config.capacity, config.validation) },
    { functionName: naming.resource(REALTIME_FUNCTION), reserved: realtimeConcurrency(config.capacity, config.streaming) },
    { functionName: events.ingestFunction, reserved: capacity.ingestConcurrency },
    ...SAGA_STEPS.map((step) => ({ functionName: events.stepFunction(step), reserved: step === "compensate" ? capacity.compensateConcurrency : capacity.stepConcurrency })),
  ];
}

/**
 * The account's concurrency leaves the unreserved minimum after the lake's reservations.
 * Lambda GetAccountSettings (https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html)
 * returns AccountLimit.ConcurrentExecutions (the quota) and AccountLimit.UnreservedConcurrentExecutions
 * (what no function has reserved). A function that already exists (a later deploy) has its
 * reservation counted in the latter already: GetFunctionConcurrency returns it
 * (ReservedConcurrentExecutions, absent when none; ResourceNotFoundException before the first apply),
 * and it is given back before the new reservations are taken:
 *   unreserved after = UnreservedConcurrentExecutions + reserved now by these functions - reservations
 * which must be >= 100; otherwise the quota must grow by the shortfall.
 */
export async function checkLambdaConcurrency(
  config: EnvironmentConfig,
  clients: { readonly lambda: LambdaClient },
  reservations: readonly ConcurrencyReservation[] = lakeReservations(config),
): Promise<CheckResult> {
  const name = "lambda concurrency";
  const { AccountLimit } = await call("lambda:GetAccountSettings", clients.lambda.send(new GetAccountSettingsCommand({})));
  const limit = AccountLimit?.ConcurrentExecutions;
  const unreserved = AccountLimit?.UnreservedConcurrentExecutions;
  if (limit === undefined || unreserved === undefined) {
    return fail(name, "unknown: GetAccountSettings returned no AccountLimit.ConcurrentExecutions / UnreservedConcurrentExecutions", `Look up Lambda "${LAMBDA_CONCURRENCY_QUOTA.name}" in the Service Quotas console (${config.region})`);
  }
  let reservedNow = 0;
  for (const r of reservations) reservedNow += await currentReservation(clients.lambda, r.functionName);
  const wanted = reservations.reduce((sum, r) => sum + r.reserved, 0);
  const after = unreserved + reservedNow - wanted;
  const figures =
    `quota ${limit}, unreserved ${unreserved}${reservedNow ? ` (${reservedNow} already reserved by these functions)` : ""}; ` +
    `reserving ${wanted} (${reservations.map((r) => `${r.functionName} ${r.reserved}`).join(", ")}) leaves ${after}`;
  if (after >= UNRESERVED_CONCURRENCY_MINIMUM) return pass(name, `${figures} >= ${UNRESERVED_CONCURRENCY_MINIMUM}`);
  const neededQuota = limit + (UNRESERVED_CONCURRENCY_MINIMUM - after);
  return fail(
    name,
    `${figures}, below the ${UNRESERVED_CONCURRENCY_MINIMUM} Lambda keeps unreserved: the reservation would fail`,
    `Request a quota increase of Lambda "${LAMBDA_CONCURRENCY_QUOTA.name}" (Service Quotas ${LAMBDA_CONCURRENCY_QUOTA.serviceCode} / ${LAMBDA_CONCURRENCY_QUOTA.quotaCode}) in ${config.region} to at least ${neededQuota} (new accounts start at 10 or 50)`,
  );
}

async function currentReservation(lambda: LambdaClient, functionName: string): Promise<number> {
  try {
    const { ReservedConcurrentExecutions } = await call("lambda:GetFunctionConcurrency", lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName })));
    return ReservedConcurrentExecutions ?? 0;
  } catch (error) {
    if (failedWith(error, "ResourceNotFoundException")) return 0;
    throw error;
  }
}
