import type { Dataset } from "../../../handlers/validation/core/datasets";
import { fullJitterDelayMs, type BackoffOptions } from "./backoff";
import { KeyedQueue, type QueuedEvent } from "./keyed-queue";
import { MAX_RECORDS_PER_REQUEST, MAX_REQUEST_BYTES } from "./limits";
import { putRecords, type PutRecordsClient, type RequestOutcome, type StreamRef } from "./put-records";
import { RateLimiter } from "./rate-limiter";
import type { ReadItem } from "./read-records";
import { toStreamEvent } from "./stream-event";
import type { LostRecord, ProduceSummary } from "./summary";

/** Counters while a run goes on. */
export interface ProduceProgress {
  readonly read: number;
  readonly sent: number;
  readonly retried: number;
  readonly lost: number;
  readonly skipped: number;
  readonly requests: number;
  readonly bytesSent: number;
  /** Records read and not yet on the stream (queued, in flight or waiting to be sent again). */
  readonly pending: number;
}

export interface ProducerOptions {
  readonly kinesis: PutRecordsClient;
  readonly stream: StreamRef;
  readonly dataset: Dataset;
  /** IANA zone of the dataset's trading dates (config `partitionTimeZones`). */
  readonly timeZone: string;
  /** Records a second at most (`--rate`), retries included. @default no limit */
  readonly rate?: number;
  /** PutRecords requests in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Requests a record may be in before it is given up (lost). @default 8 */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** At most one record per symbol per request (see KeyedQueue): order per symbol whatever Kinesis does within a request. @default false */
  readonly strictOrder?: boolean;
  /** Records read ahead of the stream at most; reading waits above it. @default 20,000 */
  readonly maxBufferedRecords?: number;
  /** Bytes read ahead at most. @default 64 MiB */
  readonly maxBufferedBytes?: number;
  /** Limits of one request (tests lower them). @default 500 records, 5 MiB */
  readonly maxRecordsPerRequest?: number;
  readonly maxRequestBytes?: number;
  readonly onProgress?: (progress: ProduceProgress) => void;
  readonly random?: () => number;
}

const SAMPLE = 20;

/**
 * Sends the records of `items` to the stream, one JSON event each (toStreamEvent), with PutRecords
 * requests of at most 500 records and 5 MiB, `concurrency` of them in flight, failed entries sent
 * again after a full-jitter backoff until `maxAttempts`, order per symbol kept as KeyedQueue says.
 * Reading is paused while `maxBufferedRecords` are held, so memory stays bounded for any input.
 * It never throws for what AWS answers: an error no retry fixes stops the run, and the summary says
 * so (stoppedBy) with every record not on the stream counted lost.
 */
