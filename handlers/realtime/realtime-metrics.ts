import type { Metrics } from "@aws-lambda-powertools/metrics";
import { REALTIME_METRIC_CATALOG, type CustomMetric } from "../shared/metric-catalog";
import { addCatalogMetric } from "../shared/powertools";
import type { Anomaly } from "./anomalies/anomaly";
import type { Alert } from "./alert-dedupe";
import type { DatasetOrUnknown, RecordVerdict } from "./record-processor";

/** The real-time function's metrics, from the one catalog the dashboard and alarms read. */
const m = REALTIME_METRIC_CATALOG;

interface DatasetCounts {
  counts: Map<CustomMetric, number>;
  rejectsByRule: Map<string, number>;
  flagsByRule: Map<string, number>;
  anomaliesByKind: Map<string, number>;
}

/** What one invocation did, per dataset: the numbers the metrics publish. */
export type BatchSummary = Map<DatasetOrUnknown, DatasetCounts>;

export interface SummaryInput {
  readonly verdicts: readonly RecordVerdict[];
  readonly anomalies: readonly Anomaly[];
  readonly published: readonly Alert[];
  readonly failedAlerts: readonly Alert[];
  readonly suppressed: readonly Alert[];
  /** Sequence numbers returned as batch item failures. */
  readonly failedRecords: ReadonlySet<string>;
}

const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export function summariseBatch(input: SummaryInput): BatchSummary {
  const summary: BatchSummary = new Map();
  const of = (dataset: DatasetOrUnknown): DatasetCounts => {
    let counts = summary.get(dataset);
    if (!counts) summary.set(dataset, (counts = { counts: new Map(), rejectsByRule: new Map(), flagsByRule: new Map(), anomaliesByKind: new Map() }));
    return counts;
  };
  for (const verdict of input.verdicts) {
    const counts = of(verdict.dataset);
    bump(counts.counts, m.recordsIn);
    if (input.failedRecords.has(verdict.sequenceNumber)) bump(counts.counts, m.recordsFailed);
    if (verdict.status === "accepted") {
      bump(counts.counts, m.recordsAccepted);
      if (verdict.flags.length > 0) bump(counts.counts, m.recordsFlagged);
      for (const flag of verdict.flags) bump(counts.flagsByRule, flag);
    } else if (verdict.status === "rejected") {
      bump(counts.counts, m.recordsRejected);
      bump(counts.rejectsByRule, verdict.rule);
    }
  }
  for (const anomaly of input.anomalies) bump(of(anomaly.dataset).anomaliesByKind, anomaly.kind);
  for (const alert of input.published) bump(of(alert.anomaly.dataset).counts, m.alertsPublished);
  for (const alert of input.failedAlerts) bump(of(alert.anomaly.dataset).counts, m.alertsFailed);
  for (const alert of input.suppressed) bump(of(alert.anomaly.dataset).counts, m.alertsSuppressed);
  return summary;
}

/**
 * Writes the summary as EMF documents: one per dataset, one per (dataset, rule) and (dataset, kind).
 * `environment` is a default dimension of `metrics`; each document adds `dataset` (and `rule` or
 * `kind`), then publishStoredMetrics writes it and clears those dimensions for the next.
 */
export function publishBatchMetrics(metrics: Metrics, summary: BatchSummary): void {
  for (const [dataset, counts] of summary) {
    metrics.addDimension("dataset", dataset);
    for (const [metric, value] of counts.counts) addCatalogMetric(metrics, metric, value);
    // Zero is a value too: a graph of rejects per dataset must not skip batches that had none.
    if (!counts.counts.has(m.recordsRejected)) addCatalogMetric(metrics, m.recordsRejected, 0);
    metrics.publishStoredMetrics();
    const byDimension = (dimension: string, metric: CustomMetric, values: Map<string, number>) => {
      for (const [value, count] of values) {
        metrics.addDimension("dataset", dataset);
        metrics.addDimension(dimension, value);
        addCatalogMetric(metrics, metric, count);
        metrics.publishStoredMetrics();
      }
    };
    byDimension("rule", m.rejectsByRule, counts.rejectsByRule);
    byDimension("rule", m.flagsByRule, counts.flagsByRule);
    byDimension("kind", m.anomalies, counts.anomaliesByKind);
  }
}
