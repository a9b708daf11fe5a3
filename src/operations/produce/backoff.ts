/** How failed entries wait before they are sent again. */
export interface BackoffOptions {
  /** Ceiling of the first retry's wait. @default 100 */
  readonly baseMs?: number;
  /** No wait is longer than this. @default 5000 */
  readonly capMs?: number;
}

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): the
 * wait before retry `retry` (1 = the first) is uniform on [0, min(cap, base * 2^(retry-1))), so
 * producers throttled together do not come back together.
 */
export function fullJitterDelayMs(retry: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 100;
  const cap = options.capMs ?? 5000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
