import { parseTimestampBytes, type TimestampParts } from "../validation/core/timestamp";

const ISO_START = /^\d{4}-\d{2}-\d{2}[Tt ]/;

/**
 * Epoch milliseconds of an ISO-8601 timestamp with a zone, parsed by the lake's timestamp parser
 * (same forms, same refusals: no zone, leap second, more than 9 fraction digits), or null.
 */
export function parseIsoInstant(text: string): number | null {
  if (text.length > 64 || !ISO_START.test(text)) return null;
  const parts: TimestampParts = { seconds: 0, nanos: 0 };
  const bytes = Buffer.from(text, "latin1");
  if (!parseTimestampBytes(bytes, 0, bytes.length, parts)) return null;
  return parts.seconds * 1000 + Math.floor(parts.nanos / 1e6);
}

/** Whether `text` is any timestamp form the lake accepts (ISO-8601 with zone or epoch digits). */
export function isLakeTimestamp(text: string): boolean {
  if (text.length === 0 || text.length > 64) return false;
  const parts: TimestampParts = { seconds: 0, nanos: 0 };
  const bytes = Buffer.from(text, "latin1");
  return parseTimestampBytes(bytes, 0, bytes.length, parts);
}
