import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { MAX_PUT_BYTES, entrySize } from "./bus-entry";
import { readEnvelope, type EventType } from "./envelope";
import { EVENT_RULES, type EventProblem } from "./event-rules";
import { validateOrderBook } from "./order-book";
import { RecordRules, type RecordRulesSettings } from "./record-payload";

export interface ValidationSettings extends RecordRulesSettings {
  readonly maxOrderBookDepth: number;
  readonly eventSource: string;
  readonly eventBusName: string;
}

/** An event that passed every rule: its bus entry and what identifies its content. */
export interface ValidEvent {
  readonly valid: true;
  readonly index: number;
  readonly id: string;
  readonly type: EventType;
  /** The bus entry; `size` as EventBridge counts it. */
  readonly entry: PutEventsRequestEntry;
  readonly size: number;
  /** The event's content (detail without receivedAt): the same id with other content is a conflict. */
  readonly fingerprint: string;
  readonly flags: readonly string[];
}

export interface RejectedEvent {
  readonly valid: false;
  readonly index: number;
  readonly id?: string;
  /** "unknown" when the envelope names no known type. */
  readonly type: EventType | "unknown";
  readonly problem: EventProblem;
}

/**
 * An event whose id (valid envelope) already appeared earlier in the request. It is not validated
 * again (its trade id would count as its own duplicate): it gets the first one's answer when it has
 * the same content (`same`, canonical JSON compared), id.conflict otherwise.
 */
export interface RepeatedEvent {
  readonly valid: "repeat";
  readonly index: number;
  readonly id: string;
  readonly type: EventType;
  readonly firstIndex: number;
  readonly same: boolean;
}

export type CheckedEvent = ValidEvent | RejectedEvent | RepeatedEvent;

const DATASET_OF = { trade: "trades", quote: "quotes" } as const;

/**
 * Validates the events of one request (pure but for the clock passed in): envelope, then payload
 * (trades and quotes with the lake's rules, order books with theirs), then builds the bus entry.
 *
 * The entry's Detail is `{version, id, tenant, source, type, time, data, receivedAt}` with `data`
 * normalised (trades and quotes as the lake writes them; order books with the symbol uppercased).
 * Source is the configured one (rules trust it; the producer's own source is in the detail, so no
 * producer can pose as another system on the bus); DetailType is the event type.
 */
export function checkEvents(events: readonly unknown[], settings: ValidationSettings, tenant: string, receivedAt: string): CheckedEvent[] {
  const records = new RecordRules(settings);
  const out: CheckedEvent[] = new Array(events.length);
  const firstById = new Map<string, number>();
  for (let index = 0; index < events.length; index++) {
    const read = readEnvelope(events[index]);
    if (!read.ok) {
      out[index] = { valid: false, index, ...(read.id === undefined ? {} : { id: read.id }), type: typeOf(events[index]), problem: read.problem };
      continue;
    }
    const { id, type, source, time, timeMs, data } = read.envelope;
    const firstIndex = firstById.get(id);
    if (firstIndex !== undefined) {
      out[index] = { valid: "repeat", index, id, type, firstIndex, same: canonicalJson(events[index]) === canonicalJson(events[firstIndex]) };
      continue;
    }
    firstById.set(id, index);
    let json: string;
    let flags: readonly string[] = [];
    if (type === "orderbook") {
      const book = validateOrderBook(data, settings.maxOrderBookDepth);
      if (!book.ok) {
        out[index] = { valid: false, index, id, type, problem: book.problem };
        continue;
      }
      json = JSON.stringify(book.book);
    } else {
      const record = records.check(DATASET_OF[type], timeMs, data);
      if (!record.ok) {
        out[index] = { valid: false, index, id, type, problem: record.problem };
        continue;
      }
      json = record.json;
      flags = record.flags;
    }
    const fingerprint = `{"version":"1","id":${JSON.stringify(id)},"tenant":${JSON.stringify(tenant)},"source":${JSON.stringify(source)},"type":"${type}","time":${JSON.stringify(time)},"data":${json}`;
    const entry: PutEventsRequestEntry = {
      EventBusName: settings.eventBusName,
      Source: settings.eventSource,
      DetailType: type,
      Time: new Date(timeMs),
      Detail: `${fingerprint},"receivedAt":"${receivedAt}"}`,
    };
    const size = entrySize(entry);
    if (size >= MAX_PUT_BYTES) {
      out[index] = { valid: false, index, id, type, problem: { field: "data", rule: EVENT_RULES.tooLarge, reason: `the event is ${size} bytes as a bus entry, EventBridge takes less than ${MAX_PUT_BYTES}` } };
      continue;
    }
    out[index] = { valid: true, index, id, type, entry, size, fingerprint, flags };
  }
  return out;
}

function typeOf(event: unknown): EventType | "unknown" {
  const type = (event as { type?: unknown } | null)?.type;
  return type === "trade" || type === "quote" || type === "orderbook" ? type : "unknown";
}

/** JSON with object keys sorted, so two copies of an event compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
