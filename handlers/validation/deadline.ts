import { setMaxListeners } from "node:events";

/**
 * Thrown (as the deadline signal's abort reason) when an invocation runs out of time: the object in
 * progress is abandoned, its claim released, and its message failed so SQS redelivers it.
 */
export class DeadlineExceededError extends Error {
  override readonly name = "DeadlineExceededError";
}

/**
 * Longest margin kept before the function timeout. After the deadline the invocation still aborts
 * two multipart uploads (waiting for the parts in flight), releases the claim (one DynamoDB write)
 * and flushes metrics: well under a second normally, but the SDK's retries back off for seconds
 * when a service throttles. 30 s covers that and costs ~3% of the 900 s timeout.
 */
export const MAX_DEADLINE_MARGIN_MS = 30_000;
/** Share of the remaining time kept instead when that is smaller, so short timeouts (dev, tests) keep most of their budget. */
export const DEADLINE_MARGIN_SHARE = 0.1;

export function deadlineMarginMs(remainingMs: number): number {
  return Math.min(MAX_DEADLINE_MARGIN_MS, Math.floor(remainingMs * DEADLINE_MARGIN_SHARE));
}

export interface InvocationDeadline {
  /** Aborted with a DeadlineExceededError when the deadline passes. */
  readonly signal: AbortSignal;
  /** Clears the timer; call when the invocation ends. */
  dispose(): void;
}

/**
 * A signal that aborts `deadlineMarginMs` before the function times out, so work stops while
 * there is still time to clean up. Without it Lambda kills the invocation mid-write: the claim then
 * blocks redeliveries until its lease expires, and the whole batch is retried.
 */
export function invocationDeadline(remainingMs: number): InvocationDeadline {
  const marginMs = deadlineMarginMs(remainingMs);
  const controller = new AbortController();
  // Every object of the batch listens on this one signal (the race, the body, the S3 request's own
  // listener), and each removes its listeners when the object ends: a batch of 10 passes Node's
  // default of 10 listeners without leaking, and the warning would only confuse the logs.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(new DeadlineExceededError(`deadline: ${marginMs} ms before the function timeout`)), remainingMs - marginMs);
  // A timer left behind must not keep a process alive (a test run, a script); dispose clears it anyway.
  timer.unref();
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/**
 * Settles like `work`, or rejects with the signal's reason as soon as it aborts, even if `work` is
 * stuck (an upload waiting for S3, a body that never ends). A `work` left behind that rejects later
 * is handled here, so it is no unhandled rejection.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const unregister = onAbort(signal, reject);
    work.then(resolve, reject).finally(unregister);
  });
}

/** Calls `stop` when the signal aborts (at once if it has); returns the function that unregisters it. */
export function onAbort(signal: AbortSignal | undefined, stop: (reason: unknown) => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    stop(signal.reason);
    return () => undefined;
  }
  const listener = () => stop(signal.reason);
  signal.addEventListener("abort", listener, { once: true });
  return () => signal.removeEventListener("abort", listener);
}
