import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/**
 * Plays the part of Lambda's SQS event source mapping where no Lambda runs (the local AWS API
 * server runs no function code): receive a batch, invoke the handler in-process, delete what
 * succeeded. Failed messages are made visible again at once instead of after the visibility
 * timeout (90 minutes for the deployed queue), which compresses time but keeps SQS's own receive
 * counting, so the redrive to the DLQ after maxReceiveCount is the server's real behaviour.
 */
export interface PollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn?: string;
  readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  /** Messages per invocation (the mapping's batch size). @default 10 */
  readonly batchSize?: number;
  /** Return true to make the DeleteMessage after a success fail (fault injection). */
  readonly failDelete?: () => boolean;
  /** Give up after this long. @default 120000 */
  readonly timeoutMs?: number;
  readonly onBatch?: (stats: PollerStats) => void;
}

export interface PollerStats {
  invocations: number;
  messages: number;
  failedMessages: number;
  /** Invocations that threw (every record failed). */
  failedInvocations: number;
  deleteFaults: number;
}

const context = { functionName: "local-poller", awsRequestId: "local", getRemainingTimeInMillis: () => 900_000 } as unknown as Context;

export function toSqsRecord(m: Message, queueArn = "arn:aws:sqs:us-east-1:123456789012:queue"): SQSRecord {
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? "",
    attributes: (m.Attributes ?? {}) as unknown as SQSRecord["attributes"],
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: "us-east-1",
  };
}

/** Receives what is visible now (up to `max`), as Lambda SQS records, without deleting. */
export async function receiveAll(sqs: SQSClient, queueUrl: string, max = 100, batch = 10): Promise<SQSRecord[]> {
  const records: SQSRecord[] = [];
  while (records.length < max) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(batch, max - records.length), WaitTimeSeconds: 0, AttributeNames: ["All"] }));
    if (!Messages?.length) break;
    records.push(...Messages.map((m) => toSqsRecord(m)));
  }
  return records;
}

/** Deletes the records that did not fail; makes the failed ones visible again. */
export async function acknowledge(sqs: SQSClient, queueUrl: string, records: readonly SQSRecord[], failedIds: readonly string[], failDelete?: () => boolean): Promise<number> {
  let deleteFaults = 0;
  for (const r of records) {
    if (failedIds.includes(r.messageId)) {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: r.receiptHandle, VisibilityTimeout: 0 }));
    } else if (failDelete?.()) {
      // The delete is lost: SQS redelivers the message later, as after a poller crash.
      deleteFaults++;
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: r.receiptHandle, VisibilityTimeout: 0 }));
    } else {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: r.receiptHandle }));
    }
  }
  return deleteFaults;
}

/** Messages in the queue, visible or in flight. */
export async function backlog(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/** Polls until the queue is empty (everything processed or moved to its DLQ). */
export async function drainQueue(options: PollerOptions): Promise<PollerStats> {
  const stats: PollerStats = { invocations: 0, messages: 0, failedMessages: 0, failedInvocations: 0, deleteFaults: 0 };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    const records = await receiveAll(options.sqs, options.queueUrl, options.batchSize ?? 10);
    if (records.length === 0) {
      if ((await backlog(options.sqs, options.queueUrl)) === 0) return stats;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    stats.invocations++;
    stats.messages += records.length;
    const failed = await options.handler({ Records: records.map((r) => ({ ...r, eventSourceARN: options.queueArn ?? r.eventSourceARN })) }, context).then(
      (response) => response.batchItemFailures.map((f) => f.itemIdentifier),
      () => {
        // A thrown invocation returns the whole batch to the queue, as Lambda does.
        stats.failedInvocations++;
        return records.map((r) => r.messageId);
      },
    );
    stats.failedMessages += failed.length;
    stats.deleteFaults += await acknowledge(options.sqs, options.queueUrl, records, failed, options.failDelete);
    options.onBatch?.(stats);
  }
  throw new Error(`queue ${options.queueUrl} not drained within ${options.timeoutMs ?? 120_000} ms (${JSON.stringify(stats)})`);
}
