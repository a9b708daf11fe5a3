/**
 * Errors the saga's steps throw by name: Lambda reports a thrown error's `name` as its errorType,
 * which is what the state machine's Retry and Catch match. Only the names in the definition's
 * HANDLER_TRANSIENT_ERRORS are retried; these are not (no retry changes the answer).
 */
export class StepError extends Error {
  constructor(name: "EventRejected" | "InstrumentNotFound" | "EventConflict", message: string) {
    super(message);
    this.name = name;
  }
}

/** DynamoDB's throttling, under the names the definition retries (the SDK's error names). */
const THROTTLING = new Set(["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]);

/**
 * A TransactWriteItems refused because one of its items was throttled reports
 * TransactionCanceledException with a ThrottlingError reason: that is transient, so it is rethrown
 * as ThrottlingException for the state machine to retry. Other errors pass as they are.
 */
export function transientOrAsIs(error: unknown): unknown {
  const e = error as { name?: string; CancellationReasons?: Array<{ Code?: string }>; message?: string };
  if (e?.name === "TransactionCanceledException" && e.CancellationReasons?.some((r) => r.Code === "ThrottlingError" || r.Code === "ProvisionedThroughputExceeded")) {
    return Object.assign(new Error(`the write was throttled: ${e.message}`), { name: "ThrottlingException" });
  }
  return error;
}

export const isThrottling = (error: unknown): boolean => THROTTLING.has((error as { name?: string })?.name ?? "");
