import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { ProcessorDeps } from "./object-processor";
import { handleRecord, type RecordLog } from "./record-handler";

export interface HandlerHooks {
  readonly log: RecordLog & { addContext?(context: Context): void };
  /** Called once per invocation after the batch, e.g. to flush EMF metrics. */
  readonly afterBatch?: () => void;
}

/**
 * The Lambda handler over injected clients: a thin shell around `handleRecord` that turns
 * per-message failures into `batchItemFailures` (Powertools BatchProcessor), so one bad object
 * never makes SQS redeliver the good ones of its batch.
 */
export function createValidationHandler(deps: ProcessorDeps, hooks: HandlerHooks): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    hooks.log.addContext?.(context);
    try {
      return await processPartialResponse(event, (record: SQSRecord) => handleRecord(record, deps, hooks.log), processor, { context });
    } finally {
      hooks.afterBatch?.();
    }
  };
}
