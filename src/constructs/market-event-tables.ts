import { EVENTS_TABLE_KEYS, IDEMPOTENCY_TABLE_KEYS, INSTRUMENTS_TABLE_KEYS } from "../../handlers/market-events/saga/event-store-schema";
import type { TableDefinition } from "./event-store-table";

/**
 * The market events tables' keys, indexes and TTL, taken from the schema the handlers share
 * (handlers/market-events/saga/event-store-schema.ts) so the Terraform cannot drift from the code.
 * A stack spreads one into EventStoreTable with the table's name, region, key and alarm topics.
 */

/** The events single table: an EVENT and a SAGA item per event, two indexes over EVENT items. */
export const EVENTS_TABLE: TableDefinition = {
  partitionKey: EVENTS_TABLE_KEYS.partitionKey,
  sortKey: EVENTS_TABLE_KEYS.sortKey,
  indexes: [EVENTS_TABLE_KEYS.bySymbolTime, EVENTS_TABLE_KEYS.byTypeDay],
};

/** Instruments reference data Enrich reads, one item per symbol. */
export const INSTRUMENTS_TABLE: TableDefinition = { partitionKey: INSTRUMENTS_TABLE_KEYS.partitionKey };

/** The ingest function's Powertools idempotency records, deleted by TTL once their window ends. */
export const IDEMPOTENCY_TABLE: TableDefinition = {
  partitionKey: IDEMPOTENCY_TABLE_KEYS.partitionKey,
  ttlAttribute: IDEMPOTENCY_TABLE_KEYS.expiryAttribute,
};
