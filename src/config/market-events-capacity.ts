import type { EnvironmentConfig } from "./environment-config";
import { HEADROOM } from "./capacity";

/**
 * Account quotas (per region) the market events path runs into, with AWS's defaults:
 * - API Gateway: 10,000 requests/s across all REST, HTTP and WebSocket APIs of an account and region,
 *   burst 5,000 ("Amazon API Gateway quotas", account-level throttling). A stage limit above the
 *   account's is not enforced, so the derived one must fit inside it.
 * - EventBridge: PutEvents 10,000 requests/s and 18,750 target invocations/s in us-east-1, us-west-2
 *   and eu-west-1, less elsewhere ("Amazon EventBridge quotas"; adjustable).
 * - Step Functions Express: StartExecution is token-bucket throttled per account and region
 *   ("Quotas related to API action throttling"; adjustable).
 * - Lambda: 1,000 concurrent executions per region by default, of which 100 stay unreserved
 *   (src/operations/preflight/lambda-concurrency.ts checks the sum at deploy time).
 */
export const API_GATEWAY_ACCOUNT_RATE = 10_000;
export const API_GATEWAY_ACCOUNT_BURST = 5_000;

/** Saga steps that run a Lambda function on every event (Validate, Enrich, Store). */
export const SAGA_STEPS_PER_EVENT = 3;

/**
 * Compensate runs only after a failed Store or Publish. It gets a tenth of a step's concurrency:
 * a failure storm above that is throttled, and Step Functions retries the throttled invocations
 * (Lambda.TooManyRequestsException is in the saga's retry list) instead of losing them.
 */
export const COMPENSATE_SHARE = 0.1;

export interface MarketEventsCapacity {
  /** capacity.peakMarketEventsPerMinute / 60. */
  readonly peakEventsPerSecond: number;
  /** Stage default route throttling: steady requests/s and token-bucket burst. */
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  /** Reserved concurrency of the ingest function. */
  readonly ingestConcurrency: number;
  /** Reserved concurrency of each of Validate, Enrich and Store. */
  readonly stepConcurrency: number;
  readonly compensateConcurrency: number;
  /** What the bus's account needs at peak with headroom: PutEvents requests/s, target invocations/s, Express starts/s. */
  readonly putEventsRequestsPerSecond: number;
  readonly ruleInvocationsPerSecond: number;
  readonly expressStartsPerSecond: number;
  /** The arithmetic, one line per figure, for the plan review and the README. */
  readonly why: readonly string[];
}

/**
 * Sizes the market events path from the configured peak, with the lake's HEADROOM (2x) for bursts
 * inside the peak minute. At prod's 100,000 events a minute (1,667/s), 10 events a request, a 0.25 s
 * request and 0.1 s steps:
 *   API: 1,667 / 10 x 2 = 334 requests/s, burst 334 (a full second of the rate at once);
 *   ingest: 334 requests/s x 0.25 s = 84 instances;
 *   each step: 1,667 x 2 x 0.1 s = 334 instances (x3), Compensate 34;
 *   PutEvents: 334 ingest requests + 3,334 "stored" events (one entry per execution) = 3,668/s;
 *   invocations: 3,334 type-rule deliveries, doubled for each event and stored event replicated
 *   to the second region: 3,334 + 2 x 3,334 = 10,002/s;
 *   Express starts: 3,334/s.
 * Reserved concurrency of the market events functions: 84 + 3 x 334 + 34 = 1,120, more than
 * Lambda's default 1,000 per region: the preflight asks for the quota before the first deploy.
 */
export function marketEventsCapacity(config: Pick<EnvironmentConfig, "capacity" | "marketEvents">): MarketEventsCapacity {
  const m = config.marketEvents;
  const peak = config.capacity.peakMarketEventsPerMinute / 60;
  const withHeadroom = peak * HEADROOM;
  const apiRateLimit = Math.ceil(withHeadroom / m.averageEventsPerRequest);
  const apiBurstLimit = apiRateLimit;
  if (apiRateLimit > API_GATEWAY_ACCOUNT_RATE || apiBurstLimit > API_GATEWAY_ACCOUNT_BURST) {
    throw new Error(
      `capacity.peakMarketEventsPerMinute ${config.capacity.peakMarketEventsPerMinute} at marketEvents.averageEventsPerRequest ${m.averageEventsPerRequest} needs ${apiRateLimit} requests/s (burst ${apiBurstLimit}), ` +
        `above API Gateway's account limit of ${API_GATEWAY_ACCOUNT_RATE}/s (burst ${API_GATEWAY_ACCOUNT_BURST}): batch more events per request, or raise the account quota and this limit together`,
    );
  }
  const ingestConcurrency = Math.max(2, Math.ceil(apiRateLimit * m.ingest.p99SecondsPerRequest));
  const stepConcurrency = Math.max(2, Math.ceil(withHeadroom * m.saga.p99SecondsPerStep));
  const compensateConcurrency = Math.max(2, Math.ceil(stepConcurrency * COMPENSATE_SHARE));
  const replicated = m.secondaryRegion === undefined ? 0 : 2;
  const events = Math.ceil(withHeadroom);
  const putEventsRequestsPerSecond = apiRateLimit + events;
  const ruleInvocationsPerSecond = events * (1 + replicated);
  const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 1 });
  return {
    peakEventsPerSecond: peak,
    apiRateLimit,
    apiBurstLimit,
    ingestConcurrency,
    stepConcurrency,
    compensateConcurrency,
    putEventsRequestsPerSecond,
    ruleInvocationsPerSecond,
    expressStartsPerSecond: events,
    why: [
      `peak ${n(config.capacity.peakMarketEventsPerMinute)}/min = ${n(peak)} events/s, x${HEADROOM} headroom = ${n(events)}/s`,
      `API rate ${n(events)} / ${m.averageEventsPerRequest} events per request = ${n(apiRateLimit)} requests/s, burst ${n(apiBurstLimit)}`,
      `ingest concurrency ${n(apiRateLimit)} requests/s x ${m.ingest.p99SecondsPerRequest} s = ${ingestConcurrency}`,
      `step concurrency ${n(events)}/s x ${m.saga.p99SecondsPerStep} s = ${stepConcurrency} each (x${SAGA_STEPS_PER_EVENT}), Compensate ${compensateConcurrency}`,
      `PutEvents ${n(apiRateLimit)} ingest requests + ${n(events)} stored events = ${n(putEventsRequestsPerSecond)} requests/s`,
      `target invocations ${n(events)} x (1 type rule${replicated ? " + 2 replicated to " + m.secondaryRegion : ""}) = ${n(ruleInvocationsPerSecond)}/s; Express starts ${n(events)}/s`,
    ],
  };
}

/** Reserved concurrency of all the market events functions together. */
export function marketEventsReservedConcurrency(capacity: MarketEventsCapacity): number {
  return capacity.ingestConcurrency + SAGA_STEPS_PER_EVENT * capacity.stepConcurrency + capacity.compensateConcurrency;
}
