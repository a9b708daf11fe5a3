import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import { MARKET_EVENTS_INGEST_METRICS as M } from "../shared/metric-catalog";
import type { EventType } from "./envelope";
import type { EventResult } from "./response";

type TypeOrUnknown = EventType | "unknown";

interface TypeCounts {
  received: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  retry: number;
  publishRetries: number;
  byRule: Map<string, number>;
}

const empty = (): TypeCounts => ({ received: 0, accepted: 0, duplicate: 0, rejected: 0, retry: 0, publishRetries: 0, byRule: new Map() });

/**
 * Writes one request's numbers as EMF (names and dimension sets from the metric catalog): per type
 * EventsReceived/Accepted/Duplicate/Rejected/Retry and PublishRetries, per (type, rule) RejectsByRule.
 * Zeros are written too, so a graph of rejects per type does not skip requests that had none.
 */
export function publishEventMetrics(metrics: Metrics, results: readonly EventResult[], types: readonly TypeOrUnknown[], retriesByType: ReadonlyMap<TypeOrUnknown, number>): void {
  const counts = new Map<TypeOrUnknown, TypeCounts>();
  results.forEach((result, i) => {
    const type = types[i]!;
    let c = counts.get(type);
    if (!c) counts.set(type, (c = empty()));
    c.received++;
    c[result.status]++;
    if (result.status === "rejected") c.byRule.set(result.rule, (c.byRule.get(result.rule) ?? 0) + 1);
  });
  for (const [type, retries] of retriesByType) {
    const c = counts.get(type);
    if (c) c.publishRetries += retries;
  }
  for (const [type, c] of counts) {
    metrics.addDimension("type", type);
    metrics.addMetric(M.eventsReceived.name, MetricUnit.Count, c.received);
    metrics.addMetric(M.eventsAccepted.name, MetricUnit.Count, c.accepted);
    metrics.addMetric(M.eventsDuplicate.name, MetricUnit.Count, c.duplicate);
    metrics.addMetric(M.eventsRejected.name, MetricUnit.Count, c.rejected);
    metrics.addMetric(M.eventsRetry.name, MetricUnit.Count, c.retry);
    metrics.addMetric(M.publishRetries.name, MetricUnit.Count, c.publishRetries);
    metrics.publishStoredMetrics();
    for (const [rule, n] of c.byRule) {
      metrics.addDimension("type", type);
      metrics.addDimension("rule", rule);
      metrics.addMetric(M.rejectsByRule.name, MetricUnit.Count, n);
      metrics.publishStoredMetrics();
    }
  }
}

export function publishRequestRejected(metrics: Metrics, code: string): void {
  metrics.addDimension("code", code);
  metrics.addMetric(M.requestsRejected.name, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
