import type { StreamEvent } from "./stream-event";
import { MAX_RECORDS_PER_REQUEST, MAX_REQUEST_BYTES } from "./limits";

/** A record waiting to be sent (or sent again). */
export interface QueuedEvent extends StreamEvent {
  /** 0-based position in the file's records: the order the stream must keep per key. */
  readonly index: number;
  readonly line: number;
  /** PutRecords requests this record has been in so far. */
  attempts: number;
}

export interface BatchLimits {
  /** @default 500 */
  readonly maxRecords?: number;
  /** data + partition key bytes. @default 5 MiB */
  readonly maxBytes?: number;
  /** Records of one key per request: 1 makes order per key independent of how Kinesis orders a request. @default 500 */
  readonly perKey?: number;
}

/**
 * The records not yet on the stream, one queue per partition key in file order, and the rule that
 * keeps a key's order whatever fails:
 *
 * - a key is in at most one request at a time ("busy" from take to settle), so two concurrent
 *   requests never race records of one symbol;
 * - a request takes a key's records from the head of its queue, in order;
 * - on settle, the entries that failed stay at the head of their key's queue, in order, and the
 *   key waits out its backoff before it is ready again: later records of that symbol are held back
 *   behind the retried ones instead of overtaking them.
 *
 * What this cannot prevent: PutRecords does not order the entries of one request (the API
 * reference: "PutRecords doesn't guarantee the ordering of records"), so when entry i of a key
 * fails while a later entry j of the same key in the same request succeeds, j is on the stream
 * before i's retry. settle() reports each such j as reordered; `perKey: 1` (`--strict-order`) rules
 * it out at the price of one record per symbol per round trip.
 */
export class KeyedQueue {
  private readonly queues = new Map<string, QueuedEvent[]>();
  /** Keys with a request in flight, and how many of their head records it holds. */
  private readonly busy = new Map<string, number>();
  /** Keys waiting out a backoff before their failed records go again. */
  private readonly waiting = new Set<string>();
  /** Idle keys with records, in the order they became ready (insertion order of a Set). */
  private readonly ready = new Set<string>();
  private count = 0;
  private byteCount = 0;

  /** Records held, in flight or not. */
  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.byteCount;
  }

  get hasReady(): boolean {
    return this.ready.size > 0;
  }

  push(event: QueuedEvent): void {
    const queue = this.queues.get(event.partitionKey);
    if (queue) queue.push(event);
    else this.queues.set(event.partitionKey, [event]);
    this.count++;
    this.byteCount += event.bytes;
    if (!this.busy.has(event.partitionKey) && !this.waiting.has(event.partitionKey)) this.ready.add(event.partitionKey);
  }

  /**
   * The next request's records: ready keys in turn, each key's head records in order, within the
   * limits. The keys taken are busy until settle().
   */
  take(limits: BatchLimits = {}): QueuedEvent[] {
    const maxRecords = Math.min(limits.maxRecords ?? MAX_RECORDS_PER_REQUEST, MAX_RECORDS_PER_REQUEST);
    const maxBytes = Math.min(limits.maxBytes ?? MAX_REQUEST_BYTES, MAX_REQUEST_BYTES);
    const perKey = limits.perKey ?? MAX_RECORDS_PER_REQUEST;
    const batch: QueuedEvent[] = [];
    let bytes = 0;
    for (const key of this.ready) {
      const queue = this.queues.get(key)!;
      let taken = 0;
      while (taken < queue.length && taken < perKey && batch.length < maxRecords && bytes + queue[taken]!.bytes <= maxBytes) {
        batch.push(queue[taken]!);
        bytes += queue[taken]!.bytes;
        taken++;
      }
      if (taken === 0) break; // the key's next record does not fit: the request is full
      this.ready.delete(key);
      this.busy.set(key, taken);
      if (batch.length >= maxRecords || (taken < queue.length && taken < perKey)) break;
    }
    for (const event of batch) event.attempts++;
    return batch;
  }

  /**
   * A request ended. `failed` holds the records to send again (they stay at the head of their
   * keys); `dropped` the ones given up (lost); every other record of the batch is on the stream.
   * Keys with a record to send again become ready after `retryAfter(key)` calls `release(key)`.
   * Returns the records that are on the stream after a failed earlier record of their key in the
   * same request.
   */
  settle(batch: readonly QueuedEvent[], failed: ReadonlySet<QueuedEvent>, dropped: ReadonlySet<QueuedEvent>, retryAfter: (key: string) => void): QueuedEvent[] {
    const reordered: QueuedEvent[] = [];
    for (const key of new Set(batch.map((e) => e.partitionKey))) {
      const queue = this.queues.get(key)!;
      const head = queue.splice(0, this.busy.get(key)!);
      this.busy.delete(key);
      let earlierFailed = false;
      const again: QueuedEvent[] = [];
      for (const event of head) {
        if (failed.has(event)) {
          again.push(event);
          earlierFailed = true;
          continue;
        }
        if (!dropped.has(event) && earlierFailed) reordered.push(event);
        this.count--;
        this.byteCount -= event.bytes;
      }
      queue.unshift(...again);
      if (!queue.length) this.queues.delete(key);
      if (again.length) {
        this.waiting.add(key);
        retryAfter(key);
      } else if (queue.length) {
        this.ready.add(key);
      }
    }
    return reordered;
  }

  /** A key's backoff is over: its records may be taken again. */
  release(key: string): void {
    if (!this.waiting.delete(key)) return;
    if (this.queues.get(key)?.length) this.ready.add(key);
  }

  /** Everything still held (for a run that stops): removed and returned. */
  drain(): QueuedEvent[] {
    const all = [...this.queues.values()].flat().sort((a, b) => a.index - b.index);
    this.queues.clear();
    this.busy.clear();
    this.waiting.clear();
    this.ready.clear();
    this.count = 0;
    this.byteCount = 0;
    return all;
  }
}
