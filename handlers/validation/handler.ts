import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { ProcessorDeps } from "./object-processor";
import { processPartialBatch } from "./partial-batch";
import { handleRecord, type RecordLog } from "./record-handler";

export interface HandlerHooks {
  readonly log: RecordLog & { addContext?(context: Context): void };
  /** Called once per invocation after the batch, e.g. to flush EMF metrics. */
  readonly afterBatch?: () => void;
}

/**
 * The Lambda handler over injected clients: a thin shell around `handleRecord` that turns
 * per-message failures into `batchItemFailures`, so one bad object never makes SQS redeliver the
 * good ones of its batch.
 */
export function createValidationHandler(deps: ProcessorDeps, hooks: HandlerHooks): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    hooks.log.addContext?.(context);
    try {
      return await processPartialBatch(event.Records, (record) => handleRecord(record, deps, hooks.log));
    } finally {
      hooks.afterBatch?.();
    }
  };
}
