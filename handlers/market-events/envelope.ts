import { EVENT_RULES, type EventProblem } from "./event-rules";
import { parseIsoInstant } from "./instant";

/**
 * The event envelope, version "1" (README.md in this folder):
 * `{ "version": "1", "id", "type": "trade" | "quote" | "orderbook", "source", "time", "data": {...} }`.
 */
export const ENVELOPE_VERSION = "1";
export const EVENT_TYPES = ["trade", "quote", "orderbook"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Producer ids: no spaces or control characters, so they can sit in keys and logs as they are. */
const ID_PATTERN = /^[A-Za-z0-9._:\-]{1,128}$/;

export interface Envelope {
  readonly id: string;
  readonly type: EventType;
  readonly source: string;
  readonly time: string;
  readonly timeMs: number;
  readonly data: Readonly<Record<string, unknown>>;
}

export type EnvelopeOutcome = { readonly ok: true; readonly envelope: Envelope } | { readonly ok: false; readonly id?: string; readonly problem: EventProblem };

const refuse = (field: string, rule: string, reason: string, id?: string): EnvelopeOutcome => (id === undefined ? { ok: false, problem: { field, rule, reason } } : { ok: false, id, problem: { field, rule, reason } });

/** Checks the envelope fields in order (id first, so every later refusal can name the event). Pure. */
export function readEnvelope(value: unknown): EnvelopeOutcome {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return refuse("", EVENT_RULES.notObject, `an event must be a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
  }
  const event = value as Record<string, unknown>;
  const id = event.id;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    return refuse("id", EVENT_RULES.id, id === undefined ? "id is missing" : `id must be a string of 1 to 128 characters from A-Z a-z 0-9 . _ : -, got ${JSON.stringify(id)?.slice(0, 140)}`);
  }
  if (event.version !== ENVELOPE_VERSION) {
    return refuse("version", EVENT_RULES.version, event.version === undefined ? `version is missing; this API reads version "${ENVELOPE_VERSION}"` : `version ${JSON.stringify(event.version)} is not supported; this API reads version "${ENVELOPE_VERSION}"`, id);
  }
  const type = event.type;
  if (typeof type !== "string" || !(EVENT_TYPES as readonly string[]).includes(type)) {
    return refuse("type", EVENT_RULES.type, `${type === undefined ? "type is missing" : `type ${JSON.stringify(type)} is unknown`}, allowed values are ${EVENT_TYPES.join(", ")}`, id);
  }
  const source = event.source;
  if (typeof source !== "string" || source.length === 0 || source.length > 256) {
    return refuse("source", EVENT_RULES.source, source === undefined ? "source is missing" : "source must be a string of 1 to 256 characters", id);
  }
  const time = event.time;
  const timeMs = typeof time === "string" ? parseIsoInstant(time) : null;
  if (timeMs === null) {
    return refuse("time", EVENT_RULES.time, time === undefined ? "time is missing" : `time ${JSON.stringify(time)?.slice(0, 80)} is not ISO-8601 with a zone (e.g. 2026-11-20T14:30:00.123Z)`, id);
  }
  const data = event.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return refuse("data", EVENT_RULES.data, data === undefined ? "data is missing" : "data must be a JSON object", id);
  }
  return { ok: true, envelope: { id, type: type as EventType, source, time: time as string, timeMs, data: data as Record<string, unknown> } };
}
