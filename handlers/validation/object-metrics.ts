import type { Metrics } from "@aws-lambda-powertools/metrics";
import { VALIDATION_METRICS as M } from "../shared/metric-catalog";
import { addCatalogMetric as add } from "../shared/powertools";
import type { LineageOutcome } from "./lineage-store";
import { UNKNOWN_DATASET, type ObjectMetrics } from "./object-processor";

/**
 * Per-object metrics, named from the catalog (handlers/shared/metric-catalog.ts): one EMF document
 * per object by dataset, one per reject rule by dataset and rule, one per duplicate delivery by
 * dataset, each published at once. `service` and `environment` are the Metrics' default dimensions
 * (createObservability). Each document is built and published in one synchronous run, so the
 * objects of a batch, processed concurrently, never mix their dimensions.
 */
export function powertoolsObjectMetrics(metrics: Metrics): ObjectMetrics {
  return {
    record(outcome: LineageOutcome, durationMs: number): void {
      const dataset = outcome.dataset ?? UNKNOWN_DATASET;
      metrics.addDimension("dataset", dataset);
      add(metrics, outcome.status === "VALIDATED" ? M.objectsValidated : M.objectsFailed, 1);
      add(metrics, M.recordsIn, outcome.recordsIn);
      add(metrics, M.recordsAccepted, outcome.accepted);
      add(metrics, M.recordsQuarantined, outcome.quarantined);
      add(metrics, M.recordsFlagged, outcome.flagged);
      add(metrics, M.bytesRead, outcome.bytesRead);
      add(metrics, M.objectDuration, durationMs);
      metrics.publishStoredMetrics();
      for (const [rule, count] of Object.entries(outcome.rejectedByRule)) {
        metrics.addDimensions({ dataset, rule });
        add(metrics, M.rejectsByRule, count);
        metrics.publishStoredMetrics();
      }
    },
    duplicate(dataset: string): void {
      metrics.addDimension("dataset", dataset);
      add(metrics, M.duplicateDeliveries, 1);
      metrics.publishStoredMetrics();
    },
  };
}
