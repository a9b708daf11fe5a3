import type { EventType } from "../envelope";

/** The event's detail as the ingest function (or a partner) puts it on the bus. */
export interface EventDetail {
  readonly version: string;
  readonly id: string;
  readonly tenant: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly receivedAt?: string;
}

/** What EventBridge hands the state machine (the rule's target input is the whole event). */
export interface BusEvent {
  /** EventBridge's id of this delivery (a replay or a redelivery may bring another). */
  readonly id: string;
  readonly "detail-type": string;
  readonly source: string;
  readonly time: string;
  readonly detail: EventDetail;
}

/** The event after Validate: normalised, with the fields the later steps key on. */
export interface ValidatedEvent {
  readonly tenant: string;
  readonly id: string;
  readonly type: EventType;
  readonly symbol: string;
  readonly time: string;
  readonly source: string;
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * SHA-256 (hex) of the content as Validate normalised it: the same id with other content is a
   * conflict. A hash, not the content: it rides in every later state and alert (256 KB limit).
   */
  readonly contentSha256: string;
}

/** Reference data and derived figures Enrich adds. */
export interface Enrichment {
  readonly venue: string | null;
  readonly currency: string;
  /** Trades: price x size. */
  readonly notional: number | null;
  /** Quotes and order books (best levels): (bid + ask) / 2. */
  readonly mid: number | null;
  /** (ask - bid) / mid x 10,000. */
  readonly spreadBps: number | null;
}

/** What Store returns: the detail of the "stored" event Publish puts on the bus. */
export interface StoredResult {
  readonly tenant: string;
  readonly id: string;
  readonly type: EventType;
  readonly symbol: string;
  readonly time: string;
  /** false when an earlier delivery had stored this same event: nothing was written. */
  readonly written: boolean;
}

/** The whole state each Lambda step receives ("Payload.$": "$"), as the saga definition builds it. */
export interface SagaState extends BusEvent {
  readonly validation?: { readonly result: ValidatedEvent };
  readonly enrichment?: { readonly result: Enrichment };
  readonly stored?: { readonly result: StoredResult };
  /** A Catch's error output: what failed. */
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
}

/** The step's own input, or a clear error when an earlier step's result is missing (a definition bug). */
export function resultOf<K extends "validation" | "enrichment" | "stored">(state: SagaState, key: K): NonNullable<SagaState[K]>["result"] {
  const value = state[key]?.result;
  if (value === undefined) throw new Error(`the saga state has no ${key}.result; the state machine must run ${key === "validation" ? "Validate" : key === "enrichment" ? "Enrich" : "Store"} first`);
  return value as NonNullable<SagaState[K]>["result"];
}
