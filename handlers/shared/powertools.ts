import { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, Metrics } from "@aws-lambda-powertools/metrics";
import type { CustomMetric } from "./metric-catalog";

export interface ObservabilityOptions {
  /** POWERTOOLS_SERVICE_NAME: the `service` of every log line and metric. */
  readonly serviceName: string;
  /** POWERTOOLS_METRICS_NAMESPACE */
  readonly namespace: string;
  /** dev, staging, prod: on every log line and a default dimension of every metric. */
  readonly environment: string;
}

/**
 * The Powertools setup every handler shares: a JSON Logger and an EMF Metrics writer whose output
 * carries the environment, so environments never mix in one log query or graph. Each handler adds
 * its own dimensions (dataset, rule) per document and publishes with publishStoredMetrics.
 */
export function createObservability({ serviceName, namespace, environment }: ObservabilityOptions): { logger: Logger; metrics: Metrics } {
  return {
    logger: new Logger({ serviceName, persistentKeys: { environment } }),
    metrics: new Metrics({ namespace, serviceName, defaultDimensions: { environment } }),
  };
}

/** Adds a value of a catalog metric (handlers/shared/metric-catalog.ts) under its name and unit. */
export function addCatalogMetric(metrics: Metrics, metric: CustomMetric, value: number): void {
  metrics.addMetric(metric.name, MetricUnit[metric.unit], value);
}
