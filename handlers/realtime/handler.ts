import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { createObservability } from "../shared/powertools";
import { SentAlertKeys, groupAnomalies, type Alert } from "./alert-dedupe";
import { analyseBatch } from "./record-processor";
import { publishBatchMetrics, summariseBatch } from "./realtime-metrics";
import type { RealtimeSettings } from "./settings";
import { publishAlerts } from "./sns-alerts";

export interface RealtimeDeps {
  readonly sns: SNSClient;
  readonly settings: RealtimeSettings;
  /** @default a Powertools Logger for the settings' service, with `environment` on every line */
  readonly logger?: Logger;
  /** @default Powertools Metrics in the settings' namespace, `environment` a default dimension */
  readonly metrics?: Metrics;
  /** Alert keys already sent; lives as long as the handler (the container). @default 10,000 keys */
  readonly sentAlerts?: SentAlertKeys;
}

export type RealtimeHandler = (event: KinesisStreamEvent, context?: Context) => Promise<KinesisStreamBatchResponse>;

/** Rejected records logged one by one per invocation; the rest are in the summary line and metrics. */
const MAX_REJECTS_LOGGED = 50;

/**
 * The real-time function over injected clients (the Lambda entry is index.ts; the e2e calls this
 * in-process on records read with GetRecords). Per invocation:
 * 1. analyseBatch: the file validator's record rules and the anomaly detectors (pure);
 * 2. the anomalies, one alert per (kind, dataset, symbol, minute) not sent before, to SNS;
 * 3. the partial batch response (Powertools batch utility, Kinesis: by sequence number).
 *
 * What comes back as a batch item failure is only what a retry can fix: a record whose alert SNS
 * did not take, or whose processing threw. A record that breaks the rules is data, not a failure:
 * it is counted, logged and acknowledged (Firehose stores the same bytes in the raw bucket, where the
 * file validator quarantines it with the same rule), since retrying it would fail the same way and
 * hold up its shard until the record expired.
 */
export function createRealtimeHandler(deps: RealtimeDeps): RealtimeHandler {
  const { sns, settings } = deps;
  const defaults = deps.logger && deps.metrics ? undefined : createObservability({ serviceName: settings.serviceName, namespace: settings.metricsNamespace, environment: settings.environment });
  const logger = deps.logger ?? defaults!.logger;
  const metrics = deps.metrics ?? defaults!.metrics;
  const sentAlerts = deps.sentAlerts ?? new SentAlertKeys();
  const processor = new BatchProcessor(EventType.KinesisDataStreams);

  return async (event, context) => {
    if (context) logger.addContext(context);
    const records = event?.Records;
    if (!Array.isArray(records)) throw new TypeError("Not a Kinesis event: Records is not an array");

    const analysis = analyseBatch(records, settings);
    const alerts = groupAnomalies(analysis.anomalies);
    const suppressed = alerts.filter((a) => sentAlerts.has(a.key));
    const toSend = alerts.filter((a) => !sentAlerts.has(a.key));
    const { published, failed } = toSend.length ? await publishAlerts(sns, settings.alertTopicArn, settings.environment, toSend) : { published: [], failed: [] };
    for (const alert of published) sentAlerts.add(alert.key);

    // Why each record must be retried, by sequence number.
    const retry = new Map<string, unknown>();
    for (const verdict of analysis.verdicts) if (verdict.status === "failed") retry.set(verdict.sequenceNumber, verdict.error);
    for (const { alert, error } of failed) {
      for (const sequenceNumber of alert.sequenceNumbers) if (!retry.has(sequenceNumber)) retry.set(sequenceNumber, new AlertNotSentError(alert, error));
    }

    logOutcome(logger, records, analysis.verdicts, failed, retry);
    // The batch utility settles each record from what the steps above found: it builds the Kinesis
    // response by sequence number, and throws FullBatchFailureError when every record failed, so
    // Lambda retries the batch (bisecting it, as the mapping says) instead of checkpointing nothing.
    try {
      return await processPartialResponse(
        event,
        async (record: KinesisStreamRecord) => {
          const error = retry.get(record.kinesis.sequenceNumber);
          if (error !== undefined) throw error;
        },
        processor,
        { context },
      );
    } finally {
      publishBatchMetrics(
        metrics,
        summariseBatch({ verdicts: analysis.verdicts, anomalies: analysis.anomalies, published, failedAlerts: failed.map((f) => f.alert), suppressed, failedRecords: new Set(retry.keys()) }),
      );
    }
  };
}

/** An anomaly alert SNS did not take; its records are retried so the alert is not lost. */
export class AlertNotSentError extends Error {
  override readonly name = "AlertNotSentError";

  constructor(
    readonly alert: Alert,
    override readonly cause: unknown,
  ) {
    super(`alert ${alert.key} was not published: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function logOutcome(logger: Logger, records: readonly KinesisStreamRecord[], verdicts: ReturnType<typeof analyseBatch>["verdicts"], failedAlerts: ReadonlyArray<{ alert: Alert; error: unknown }>, retry: ReadonlyMap<string, unknown>): void {
  let rejected = 0;
  let accepted = 0;
  for (let i = 0; i < verdicts.length; i++) {
    const verdict = verdicts[i]!;
    if (verdict.status === "accepted") accepted++;
    else if (verdict.status === "rejected") {
      if (rejected++ < MAX_REJECTS_LOGGED) {
        logger.warn("record rejected", { sequenceNumber: verdict.sequenceNumber, partitionKey: records[i]?.kinesis?.partitionKey, dataset: verdict.dataset, rule: verdict.rule, reason: verdict.message });
      }
    } else {
      logger.error("record processing failed: returned as a batch item failure", { sequenceNumber: verdict.sequenceNumber, dataset: verdict.dataset, error: verdict.error });
    }
  }
  for (const { alert, error } of failedAlerts) {
    logger.error("anomaly alert not published: its records are returned as batch item failures", { alert: alert.key, sequenceNumbers: alert.sequenceNumbers, error });
  }
  logger.info("batch processed", {
    records: records.length,
    accepted,
    rejected,
    rejectsNotLogged: Math.max(0, rejected - MAX_REJECTS_LOGGED),
    batchItemFailures: retry.size,
    eventSourceARN: records[0]?.eventSourceARN,
    firstSequenceNumber: records[0]?.kinesis?.sequenceNumber,
  });
}
