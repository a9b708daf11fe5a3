/**
 * Every custom metric the lake's functions write, by function: the one list the handlers name their
 * metrics from and the dashboard and alarms read, so a graph can only name a metric some code
 * emits, with the dimension set it emits it under. Handler tests capture the EMF documents a real
 * invocation prints and check each against this catalog (name, unit and exact dimension set).
 *
 * CloudWatch identifies a metric by namespace, name and the full set of its dimensions: a graph
 * that leaves one out, or adds one, shows nothing. `service` (POWERTOOLS_SERVICE_NAME) and
 * `environment` are on every document, so environments never mix in one graph.
 */
export const LAKE_METRICS_NAMESPACE = "MarketDataLake";

export type CustomMetricUnit = "Count" | "Bytes" | "Milliseconds";

export interface CustomMetric {
  readonly name: string;
  readonly unit: CustomMetricUnit;
  /** The exact dimension set of every data point (order does not matter to CloudWatch). */
  readonly dimensions: readonly string[];
}

const BY_DATASET = ["service", "environment", "dataset"] as const;
const BY_RULE = [...BY_DATASET, "rule"] as const;
const BY_KIND = [...BY_DATASET, "kind"] as const;

const metric = (name: string, unit: CustomMetricUnit, dimensions: readonly string[] = BY_DATASET): CustomMetric => ({ name, unit, dimensions });

/** The validation function: one document per object (by dataset), one per reject rule. */
export const VALIDATION_METRICS = {
  objectsValidated: metric("ObjectsValidated", "Count"),
  objectsFailed: metric("ObjectsFailed", "Count"),
  recordsIn: metric("RecordsIn", "Count"),
  recordsAccepted: metric("RecordsAccepted", "Count"),
  recordsQuarantined: metric("RecordsQuarantined", "Count"),
  recordsFlagged: metric("RecordsFlagged", "Count"),
  bytesRead: metric("BytesRead", "Bytes"),
  objectDuration: metric("ObjectDuration", "Milliseconds"),
  /** A delivery of an object version already validated: no work done. */
  duplicateDeliveries: metric("DuplicateDeliveries", "Count"),
  rejectsByRule: metric("RejectsByRule", "Count", BY_RULE),
} as const;

/** The real-time function: one document per dataset per invocation, plus one per rule and kind. */
export const REALTIME_METRIC_CATALOG = {
  recordsIn: metric("RecordsIn", "Count"),
  recordsAccepted: metric("RecordsAccepted", "Count"),
  recordsRejected: metric("RecordsRejected", "Count"),
  recordsFlagged: metric("RecordsFlagged", "Count"),
  /** Records returned as batch item failures (our processing or their alerts failed): retried. */
  recordsFailed: metric("RecordsFailed", "Count"),
  /** Rule ids of the file validator and REALTIME_RULES. */
  rejectsByRule: metric("RejectsByRule", "Count", BY_RULE),
  /** Flags raised on accepted records (timestamp.order, price.jump). */
  flagsByRule: metric("FlagsByRule", "Count", BY_RULE),
  /** Kinds: price-jump, crossed-quote, locked-quote, gap. */
  anomalies: metric("AnomaliesDetected", "Count", BY_KIND),
  alertsPublished: metric("AlertsPublished", "Count"),
  alertsFailed: metric("AlertsFailed", "Count"),
  /** Alerts not sent because the same key went out earlier from this container. */
  alertsSuppressed: metric("AlertsSuppressed", "Count"),
} as const;

const BY_TYPE = ["service", "environment", "type"] as const;

/**
 * The market events ingest function (handlers/market-events): one document per event type per
 * request (type: trade, quote, orderbook, unknown), one per (type, rule) of the rejects, and one per
 * request refused as a whole (by its error code).
 */
export const MARKET_EVENTS_INGEST_METRICS = {
  eventsReceived: metric("EventsReceived", "Count", BY_TYPE),
  eventsAccepted: metric("EventsAccepted", "Count", BY_TYPE),
  eventsDuplicate: metric("EventsDuplicate", "Count", BY_TYPE),
  eventsRejected: metric("EventsRejected", "Count", BY_TYPE),
  /** Answered "retry": not published after every attempt, in progress elsewhere, or the store failed. */
  eventsRetry: metric("EventsRetry", "Count", BY_TYPE),
  /** Entries sent to PutEvents again after a failed attempt. */
  publishRetries: metric("PublishRetries", "Count", BY_TYPE),
  /** Rule ids of the file validator and EVENT_RULES (handlers/market-events/event-rules.ts). */
  rejectsByRule: metric("RejectsByRule", "Count", [...BY_TYPE, "rule"]),
  /** Requests answered 4xx as a whole, by error code (not-json, too-many-events, ...). */
  requestsRejected: metric("RequestsRejected", "Count", ["service", "environment", "code"]),
} as const;

/** The catalog of each function, by the `service` dimension it writes (its POWERTOOLS_SERVICE_NAME role). */
export const FUNCTION_METRICS = {
  validation: VALIDATION_METRICS,
  realtime: REALTIME_METRIC_CATALOG,
  "market-events-ingest": MARKET_EVENTS_INGEST_METRICS,
} as const satisfies Record<string, Record<string, CustomMetric>>;

export type LakeFunctionRole = keyof typeof FUNCTION_METRICS;
