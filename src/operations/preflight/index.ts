import type { EnvironmentConfig } from "../../config";
import { checkCallerAccount, checkPartnerAccounts } from "./accounts";
import { failedCheck, type CheckResult } from "./check";
import type { PreflightClients } from "./clients";
import { checkInterfaceEndpointServices } from "./endpoint-services";
import { checkLambdaConcurrency } from "./lambda-concurrency";
import { checkKinesisOnDemandStreams, checkServiceQuota, glueJobRunsNeed, putEventsRateNeed } from "./service-quotas";
import { checkLockTable, checkStateBucket, checkStateBucketVersioning, checkStateKey } from "./state-backend";

export type { CheckResult } from "./check";
export { preflightClients, type PreflightClients, type PreflightClientOptions } from "./clients";

/** A named check; its name labels the FAIL row when it cannot finish. */
export interface PreflightCheck {
  readonly name: string;
  readonly run: () => Promise<CheckResult | readonly CheckResult[]> | CheckResult;
}

/** Every check of an account before the first apply, in the order the table shows them. */
export function preflightChecks(config: EnvironmentConfig, clients: PreflightClients): PreflightCheck[] {
  return [
    { name: "caller account", run: () => checkCallerAccount(config, clients) },
    { name: "partner accounts", run: () => checkPartnerAccounts(config) },
    { name: "lambda concurrency", run: () => checkLambdaConcurrency(config, clients) },
    { name: "interface endpoint services", run: () => checkInterfaceEndpointServices(config, clients) },
    { name: "state key", run: () => checkStateKey(config, clients) },
    { name: "state bucket", run: () => checkStateBucket(config, clients) },
    { name: "state bucket versioning", run: () => checkStateBucketVersioning(config, clients) },
    { name: "lock table", run: () => checkLockTable(config, clients) },
    { name: "kinesis on-demand streams", run: () => checkKinesisOnDemandStreams(config, clients, config.streaming.streamMode === "ON_DEMAND" ? 1 : 0) },
    { name: "quota glue", run: () => checkServiceQuota(config, clients, glueJobRunsNeed()) },
    { name: "quota events", run: () => checkServiceQuota(config, clients, putEventsRateNeed(config)) },
  ];
}

/** Runs the checks side by side; a check that throws (an API call refused...) becomes a FAIL row. */
export async function runPreflight(checks: readonly PreflightCheck[]): Promise<CheckResult[]> {
  const rows = await Promise.all(
    checks.map(async (check) => {
      try {
        const result = await check.run();
        return Array.isArray(result) ? result : [result as CheckResult];
      } catch (error) {
        return [failedCheck(check.name, error)];
      }
    }),
  );
  return rows.flat();
}

export const allPassed = (rows: readonly CheckResult[]): boolean => rows.every((r) => r.status === "pass");
