import { REALTIME_RULES } from "./rules";

export type DecodedEvent = { readonly ok: true; readonly event: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly rule: string; readonly message: string };

/** Kinesis hands Lambda the record's bytes as standard base64 (RFC 4648, padded). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * One streamed event out of a Kinesis record's `data`: base64 of UTF-8 JSON holding one object.
 * Buffer.from(…, "base64") skips characters it does not know and toString("utf8") replaces bad
 * bytes, so both are checked strictly here: a record is either read exactly or reported unreadable,
 * never silently altered.
 */
export function decodeKinesisData(data: unknown): DecodedEvent {
  if (typeof data !== "string") return undecodable(`data is ${data === undefined ? "missing" : typeof data}, not a base64 string`);
  if (!BASE64.test(data)) return undecodable("data is not base64");
  let text: string;
  try {
    text = UTF8.decode(Buffer.from(data, "base64"));
  } catch {
    return undecodable("data is not UTF-8 text");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return undecodable(`data is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return undecodable(`data must hold one JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
  }
  return { ok: true, event: value as Record<string, unknown> };
}

function undecodable(message: string): DecodedEvent {
  return { ok: false, rule: REALTIME_RULES.recordUndecodable, message };
}
