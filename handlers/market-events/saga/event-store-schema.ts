/**
 * The market events store: one DynamoDB table (single-table design) the saga writes and the table
 * construct declares, and the instruments reference table Enrich reads. Shared so the key names
 * cannot drift between the handlers and the Terraform.
 *
 * Items of one event (partition `EVENT#<tenant>#<id>`):
 *   sk "EVENT" - the stored event, enriched (written once: a condition on the key)
 *   sk "SAGA"  - the saga's status: STORED, or COMPENSATED with the cause
 * Index keys live on the EVENT item only, so each index lists events, not saga records.
 */
export const EVENTS_TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  /** "events of a symbol by time": `SYMBOL#<symbol>` / `<time>#<tenant>#<id>`. */
  bySymbolTime: { indexName: "symbol-by-time", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  /** "events of a type by day": `TYPE#<type>#<YYYY-MM-DD, UTC>` / `<time>#<tenant>#<id>`. */
  byTypeDay: { indexName: "type-by-day", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
} as const;

/** Instruments reference data, one item per symbol (`symbol` = the lake's uppercased symbol). */
export const INSTRUMENTS_TABLE_KEYS = { partitionKey: "symbol" } as const;

/** The Powertools idempotency table of the ingest function (its persistence layer's defaults). */
export const IDEMPOTENCY_TABLE_KEYS = { partitionKey: "id", expiryAttribute: "expiration" } as const;
