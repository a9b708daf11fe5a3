import { environmentVariables, type Env } from "../shared/environment-variables";
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

export function readRealtimeSettings(env: Env): RealtimeSettings {
  const { required, positiveNumber, partitionTimeZones } = environmentVariables(env, "src/stacks/lake-streaming.ts: the real-time function's environment");
  const policy = required("OUT_OF_ORDER_POLICY");
  if (policy !== "flag" && policy !== "reject") throw new Error(`Environment variable OUT_OF_ORDER_POLICY="${policy}" is not allowed; use "flag" or "reject"`);
  const alertTopicArn = required("ALERT_TOPIC_ARN");
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/.test(alertTopicArn)) {
    throw new Error(`Environment variable ALERT_TOPIC_ARN="${alertTopicArn}" is not an SNS topic ARN`);
  }
  return {
    alertTopicArn,
    environment: required("ENVIRONMENT"),
    priceJumpRatio: positiveNumber("PRICE_JUMP_RATIO"),
    maxSpreadRatio: positiveNumber("MAX_SPREAD_RATIO"),
    outOfOrderPolicy: policy,
    maxGapSeconds: positiveNumber("MAX_GAP_SECONDS"),
    partitionTimeZones: partitionTimeZones(),
    serviceName: required("POWERTOOLS_SERVICE_NAME"),
    metricsNamespace: required("POWERTOOLS_METRICS_NAMESPACE"),
  };
}
