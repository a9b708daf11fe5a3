/**
 * A token bucket of records: `ratePerSecond` tokens a second, holding at most a quarter second of
 * them (at least 1, at most one full request), so `--rate N` is kept over any second while batches
 * stay as large as the rate allows. Retries spend tokens too: they are records put.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  readonly capacity: number;

  constructor(readonly ratePerSecond: number, private readonly now: () => number = () => performance.now()) {
    this.capacity = Math.max(1, Math.min(500, Math.floor(ratePerSecond / 4)));
    this.tokens = this.capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }

  /** Whole records that may be sent now. */
  available(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  /** Milliseconds until one record may be sent. */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  take(records: number): void {
    this.refill();
    this.tokens -= records;
  }
}
