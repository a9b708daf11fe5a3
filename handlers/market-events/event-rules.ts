/**
 * Rule ids only the ingest function raises (envelope, order book, identity). Trades and quotes are
 * rejected with the file validator's ids (handlers/validation/core/rules.ts), so one rule means one
 * thing in the lake and here. Never renamed or reused.
 */
export const EVENT_RULES = {
  /** The event is not a JSON object. */
  notObject: "envelope.not-object",
  /** `version` is missing or not a version this function reads ("1"). */
  version: "envelope.version",
  /** `id` is missing, not a string, empty, longer than 128 or outside [A-Za-z0-9._:-]. */
  id: "envelope.id",
  /** `type` is missing or not trade, quote, orderbook. */
  type: "envelope.type",
  /** `source` is missing, not a string, or longer than 256. */
  source: "envelope.source",
  /** `time` is missing or not ISO-8601 with a zone. */
  time: "envelope.time",
  /** `data` is missing or not an object. */
  data: "envelope.data",
  /** The event as a bus entry would exceed EventBridge's 256 KB entry limit. */
  tooLarge: "envelope.too-large",
  /** The id was already used, within the window, for an event with a different content. */
  idConflict: "id.conflict",
  /** Order book: a side is not an array of {price, size} levels. */
  bookLevels: "orderbook.levels",
  /** Order book: no level on either side. */
  bookEmpty: "orderbook.empty",
  /** Order book: more levels on one side than the configured depth. */
  bookDepth: "orderbook.depth",
  /** Order book: a level's size is not a finite number > 0. */
  bookSize: "orderbook.size",
  /** Order book: bids not strictly descending, or asks not strictly ascending, by price. */
  bookOrder: "orderbook.order",
  /** Order book: best bid >= best ask. */
  bookCrossed: "orderbook.crossed",
} as const;

export type EventRuleId = (typeof EVENT_RULES)[keyof typeof EVENT_RULES];

/** A reason an event is refused: the field (a path such as `data.bids[2].price`), the rule, the text. */
export interface EventProblem {
  readonly field: string;
  readonly rule: string;
  readonly reason: string;
}
