import type { Dataset } from "./core/datasets";
import { PARTITION_TIME_ZONES_VARIABLE, parsePartitionTimeZones } from "../shared/partition-time-zones";
import { LAKE_METRICS_NAMESPACE } from "../shared/metric-catalog";
import type { ProcessorSettings } from "./object-processor";
import type { BackoffPolicy } from "../shared/redelivery-backoff";

/** Everything the handler reads from its environment, checked once at cold start. */
export interface HandlerSettings extends ProcessorSettings {
  /** dev, staging, prod (ENVIRONMENT): on every log line and the `environment` dimension of every metric. */
  readonly environment: string;
  /** POWERTOOLS_SERVICE_NAME: the `service` of every log line and metric. @default "service_undefined", as Powertools */
  readonly serviceName: string;
  /** POWERTOOLS_METRICS_NAMESPACE. @default LAKE_METRICS_NAMESPACE */
  readonly metricsNamespace: string;
  readonly lineageTable: string;
  readonly alertTopicArn: string;
  readonly lineageTtlDays: number;
  /**
   * How long a claim blocks other deliveries of its object. A fixed setting (LEASE_SECONDS), not
   * read from the Lambda context: it must exceed the function timeout (900 s at most), so a claim is
   * never taken over while the invocation holding it may still run. An invocation stopped at its
   * deadline (see invocationDeadline) releases the claim at once; the lease only matters when one
   * dies without releasing it (killed at the timeout, out of memory).
   * @default 960
   */
  readonly leaseSeconds: number;
  /** Zone of each dataset's trading dates (PARTITION_TIME_ZONES); a dataset not listed is UTC. */
  readonly partitionTimeZones: Readonly<Record<Dataset, string>>;
  /** A failed message returns after REDELIVERY_BASE_SECONDS x 2^(receives - 1), at most REDELIVERY_MAX_SECONDS. @default 30 s, 900 s */
  readonly redelivery: BackoffPolicy;
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set; the stack sets it (src/stacks/validation-pipeline.ts)`);
  return value;
}

function number(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`Environment variable ${name}="${text}" is not a number`);
  return value;
}

export function readSettings(env: Env): HandlerSettings {
  const policy = env.OUT_OF_ORDER_POLICY ?? "flag";
  if (policy !== "flag" && policy !== "reject") throw new Error(`OUT_OF_ORDER_POLICY="${policy}" is not allowed; use "flag" or "reject"`);
  return {
    lineageTable: required(env, "LINEAGE_TABLE"),
    alertTopicArn: required(env, "ALERT_TOPIC_ARN"),
    environment: required(env, "ENVIRONMENT"),
    serviceName: env.POWERTOOLS_SERVICE_NAME || "service_undefined",
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || LAKE_METRICS_NAMESPACE,
    validatedPrefix: env.VALIDATED_PREFIX ?? "validated/",
    quarantinePrefix: env.QUARANTINE_PREFIX ?? "quarantine/",
    reportsPrefix: env.REPORTS_PREFIX ?? "reports/",
    rejectRateAlertThreshold: number(env, "REJECT_RATE_ALERT_THRESHOLD", 0.01),
    lineageTtlDays: number(env, "LINEAGE_TTL_DAYS", 400),
    leaseSeconds: number(env, "LEASE_SECONDS", 960),
    redelivery: { baseSeconds: number(env, "REDELIVERY_BASE_SECONDS", 30), maxSeconds: number(env, "REDELIVERY_MAX_SECONDS", 900) },
    partitionTimeZones: parsePartitionTimeZones(env[PARTITION_TIME_ZONES_VARIABLE] || "{}"),
    validator: {
      maxSpreadRatio: number(env, "MAX_SPREAD_RATIO", 0.05),
      priceJumpRatio: number(env, "PRICE_JUMP_RATIO", 0.2),
      outOfOrderPolicy: policy,
    },
  };
}
