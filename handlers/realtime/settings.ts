import { PARTITION_TIME_ZONES_VARIABLE, parsePartitionTimeZones } from "../shared/partition-time-zones";
import type { Dataset } from "../validation/core";

/** Everything the real-time function reads from its environment, checked once at cold start. */
export interface RealtimeSettings {
  readonly alertTopicArn: string;
  /** dev, staging, prod: the `environment` dimension of every metric and a field of every alert. */
  readonly environment: string;
  /** A trade whose price moves more than this ratio from the symbol's previous trade is an anomaly. */
  readonly priceJumpRatio: number;
  /** Largest accepted quote spread as a ratio of the mid (the file validator's quote.spread rule). */
  readonly maxSpreadRatio: number;
  readonly outOfOrderPolicy: "flag" | "reject";
  /** Longer than this between consecutive ticks of a symbol within a batch is a gap. */
  readonly maxGapSeconds: number;
  /** The IANA zone whose calendar day a dataset's `trading_date` names; UTC when not listed. */
  readonly partitionTimeZones: Readonly<Record<Dataset, string>>;
  readonly serviceName: string;
  readonly metricsNamespace: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const SOURCE = "the stack sets it (src/stacks: the streaming construct's function environment)";

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`Environment variable ${name} is not set; ${SOURCE}`);
  return value;
}

function positiveNumber(env: Env, name: string): number {
  const text = required(env, name);
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`Environment variable ${name}="${text}" is not a number > 0`);
  return value;
}

function partitionTimeZones(env: Env): Record<Dataset, string> {
  return parsePartitionTimeZones(required(env, PARTITION_TIME_ZONES_VARIABLE));
}

export function readRealtimeSettings(env: Env): RealtimeSettings {
  const policy = required(env, "OUT_OF_ORDER_POLICY");
  if (policy !== "flag" && policy !== "reject") throw new Error(`Environment variable OUT_OF_ORDER_POLICY="${policy}" is not allowed; use "flag" or "reject"`);
  const alertTopicArn = required(env, "ALERT_TOPIC_ARN");
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/.test(alertTopicArn)) {
    throw new Error(`Environment variable ALERT_TOPIC_ARN="${alertTopicArn}" is not an SNS topic ARN`);
  }
  return {
    alertTopicArn,
    environment: required(env, "ENVIRONMENT"),
    priceJumpRatio: positiveNumber(env, "PRICE_JUMP_RATIO"),
    maxSpreadRatio: positiveNumber(env, "MAX_SPREAD_RATIO"),
    outOfOrderPolicy: policy,
    maxGapSeconds: positiveNumber(env, "MAX_GAP_SECONDS"),
    partitionTimeZones: partitionTimeZones(env),
    serviceName: required(env, "POWERTOOLS_SERVICE_NAME"),
    metricsNamespace: required(env, "POWERTOOLS_METRICS_NAMESPACE"),
  };
}
