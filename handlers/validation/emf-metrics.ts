import { MetricUnit, Metrics } from "@aws-lambda-powertools/metrics";
import type { LineageOutcome } from "./lineage-store";
import type { ObjectMetrics } from "./object-processor";

export interface EmfOptions {
  /** @default POWERTOOLS_METRICS_NAMESPACE */
  readonly namespace?: string;
  /** @default POWERTOOLS_SERVICE_NAME */
  readonly serviceName?: string;
}

/**
 * Per-object EMF metrics: one document per object dimensioned by dataset, and one per reject rule
 * dimensioned by dataset and rule. Each document is built on its own Metrics instance because a
 * Powertools "single metric" clears its dimensions after the first metric it flushes.
 */
export function emfObjectMetrics(invocationMetrics: Metrics, options: EmfOptions = {}): ObjectMetrics {
  const emit = (dimensions: Record<string, string>, fill: (m: Metrics) => void) => {
    const metrics = new Metrics({ ...options, defaultDimensions: dimensions });
    fill(metrics);
    metrics.publishStoredMetrics();
  };
  return {
    record(outcome: LineageOutcome, durationMs: number): void {
      const dataset = outcome.dataset ?? "unknown";
      emit({ dataset }, (m) => {
        m.addMetric(outcome.status === "VALIDATED" ? "ObjectsValidated" : "ObjectsFailed", MetricUnit.Count, 1);
        m.addMetric("RecordsIn", MetricUnit.Count, outcome.recordsIn);
        m.addMetric("RecordsAccepted", MetricUnit.Count, outcome.accepted);
        m.addMetric("RecordsQuarantined", MetricUnit.Count, outcome.quarantined);
        m.addMetric("RecordsFlagged", MetricUnit.Count, outcome.flagged);
        m.addMetric("BytesRead", MetricUnit.Bytes, outcome.bytesRead);
        m.addMetric("ObjectDuration", MetricUnit.Milliseconds, durationMs);
      });
      for (const [rule, count] of Object.entries(outcome.rejectedByRule)) {
        emit({ dataset, rule }, (m) => m.addMetric("RejectsByRule", MetricUnit.Count, count));
      }
    },
    duplicate(): void {
      invocationMetrics.addMetric("DuplicateDeliveries", MetricUnit.Count, 1);
    },
  };
}
