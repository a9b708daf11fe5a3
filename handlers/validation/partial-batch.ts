import type { SQSBatchResponse, SQSRecord } from "aws-lambda";

/**
 * Every record of the batch failed. Thrown rather than reported record by record so the invocation
 * counts as an error: Lambda then returns the whole batch to the queue and the event source mapping
 * backs off, instead of polling again at full speed while everything fails. The name is the one
 * Powertools used, so log queries and alarms on it keep matching.
 */
export class FullBatchFailureError extends Error {
  override readonly name = "FullBatchFailureError";

  constructor(readonly recordErrors: readonly unknown[]) {
    super(`All ${recordErrors.length} records failed processing; see recordErrors`);
  }
}

/**
 * An SQS partial batch response (`ReportBatchItemFailures`): the records are handled concurrently
 * and only the ones whose handler threw are reported, so SQS redelivers just those and one bad
 * object never makes the good ones of its batch run again.
 */
export async function processPartialBatch(records: readonly SQSRecord[], handle: (record: SQSRecord) => Promise<unknown>): Promise<SQSBatchResponse> {
  if (!Array.isArray(records)) throw new TypeError("Not an SQS event: Records is not an array");
  const errors = await Promise.all(
    records.map(async (record) => {
      try {
        await handle(record);
        return undefined;
      } catch (error) {
        return { error: error as unknown };
      }
    }),
  );
  const failed = records.filter((_, i) => errors[i] !== undefined);
  if (failed.length > 0 && failed.length === records.length) throw new FullBatchFailureError(errors.map((e) => e!.error));
  return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
}
