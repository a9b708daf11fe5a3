import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { LineageOutcome } from "./lineage-store";
import type { ObjectMetrics } from "./object-processor";

/** Per-object EMF metrics, dimensioned by dataset (rejects also by rule), flushed per object. */
export function emfObjectMetrics(metrics: Metrics): ObjectMetrics {
  return {
    record(outcome: LineageOutcome, durationMs: number): void {
      const dataset = outcome.dataset ?? "unknown";
      const perObject = metrics.singleMetric();
      perObject.addDimension("dataset", dataset);
      perObject.addMetric(outcome.status === "VALIDATED" ? "ObjectsValidated" : "ObjectsFailed", MetricUnit.Count, 1);
      perObject.addMetric("RecordsIn", MetricUnit.Count, outcome.recordsIn);
      perObject.addMetric("RecordsAccepted", MetricUnit.Count, outcome.accepted);
      perObject.addMetric("RecordsQuarantined", MetricUnit.Count, outcome.quarantined);
      perObject.addMetric("RecordsFlagged", MetricUnit.Count, outcome.flagged);
      perObject.addMetric("BytesRead", MetricUnit.Bytes, outcome.bytesRead);
      perObject.addMetric("ObjectDuration", MetricUnit.Milliseconds, durationMs);
      for (const [rule, count] of Object.entries(outcome.rejectedByRule)) {
        const byRule = metrics.singleMetric();
        byRule.addDimensions({ dataset, rule });
        byRule.addMetric("RejectsByRule", MetricUnit.Count, count);
      }
    },
    duplicate(): void {
      metrics.addMetric("DuplicateDeliveries", MetricUnit.Count, 1);
    },
  };
}
