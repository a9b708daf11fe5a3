/**
 * Stable rule ids. They appear in quarantine records, summaries, metrics and alarms, so an id is
 * never renamed or reused; add a new one instead.
 */
export const RULES = {
  /** CSV line has a different number of columns than the header. */
  csvColumnCount: "csv.column-count",
  /** CSV quoting error: unterminated quote, text after a closing quote, quote inside an unquoted field. */
  csvQuoting: "csv.quoting",
  /** JSON line is not valid JSON. */
  jsonSyntax: "json.syntax",
  /** JSON line is valid JSON but not an object. */
  jsonNotObject: "json.not-object",
  /** A required field is absent or empty. */
  fieldMissing: "field.missing",
  /** A field holds a value of the wrong type (text where a number is expected, an object, ...). */
  fieldType: "field.type",
  /** Trade id longer than 64 bytes or containing control characters. */
  tradeIdFormat: "trade_id.format",
  /** The trade id was already accepted earlier in the file (within the duplicate window). */
  tradeIdDuplicate: "trade_id.duplicate",
  /** Symbol does not match the symbol format. */
  symbolFormat: "symbol.format",
  /** Timestamp is neither ISO-8601 with a zone nor an epoch number. */
  timestampFormat: "timestamp.format",
  /** Timestamp is outside the object's date partition: its trading day in the dataset's partition time zone (UTC by default). */
  timestampPartition: "timestamp.partition",
  /** Timestamp is earlier than the previous accepted one of the same symbol (flag or reject by policy). */
  timestampOrder: "timestamp.order",
  /** A price is not a finite number > 0. */
  priceRange: "price.range",
  /** A size, volume or count is not an integer >= 0 (or above 2^53 - 1). */
  sizeRange: "size.range",
  /** Quote with bid above ask. */
  quoteCrossed: "quote.crossed",
  /** Quote whose spread, as a ratio of the mid price, exceeds the configured bound. */
  quoteSpread: "quote.spread",
  /** Bar whose low/high do not bracket open and close. */
  barRange: "bar.range",
  /** Price moved more than the configured ratio from the symbol's previous price (flag only). */
  priceJump: "price.jump",
} as const;

export type RuleId = (typeof RULES)[keyof typeof RULES];

export const ALL_RULE_IDS: readonly RuleId[] = Object.values(RULES);

/** Counts per rule id; only rules that fired appear. */
export type RuleCounts = Partial<Record<RuleId, number>>;

export function countRule(counts: RuleCounts, rule: RuleId): void {
  counts[rule] = (counts[rule] ?? 0) + 1;
}
