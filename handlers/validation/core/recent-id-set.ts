import { AscendingIdLog } from "./ascending-id-log";
import { ByteKeyTable } from "./byte-key-table";

/** The ids of one generation: those that arrived in ascending order, and the rest. */
class IdGeneration {
  readonly ascending = new AscendingIdLog();
  readonly others: ByteKeyTable;

  constructor(window: number) {
    this.others = new ByteKeyTable(window);
  }

  get size(): number {
    return this.ascending.size + this.others.size;
  }

  has(buf: Uint8Array, start: number, end: number, hash: number): boolean {
    return (this.others.size > 0 && this.others.find(buf, start, end, hash) >= 0) || this.ascending.contains(buf, start, end);
  }
}

/**
 * Remembers recently accepted ids (trade ids) with bounded memory, exactly (no false positives).
 *
 * Two generations: ids go into `current`; when it holds `window` ids, `previous` is dropped and
 * `current` becomes `previous`. So the last `window` ids are always remembered, and at most
 * 2 x `window` + 2 are held. A duplicate further back than that is not detected by the validator (the
 * Glue job deduplicates the processed data again); a bounded window is the price of flat memory on
 * objects of any size.
 *
 * An id above every id seen so far (shortlex order, see AscendingIdLog) is new without a lookup and is
 * appended to the current generation's ascending log: sequentially numbered trades never touch a
 * hash table. The greatest id seen is always the last of the current ascending log (a new generation
 * starts with it), so every remembered id is at most that one. Every other id is looked up.
 */
export class RecentIdSet {
  private current: IdGeneration;
  private previous: IdGeneration;
  /** 1 when the current generation started with the previous one's last ascending id (not counted). */
  private carried = 0;

  constructor(readonly window: number) {
    this.current = new IdGeneration(window);
    this.previous = new IdGeneration(window);
  }

  /** Whether the id is above every id seen so far, so that it is new without a lookup. */
  isAscending(buf: Uint8Array, start: number, end: number): boolean {
    return this.current.ascending.isAboveLast(buf, start, end);
  }

  /**
   * Loads the hash slots addIfAbsent will probe first for an id that is not ascending, so the fused
   * CSV path can start those cache misses early. The result means nothing.
   */
  touch(hash: number): number {
    return this.current.others.touch(hash) + this.previous.others.touch(hash);
  }

  /**
   * The log an ascending id would be appended to now (starting a new generation first if the current
   * one is full, as addIfAbsent would), for callers that stage ids in it themselves.
   */
  logForNextId(): AscendingIdLog {
    if (this.current.size - this.carried >= this.window) this.startGeneration();
    return this.current.ascending;
  }

  /**
   * Remembers the id; false when it was already remembered (a duplicate). `ascending` is
   * isAscending's answer for this id, for callers that asked already.
   */
  addIfAbsent(buf: Uint8Array, start: number, end: number, hash: number, ascending = this.isAscending(buf, start, end)): boolean {
    const log = this.logForNextId();
    if (ascending) {
      log.append(buf, start, end);
      return true;
    }
    if (this.previous.size > 0 && this.previous.has(buf, start, end, hash)) return false;
    if (log.contains(buf, start, end)) return false;
    return this.current.others.insertIfAbsent(buf, start, end, hash) >= 0;
  }

  private startGeneration(): void {
    const next = this.previous;
    next.others.clear();
    this.carried = this.current.ascending.copyLastTo(next.ascending) ? 1 : 0;
    this.previous = this.current;
    this.current = next;
  }
}
