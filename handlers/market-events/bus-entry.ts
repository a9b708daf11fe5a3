import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";

/** EventBridge PutEvents: at most 10 entries, and the entries' total size under 256 KB. */
export const MAX_ENTRIES_PER_PUT = 10;
export const MAX_PUT_BYTES = 256 * 1024;

/**
 * An entry's size as EventBridge counts it (docs: "Calculating PutEvents event entry size"): 14 bytes
 * for Time when set, plus the UTF-8 bytes of Source, DetailType, Detail and each Resource.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  size += Buffer.byteLength(entry.Source ?? "", "utf8") + Buffer.byteLength(entry.DetailType ?? "", "utf8");
  if (entry.Detail) size += Buffer.byteLength(entry.Detail, "utf8");
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource, "utf8");
  return size;
}

/**
 * Splits entries (with their sizes) into PutEvents requests of at most 10 entries whose total stays
 * under 256 KB, in order. An entry that alone reaches the limit is the caller's to refuse beforehand.
 */
export function chunkEntries<T extends { readonly size: number }>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length === MAX_ENTRIES_PER_PUT || (current.length > 0 && bytes + item.size >= MAX_PUT_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