export async function produceRecords(items: AsyncIterable<ReadItem>, options: ProducerOptions): Promise<ProduceSummary> {
  const started = performance.now();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const maxBufferedRecords = options.maxBufferedRecords ?? 20_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  const limits = {
    maxRecords: Math.min(options.maxRecordsPerRequest ?? MAX_RECORDS_PER_REQUEST, MAX_RECORDS_PER_REQUEST),
    maxBytes: Math.min(options.maxRequestBytes ?? MAX_REQUEST_BYTES, MAX_REQUEST_BYTES),
    perKey: options.strictOrder ? 1 : MAX_RECORDS_PER_REQUEST,
  };
  const limiter = options.rate !== undefined ? new RateLimiter(options.rate) : undefined;
  const random = options.random ?? Math.random;
  const queue = new KeyedQueue();
  const timers = new Set<NodeJS.Timeout>();
  const errorCodes: Record<string, number> = {};
  const lostRecords: LostRecord[] = [];
  const skippedLines: { line: number; reason: string }[] = [];
  let read = 0, sent = 0, retried = 0, retries = 0, lost = 0, skipped = 0, reordered = 0, requests = 0, bytesSent = 0;
  let inFlight = 0;
  let stoppedBy: string | undefined;
  let rateWait = false;

  // One wake-up for the loop below: a request ended, a backoff or the rate limiter's wait is over.
  let woken = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    woken = true;
    wake?.();
  };
  const nextSignal = () => (woken ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve))).then(() => {
    woken = false;
    wake = undefined;
  });
  const after = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
      signal();
    }, ms);
    timers.add(timer);
  };

  const progress = () => options.onProgress?.({ read, sent, retried, lost, skipped, requests, bytesSent, pending: queue.size });
  const count = (code: string) => (errorCodes[code] = (errorCodes[code] ?? 0) + 1);
  const loseRecord = (event: QueuedEvent, reason: string) => {
    lost++;
    if (lostRecords.length < SAMPLE) lostRecords.push({ line: event.line, partitionKey: event.partitionKey, reason });
  };
  const skip = (line: number, reason: string) => {
    skipped++;
    if (skippedLines.length < SAMPLE) skippedLines.push({ line, reason });
  };

  const accept = (item: ReadItem) => {
    const index = read++;
    if (item.kind === "skipped") return skip(item.line, item.reason);
    const result = toStreamEvent(item.record, options.dataset, options.timeZone);
    if ("tooLarge" in result) return skip(item.line, `the record is ${result.tooLarge} bytes with its partition key; Kinesis takes at most 1 MiB (1048576 bytes) a record`);
    queue.push({ ...result.event, index, line: item.line, attempts: 0 });
  };

  const settle = (batch: readonly QueuedEvent[], outcome: RequestOutcome) => {
    const again = new Set<QueuedEvent>();
    const dropped = new Set<QueuedEvent>();
    for (const event of outcome.written) {
      sent++;
      bytesSent += event.bytes;
    }
    if (outcome.fatal) {
      stoppedBy ??= outcome.fatal;
      for (const event of batch) {
        dropped.add(event);
        loseRecord(event, outcome.fatal);
      }
    }
    for (const { event, code } of outcome.failed) {
      count(code);
      if (event.attempts >= maxAttempts || stoppedBy) {
        dropped.add(event);
        loseRecord(event, stoppedBy ? `${code}, then the run stopped` : `${code} on each of ${event.attempts} attempts`);
        continue;
      }
      if (event.attempts === 1) retried++;
      retries++;
      again.add(event);
    }
    // A key waits as long as its most-tried failed record says.
    const attempts = new Map<string, number>();
    for (const event of again) attempts.set(event.partitionKey, Math.max(attempts.get(event.partitionKey) ?? 0, event.attempts));
    const retryAfter = (key: string) => after(fullJitterDelayMs(attempts.get(key)!, options.backoff, random), () => queue.release(key));
    reordered += queue.settle(batch, again, dropped, retryAfter).length;
    progress();
  };

  const launch = () => {
    while (!stoppedBy && inFlight < concurrency && queue.hasReady) {
      let maxRecords = limits.maxRecords;
      if (limiter) {
        const available = limiter.available();
        if (available < 1) {
          if (!rateWait) after(limiter.waitMs(), () => (rateWait = false));
          rateWait = true;
          return;
        }
        maxRecords = Math.min(maxRecords, available);
      }
      const batch = queue.take({ ...limits, maxRecords });
      if (!batch.length) return;
      limiter?.take(batch.length);
      inFlight++;
      requests++;
      void putRecords(options.kinesis, options.stream, batch)
        .catch((error: Error): RequestOutcome => ({ written: [], failed: [], fatal: `kinesis:PutRecords failed: ${error.message}` }))
        .then((outcome) => settle(batch, outcome))
        .finally(() => {
          inFlight--;
          signal();
        });
    }
  };

  const iterator = items[Symbol.asyncIterator]();
  let exhausted = false;
  const canRead = () => !exhausted && !stoppedBy && queue.size < maxBufferedRecords && queue.bytes < maxBufferedBytes;
  try {
    for (;;) {
      // Read in slices so requests start while the read-ahead fills.
      for (let n = 0; n < limits.maxRecords && canRead(); n++) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else accept(next.value);
      }
      launch();
      if (inFlight === 0 && (stoppedBy || (exhausted && queue.size === 0))) break;
      if (canRead()) continue;
      await nextSignal();
    }
  } finally {
    for (const timer of timers) clearTimeout(timer);
    if (!exhausted) await iterator.return?.(undefined);
  }
  for (const event of queue.drain()) loseRecord(event, `not sent: the run stopped (${stoppedBy})`);
  progress();
  return { read, sent, retried, retries, lost, skipped, reordered, requests, bytesSent, seconds: (performance.now() - started) / 1000, errorCodes, lostRecords, skippedLines, ...(stoppedBy ? { stoppedBy } : {}) };
}
