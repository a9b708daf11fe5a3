import { ParsedNumber, scanDecimal } from "./byte-number";
import { TimestampParts, scanTimestamp } from "./timestamp";
import { JSON_TEXT, PLAIN_INTEGER, RawFields } from "./raw-fields";

/**
 * Decoding of number and timestamp text into a RawFields slot, shared by the CSV fast path (which
 * scans to the next comma) and the record validator (which decodes a known byte range). Both return
 * where the value stopped, -1 when there is none, so the two paths cannot disagree on what is valid.
 */

const parsedNumber: ParsedNumber = { value: 0, jsonText: false, plainInteger: false };
const parsedTimestamp: TimestampParts = { seconds: 0, nanos: 0 };

export function scanNumberInto(raw: RawFields, slot: number, buf: Buffer, start: number, limit: number): number {
  const stop = scanDecimal(buf, start, limit, parsedNumber);
  if (stop >= 0) {
    const textBits = (parsedNumber.jsonText ? JSON_TEXT : 0) | (parsedNumber.plainInteger ? PLAIN_INTEGER : 0);
    raw.setNumberFromText(slot, parsedNumber.value, textBits, buf, start, stop);
  }
  return stop;
}

export function scanTimestampInto(raw: RawFields, slot: number, buf: Buffer, start: number, limit: number): number {
  const stop = scanTimestamp(buf, start, limit, parsedTimestamp);
  if (stop >= 0) raw.setTimestamp(slot, parsedTimestamp.seconds, parsedTimestamp.nanos, buf, start, stop);
  return stop;
}
