import { ByteArena } from "./byte-arena";

/**
 * An append-only log of byte-string ids in strictly ascending shortlex order (shorter first, then
 * bytewise): `T9 < T10 < T11`, or `1700000000001 < 1700000000002`.
 *
 * Why: venues number their trades, so in most files each trade id is greater than every id before
 * it. Such an id cannot be a duplicate, and appending it to a log is a sequential write; a hash table
 * insert of the same id is a random write into megabytes of slots, which cost ~100 ns per record in
 * cache misses (a third of the validator's time). Ids that arrive out of order go to a hash table
 * instead (see RecentIdSet); `contains` (a binary search) serves their rarer lookups here.
 */
export class AscendingIdLog {
  /** The ids, in order. Exposed for staging (see ByteArena): the fused CSV path writes an id to it while reading it. */
  readonly ids: ByteArena;

  constructor(initialIds = 1024) {
    this.ids = new ByteArena(initialIds);
  }

  get size(): number {
    return this.ids.size;
  }

  /** Whether buf[start, end) is above the last id (true when the log is empty): `append` accepts it. */
  isAboveLast(buf: Uint8Array, start: number, end: number): boolean {
    const last = this.ids.size - 1;
    return last < 0 || this.compareWith(last, buf, start, end) > 0;
  }

  /** Appends an id; the caller has checked `isAboveLast` (the order is what makes lookups work). */
  append(buf: Uint8Array, start: number, end: number): void {
    this.ids.append(buf, start, end);
  }

  /** Whether the log holds buf[start, end): a binary search, O(log n). */
  contains(buf: Uint8Array, start: number, end: number): boolean {
    let low = 0;
    let high = this.ids.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = this.compareWith(middle, buf, start, end);
      if (order === 0) return true;
      if (order < 0) high = middle - 1;
      else low = middle + 1;
    }
    return false;
  }

  /**
   * Empties `other` and gives it this log's last id, so that it keeps the order's high mark; false
   * when this log is empty (nothing copied).
   */
  copyLastTo(other: AscendingIdLog): boolean {
    other.ids.clear();
    const last = this.ids.size - 1;
    if (last < 0) return false;
    other.ids.append(this.ids.bytes, this.ids.start(last), this.ids.ends[last]!);
    return true;
  }

  /** Negative, 0 or positive as buf[start, end) sorts before, equal to or after id `index`. */
  private compareWith(index: number, buf: Uint8Array, start: number, end: number): number {
    const ids = this.ids;
    const idStart = ids.start(index);
    const lengthOrder = end - start - (ids.ends[index]! - idStart);
    if (lengthOrder !== 0) return lengthOrder;
    const bytes = ids.bytes;
    for (let i = start, j = idStart; i < end; i++, j++) {
      const order = buf[i]! - bytes[j]!;
      if (order !== 0) return order;
    }
    return 0;
  }
}
