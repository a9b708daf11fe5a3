/**
 * Rule ids only the real-time function raises, for what a streamed record carries beyond a file row
 * (its dataset and trading date) and for bytes that are no event at all. Every other rejection uses
 * the file validator's ids (handlers/validation/core/rules.ts), so one rule means one thing in
 * quarantine records, metrics and alarms whichever path the record took. Never renamed or reused.
 */
export const REALTIME_RULES = {
  /**
   * The record's data is not base64 of a UTF-8 JSON object. Such a record has no dataset and no
   * trading date: Firehose cannot partition it either (its JQ query fails, so it goes to the error
   * output prefix), and no retry will ever make the same bytes readable.
   */
  recordUndecodable: "record.undecodable",
  /** `dataset` is missing or not one of the datasets (trades, quotes, bars). */
  datasetUnknown: "dataset.unknown",
  /** `trading_date` is missing or not a calendar date YYYY-MM-DD. */
  tradingDateFormat: "trading_date.format",
} as const;

export type RealtimeRuleId = (typeof REALTIME_RULES)[keyof typeof REALTIME_RULES];
