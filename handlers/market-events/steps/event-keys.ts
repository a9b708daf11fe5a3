import { EVENTS_TABLE_KEYS } from "../saga/event-store-schema";
import type { ValidatedEvent } from "./saga-state";

export const EVENT_ITEM = "EVENT";
export const SAGA_ITEM = "SAGA";

/** The partition of one event's items: `EVENT#<tenant>#<id>` (ids are unique per tenant only). */
export const eventPartition = (tenant: string, id: string) => `EVENT#${tenant}#${id}`;

/**
 * The EVENT item's keys: its partition and both index keys. Index sort keys are the UTC instant
 * (ISO, millisecond, so they sort as text) then tenant and id, so events at the same instant stay apart.
 */
export function eventItemKeys(event: Pick<ValidatedEvent, "tenant" | "id" | "type" | "symbol" | "time">): Record<string, string> {
  const instant = new Date(event.time).toISOString();
  const order = `${instant}#${event.tenant}#${event.id}`;
  const k = EVENTS_TABLE_KEYS;
  return {
    [k.partitionKey]: eventPartition(event.tenant, event.id),
    [k.sortKey]: EVENT_ITEM,
    [k.bySymbolTime.partitionKey]: `SYMBOL#${event.symbol}`,
    [k.bySymbolTime.sortKey]: order,
    [k.byTypeDay.partitionKey]: `TYPE#${event.type}#${instant.slice(0, 10)}`,
    [k.byTypeDay.sortKey]: order,
  };
}

export const itemKey = (tenant: string, id: string, item: typeof EVENT_ITEM | typeof SAGA_ITEM) => ({ [EVENTS_TABLE_KEYS.partitionKey]: eventPartition(tenant, id), [EVENTS_TABLE_KEYS.sortKey]: item });
