import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { invocationDeadline } from "./deadline";
import { RetryLaterError, type ProcessorDeps } from "./object-processor";
import { handleRecord, type RecordLog } from "./record-handler";

export interface HandlerHooks {
  /** A Powertools Logger in the Lambda (index.ts); anything of RecordLog's shape in-process (the e2e). */
  readonly log: RecordLog & { addContext?(context: Context): void };
  /** Shortens a failed message's visibility by its receive count. @default none: it returns after the queue's visibility timeout */
  readonly redelivery?: { delay(record: SQSRecord): Promise<number | undefined> };
}

/**
 * The Lambda handler over injected clients: a thin shell around `handleRecord` whose per-message
 * failures the Powertools batch utility turns into `batchItemFailures` (messages handled
 * concurrently), so one bad object never makes SQS redeliver the good ones of its batch; when every
 * message failed it throws FullBatchFailureError, so the mapping backs off. Work still running
 * shortly before the function timeout is stopped (see invocationDeadline) and its message failed,
 * rather than left for Lambda to kill.
 */
export function createValidationHandler(deps: ProcessorDeps, hooks: HandlerHooks): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    // One processor per invocation: it holds the batch's results, and in-process callers (tests,
    // the e2e) may run invocations of one handler at the same time, which Lambda never does.
    const processor = new BatchProcessor(EventType.SQS);
    hooks.log.addContext?.(context);
    // Outside the Lambda runtime (tests, scripts) the context may have no clock: no deadline then.
    const deadline = typeof context.getRemainingTimeInMillis === "function" ? invocationDeadline(context.getRemainingTimeInMillis()) : undefined;
    const invocationDeps: ProcessorDeps = deadline ? { ...deps, deadline: deadline.signal } : deps;
    try {
      return await processPartialResponse(
        event,
        async (record: SQSRecord) => {
          try {
            return await handleRecord(record, invocationDeps, hooks.log);
          } catch (error) {
            logFailure(hooks.log, record, error, await hooks.redelivery?.delay(record));
            throw error;
          }
        },
        processor,
        { context },
      );
    } finally {
      deadline?.dispose();
    }
  };
}

/**
 * One line per failed message, so an operator can tell from the logs alone which message failed,
 * why, and how close it is to the DLQ. Another invocation holding the object is expected under
 * redelivery: a warning, not an error.
 */
function logFailure(log: RecordLog, record: SQSRecord, error: unknown, retryInSeconds: number | undefined): void {
  const fields = { messageId: record.messageId, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 0) || undefined, retryInSeconds, error };
  if (error instanceof RetryLaterError) log.warn("message returned to the queue: object busy", fields);
  else log.error("message failed: SQS redelivers it, and moves it to the DLQ after maxReceiveCount receives", fields);
}
