import { PutRecordsCommand, type PutRecordsCommandOutput } from "@aws-sdk/client-kinesis";
import type { QueuedEvent } from "./keyed-queue";

/** What the producer needs of a Kinesis client: a KinesisClient, or a stub answering PutRecords as AWS does. */
export interface PutRecordsClient {
  send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput>;
}

/** Where the records go: a stream name, or its ARN (AWS recommends the ARN; either is accepted). */
export type StreamRef = { readonly streamName: string; readonly streamArn?: undefined } | { readonly streamArn: string; readonly streamName?: undefined };

/** The outcome of one PutRecords request, entry by entry. */
export interface RequestOutcome {
  /** Entries written, by position in the request. */
  readonly written: readonly QueuedEvent[];
  /** Entries that failed and may be sent again, with the error code each got. */
  readonly failed: readonly { readonly event: QueuedEvent; readonly code: string }[];
  /** Set when the whole request failed with an error that sending again cannot fix (the run stops). */
  readonly fatal?: string;
}

/**
 * Request errors worth sending again: throttling (the stream's or KMS's), AWS-side faults and the
 * network. Anything else (ResourceNotFoundException, AccessDeniedException, ValidationException, a
 * disabled key...) fails every later request the same way, so the run stops on it.
 */
const RETRYABLE_REQUEST_ERRORS = new Set([
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "KMSThrottlingException",
  "ThrottlingException",
  "InternalFailure",
  "InternalFailureException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "TimeoutError",
  "RequestTimeout",
]);

export function isRetryableRequestError(error: unknown): boolean {
  const e = error as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  if (RETRYABLE_REQUEST_ERRORS.has(e.name ?? "")) return true;
  if (e.$fault === "server" || (e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  // No HTTP answer at all (ECONNRESET, ECONNREFUSED, socket timeouts): the network, not the request.
  return e.$metadata?.httpStatusCode === undefined && typeof e.code === "string" && /^E[A-Z]+/.test(e.code);
}

/**
 * Sends one PutRecords request and reads the answer entry by entry: `Records[i]` answers entry i
 * of the request; an entry with an `ErrorCode` (ProvisionedThroughputExceededException or
 * InternalFailure, per the API reference) was not written, one with a `SequenceNumber` was
 * (FailedRecordCount is only their count). A failed request fails all its entries (retryable) or
 * the run (fatal).
 */
export async function putRecords(client: PutRecordsClient, stream: StreamRef, batch: readonly QueuedEvent[]): Promise<RequestOutcome> {
  let response: PutRecordsCommandOutput;
  try {
    response = await client.send(
      new PutRecordsCommand({
        ...(stream.streamArn ? { StreamARN: stream.streamArn } : { StreamName: stream.streamName }),
        Records: batch.map((e) => ({ Data: e.data, PartitionKey: e.partitionKey })),
      }),
    );
  } catch (error) {
    const code = (error as Error).name || "Error";
    if (!isRetryableRequestError(error)) return { written: [], failed: [], fatal: `kinesis:PutRecords failed: ${code}: ${(error as Error).message}` };
    return { written: [], failed: batch.map((event) => ({ event, code })) };
  }
  const entries = response.Records ?? [];
  if (entries.length !== batch.length) {
    // Not an answer AWS gives; nothing in it can be trusted to say which records were written, so all go again.
    return { written: [], failed: batch.map((event) => ({ event, code: `MalformedResponse(${entries.length} of ${batch.length} entries)` })) };
  }
  const written: QueuedEvent[] = [];
  const failed: { event: QueuedEvent; code: string }[] = [];
  entries.forEach((entry, i) => {
    if (entry.ErrorCode || !entry.SequenceNumber) failed.push({ event: batch[i]!, code: entry.ErrorCode ?? "NoSequenceNumber" });
    else written.push(batch[i]!);
  });
  return { written, failed };
}
