import { ByteKeyTable } from "./byte-key-table";

/**
 * Remembers recently accepted ids (trade ids) with bounded memory, exactly (no false positives).
 *
 * Two generations: ids go into `current`; when it holds `window` ids, `previous` is dropped and
 * `current` becomes `previous`. So the last `window` ids are always remembered, and at most
 * 2 x `window` are held. A duplicate further back than that is not detected by the validator (the
 * Glue job deduplicates the processed data again); a bounded window is the price of flat memory on
 * objects of any size.
 */
export class RecentIdSet {
  private current: ByteKeyTable;
  private previous: ByteKeyTable;

  constructor(readonly window: number) {
    this.current = new ByteKeyTable(window);
    this.previous = new ByteKeyTable(window);
  }

  /** Loads the slots addIfAbsent will probe first (see ByteKeyTable.touch); the result means nothing. */
  touch(hash: number): number {
    return this.current.touch(hash) + this.previous.touch(hash);
  }

  /** Remembers the id; false when it was already remembered (a duplicate). */
  addIfAbsent(buf: Uint8Array, start: number, end: number, hash: number): boolean {
    if (this.current.full) {
      const dropped = this.previous;
      dropped.clear();
      this.previous = this.current;
      this.current = dropped;
    }
    if (this.previous.size > 0 && this.previous.find(buf, start, end, hash) >= 0) return false;
    return this.current.insertIfAbsent(buf, start, end, hash) >= 0;
  }
}
