import { DescribeLimitsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, type ServiceQuota, type ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { EnvironmentConfig } from "../../config";
import { marketEventsCapacity } from "../../config/market-events-capacity";
import { ApiCallError, call, fail, failedWith, pass, wasRefused, type CheckResult } from "./check";

/** A Service Quotas quota the sizing needs at least `needed` of, and why (the arithmetic). */
export interface QuotaNeed {
  readonly serviceCode: string;
  readonly quotaCode: string;
  readonly quotaName: string;
  readonly needed: number;
  readonly why: string;
}

/** Glue jobs the design runs on a schedule: raw-to-processed and processed-to-curated. */
export const GLUE_JOBS = 2;

/**
 * Glue "Max concurrent job runs per account", service code `glue`, quota code L-5E4153CA (as
 * ListServiceQuotas names it; the default is listed on https://docs.aws.amazon.com/general/latest/gr/glue.html).
 * Each job allows one run at a time (ExecutionProperty.MaxConcurrentRuns defaults to 1,
 * https://docs.aws.amazon.com/glue/latest/webapi/API_ExecutionProperty.html) and the workflow runs
 * them in turn, but a retried or late run of one can overlap the other: 2 jobs x 1 run = 2 at once.
 */
export function glueJobRunsNeed(): QuotaNeed {
  return { serviceCode: "glue", quotaCode: "L-5E4153CA", quotaName: "Max concurrent job runs per account", needed: GLUE_JOBS * 1, why: `${GLUE_JOBS} jobs x 1 concurrent run` };
}

/**
 * EventBridge "PutEvents throttle limit in transactions per second", service code `events`,
 * quota code L-9B653E91 (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html:
 * "Maximum number of requests per second for PutEvents API"; 10,000 in us-east-1, us-west-2 and
 * eu-west-1 by default, less elsewhere). The quota counts requests: the ingest function's batches
 * (one a request, up to 10 entries) and the saga's Publish step (one entry an execution), from
 * marketEventsCapacity at capacity.peakMarketEventsPerMinute with its headroom (prod: 334 + 3,334).
 * Not capacity.peakEventsPerSecond: those are streaming records on Kinesis, never on EventBridge.
 */
export function putEventsRateNeed(config: EnvironmentConfig): QuotaNeed {
  const capacity = marketEventsCapacity(config);
  return {
    serviceCode: "events",
    quotaCode: "L-9B653E91",
    quotaName: "PutEvents throttle limit in transactions per second",
    needed: capacity.putEventsRequestsPerSecond,
    why: `${capacity.apiRateLimit} ingest requests + ${capacity.expressStartsPerSecond} stored events a second at capacity.peakMarketEventsPerMinute ${config.capacity.peakMarketEventsPerMinute} with headroom`,
  };
}

/**
 * The applied value of a quota, from Service Quotas GetServiceQuota
 * (https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html:
 * "For some quotas, only the default values are available"). Where it has no applied value
 * (NoSuchResourceException) the AWS default applies (GetAWSDefaultServiceQuota), and the row says
 * that the default was read. A value withheld (Quota.ErrorReason) or a refused call leaves the quota
 * unknown: that is a FAIL with the reason, never a pass.
 */
export async function checkServiceQuota(config: EnvironmentConfig, clients: { readonly serviceQuotas: ServiceQuotasClient }, need: QuotaNeed): Promise<CheckResult> {
  const name = `quota ${need.serviceCode}/${need.quotaCode}`;
  const label = `${need.quotaName} (${need.serviceCode} / ${need.quotaCode})`;
  const ids = { ServiceCode: need.serviceCode, QuotaCode: need.quotaCode };
  let quota: ServiceQuota | undefined;
  let source = "applied";
  try {
    try {
      quota = (await call("servicequotas:GetServiceQuota", clients.serviceQuotas.send(new GetServiceQuotaCommand(ids)))).Quota;
    } catch (error) {
      if (!failedWith(error, "NoSuchResourceException")) throw error;
      source = "AWS default, no applied value";
      quota = (await call("servicequotas:GetAWSDefaultServiceQuota", clients.serviceQuotas.send(new GetAWSDefaultServiceQuotaCommand(ids)))).Quota;
    }
  } catch (error) {
    if (!(error instanceof ApiCallError)) throw error;
    const before = error.action === "servicequotas:GetServiceQuota" ? "" : "no applied value (NoSuchResourceException), and ";
    return unknownQuota(name, config, label, need, `${before}${error.message}`, wasRefused(error) ? error.action : undefined);
  }
  if (quota?.Value === undefined || quota.ErrorReason) {
    return unknownQuota(name, config, label, need, `Service Quotas gave no value${quota?.ErrorReason ? ` (${quota.ErrorReason.ErrorCode}: ${quota.ErrorReason.ErrorMessage})` : ""}`);
  }
  const figures = `${label}: ${quota.Value} (${source}); needs ${need.needed} (${need.why})`;
  if (quota.Value >= need.needed) return pass(name, figures);
  return fail(name, figures, `Request a quota increase of ${label} in ${config.region} to at least ${need.needed}`);
}

function unknownQuota(name: string, config: EnvironmentConfig, label: string, need: QuotaNeed, reason: string, refusedAction?: string): CheckResult {
  const confirm = `Confirm in the Service Quotas console (${config.region}) that ${label} >= ${need.needed}`;
  return fail(name, `unknown: ${reason}`, refusedAction ? `${confirm}, or allow ${refusedAction} to the preflight role` : confirm);
}

/**
 * Room for the lake's on-demand Kinesis stream: Kinesis DescribeLimits
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html) returns
 * OnDemandStreamCount and OnDemandStreamCountLimit for the account and region; free =
 * limit - count must be >= the streams the lake adds (1, the ON_DEMAND ingest stream).
 */
export async function checkKinesisOnDemandStreams(config: EnvironmentConfig, clients: { readonly kinesis: KinesisClient }, streamsNeeded = 1): Promise<CheckResult> {
  const name = "kinesis on-demand streams";
  const limits = await call("kinesis:DescribeLimits", clients.kinesis.send(new DescribeLimitsCommand({})));
  const { OnDemandStreamCount: count, OnDemandStreamCountLimit: limit } = limits;
  if (count === undefined || limit === undefined) {
    return fail(name, "unknown: DescribeLimits returned no OnDemandStreamCount / OnDemandStreamCountLimit", `Check the Kinesis Data Streams on-demand stream quota in the Service Quotas console (${config.region})`);
  }
  const free = limit - count;
  const figures = `${count} of ${limit} on-demand streams in use, ${free} free; the lake needs ${streamsNeeded}`;
  if (free >= streamsNeeded) return pass(name, figures);
  return fail(name, figures, `Request a higher Kinesis Data Streams on-demand stream quota in ${config.region} (Service Quotas) or delete unused on-demand streams`);
}
