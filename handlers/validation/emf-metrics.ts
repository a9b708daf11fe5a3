import { EmfMetricSet, type EmfConfig } from "./emf-metric-set";
import type { LineageOutcome } from "./lineage-store";
import type { ObjectMetrics } from "./object-processor";

/**
 * Per-object EMF metrics: one document per object dimensioned by dataset, and one per reject rule
 * dimensioned by dataset and rule, written as soon as the object is done; duplicate deliveries
 * count on the invocation's set, which the handler flushes after each batch.
 */
export function emfObjectMetrics(invocationMetrics: EmfMetricSet, config: EmfConfig): ObjectMetrics {
  const emit = (dimensions: Record<string, string>, fill: (m: EmfMetricSet) => void) => {
    const metrics = new EmfMetricSet(config, dimensions);
    fill(metrics);
    metrics.flush();
  };
  return {
    record(outcome: LineageOutcome, durationMs: number): void {
      const dataset = outcome.dataset ?? "unknown";
      emit({ dataset }, (m) => {
        m.add(outcome.status === "VALIDATED" ? "ObjectsValidated" : "ObjectsFailed", "Count", 1);
        m.add("RecordsIn", "Count", outcome.recordsIn);
        m.add("RecordsAccepted", "Count", outcome.accepted);
        m.add("RecordsQuarantined", "Count", outcome.quarantined);
        m.add("RecordsFlagged", "Count", outcome.flagged);
        m.add("BytesRead", "Bytes", outcome.bytesRead);
        m.add("ObjectDuration", "Milliseconds", durationMs);
      });
      for (const [rule, count] of Object.entries(outcome.rejectedByRule)) {
        emit({ dataset, rule }, (m) => m.add("RejectsByRule", "Count", count));
      }
    },
    duplicate(): void {
      invocationMetrics.add("DuplicateDeliveries", "Count", 1);
    },
  };
}
