import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from "@aws-sdk/client-sns";
import type { Alert } from "./alert-dedupe";

/** SNS PublishBatch limits: 10 entries, 256 KiB for all messages and attributes of one request. */
export const MAX_BATCH_ENTRIES = 10;
export const MAX_BATCH_BYTES = 262_144;
/** Requests in flight at once: a burst of anomalies must not turn into a burst of throttles. */
const CONCURRENCY = 4;

export interface AlertFailure {
  readonly alert: Alert;
  /** The failed entry's code and message, or the error of the whole request. */
  readonly error: unknown;
}

export interface PublishOutcome {
  readonly published: readonly Alert[];
  readonly failed: readonly AlertFailure[];
}

/** The alert as subscribers read it (JSON), with attributes a subscription filter policy can match. */
export function alertEntry(alert: Alert, environment: string, id: string): PublishBatchRequestEntry {
  const { anomaly } = alert;
  const minute = new Date(Math.floor(anomaly.eventTimeMs / 60_000) * 60_000).toISOString();
  const message = {
    type: "market-anomaly",
    environment,
    kind: anomaly.kind,
    dataset: anomaly.dataset,
    symbol: anomaly.symbol,
    minute,
    eventTime: new Date(anomaly.eventTimeMs).toISOString(),
    occurrences: alert.occurrences,
    sequenceNumber: anomaly.sequenceNumber,
    detail: anomaly.detail,
  };
  const text = (value: string) => ({ DataType: "String", StringValue: value });
  return {
    Id: id,
    Subject: `[${environment}] ${anomaly.kind} ${anomaly.symbol} (${anomaly.dataset}) ${minute.slice(0, 16)}Z`.slice(0, 100),
    Message: JSON.stringify(message),
    MessageAttributes: { kind: text(anomaly.kind), dataset: text(anomaly.dataset), symbol: text(anomaly.symbol), environment: text(environment) },
  };
}

/** What an entry counts against the request's 256 KiB: message, subject and attributes. */
export function entryBytes(entry: PublishBatchRequestEntry): number {
  let bytes = Buffer.byteLength(entry.Message ?? "") + Buffer.byteLength(entry.Subject ?? "");
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? "") + Buffer.byteLength(value.StringValue ?? "");
  }
  return bytes;
}

/** Consecutive entries into requests of at most 10 entries and 256 KiB. */
export function chunkEntries<T extends PublishBatchRequestEntry>(entries: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (current.length > 0 && (current.length === MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Publishes the alerts with PublishBatch and says which went out and which did not: an entry SNS
 * reports failed, or every entry of a request that failed as a whole (throttled, network). Never
 * throws: the caller turns failures into batch item failures of the records behind them.
 */
export async function publishAlerts(sns: SNSClient, topicArn: string, environment: string, alerts: readonly Alert[]): Promise<PublishOutcome> {
  const byId = new Map(alerts.map((alert, i) => [`a${i}`, alert]));
  const chunks = chunkEntries([...byId].map(([id, alert]) => alertEntry(alert, environment, id)));
  const published: Alert[] = [];
  const failed: AlertFailure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const entries = chunks[next++]!;
      try {
        const response = await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }));
        const failedIds = new Map((response.Failed ?? []).map((f) => [f.Id!, f]));
        for (const entry of entries) {
          const failure = failedIds.get(entry.Id!);
          if (failure) failed.push({ alert: byId.get(entry.Id!)!, error: new Error(`SNS rejected the alert: ${failure.Code}${failure.Message ? `: ${failure.Message}` : ""}${failure.SenderFault ? " (sender fault)" : ""}`) });
          else published.push(byId.get(entry.Id!)!);
        }
      } catch (error) {
        for (const entry of entries) failed.push({ alert: byId.get(entry.Id!)!, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
  return { published, failed };
}
