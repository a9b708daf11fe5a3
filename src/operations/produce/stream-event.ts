import type { Dataset } from "../../../handlers/validation/core/datasets";
import { parseTimestampBytes, type TimestampParts } from "../../../handlers/validation/core/timestamp";
import { tradingDateOf } from "../../../handlers/validation/core/trading-date";
import { MAX_PARTITION_KEY_LENGTH, MAX_RECORD_BYTES, recordBytes } from "./limits";

/** One record as it goes on the stream. */
export interface StreamEvent {
  /** The partition key: the record's symbol, so all of a symbol's records land on one shard in order. */
  readonly partitionKey: string;
  /** UTF-8 JSON: the record's fields, then `dataset` and `trading_date`. */
  readonly data: Uint8Array;
  /** data + partition key bytes, what Kinesis counts against its limits. */
  readonly bytes: number;
}

/** The key of records without a usable symbol (the real-time function rejects them; they still go on the stream). */
export const NO_SYMBOL_KEY = "-";

/**
 * The symbol as the validator normalises it (trimmed, upper case), so "aapl" and "AAPL" share a
 * shard; at most 256 characters (the partition key limit).
 */
export function partitionKeyOf(record: Readonly<Record<string, unknown>>): string {
  const symbol = record.symbol;
  const text = typeof symbol === "string" ? symbol.trim().toUpperCase() : typeof symbol === "number" ? String(symbol) : "";
  return text ? [...text].slice(0, MAX_PARTITION_KEY_LENGTH).join("") : NO_SYMBOL_KEY;
}

const parts: TimestampParts = { seconds: 0, nanos: 0 };

/**
 * Epoch milliseconds of a record's `ts`, parsed by the validator's own timestamp parser (ISO-8601
 * with a zone, or epoch s/ms/us/ns by magnitude); undefined when it is not a timestamp.
 */
export function epochMsOf(ts: unknown): number | undefined {
  if (typeof ts !== "string" && typeof ts !== "number") return undefined;
  const bytes = Buffer.from(typeof ts === "number" ? String(ts) : ts.trim(), "utf8");
  if (!bytes.length || !parseTimestampBytes(bytes, 0, bytes.length, parts)) return undefined;
  return parts.seconds * 1000 + Math.floor(parts.nanos / 1e6);
}

/**
 * The record's trading date: the civil date of its timestamp in the dataset's partition time zone
 * (America/New_York for US equities: a trade at 20:00 New York time in winter is already the next
 * UTC day, and belongs to the New York day). Undefined when the timestamp cannot be read.
 */
export function tradingDateOfRecord(record: Readonly<Record<string, unknown>>, timeZone: string): string | undefined {
  const ms = epochMsOf(record.ts);
  return ms === undefined ? undefined : tradingDateOf(ms, timeZone);
}

export type EventResult = { readonly event: StreamEvent } | { readonly tooLarge: number };

/**
 * The JSON event for one record: its fields as read (CSV values stay text, as the validator reads
 * them; nothing is coerced) plus `dataset` and `trading_date`, the two fields Firehose partitions
 * by. A record whose timestamp cannot be read gets no `trading_date` (Firehose then writes it under
 * its error prefix; the real-time function rejects it by the timestamp rule), but it is sent: what
 * is valid is decided downstream by the shared rules, not here. Larger than 1 MiB with its key: tooLarge.
 */
export function toStreamEvent(record: Readonly<Record<string, unknown>>, dataset: Dataset, timeZone: string): EventResult {
  const tradingDate = tradingDateOfRecord(record, timeZone);
  const body: Record<string, unknown> = { ...record, dataset };
  if (tradingDate !== undefined) body.trading_date = tradingDate;
  else delete body.trading_date;
  const partitionKey = partitionKeyOf(record);
  const data = Buffer.from(JSON.stringify(body), "utf8");
  const bytes = recordBytes(partitionKey, data);
  return bytes > MAX_RECORD_BYTES ? { tooLarge: bytes } : { event: { partitionKey, data, bytes } };
}
