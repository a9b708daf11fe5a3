import { ChangeMessageVisibilityCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";

/** How long a failed message stays invisible before SQS delivers it again. */
export interface BackoffPolicy {
  /** Delay after the first failed receive (s). */
  readonly baseSeconds: number;
  /** Longest delay (s); at most SQS's 43,200 s visibility limit. */
  readonly maxSeconds: number;
}

/** SQS's largest VisibilityTimeout (ChangeMessageVisibility). */
export const SQS_MAX_VISIBILITY_SECONDS = 43_200;

/** base x 2^(receives - 1), capped: 30, 60, 120, ... s for a base of 30. */
export function redeliveryDelaySeconds(receiveCount: number, policy: BackoffPolicy): number {
  const receives = Number.isInteger(receiveCount) && receiveCount >= 1 ? receiveCount : 1;
  const delay = policy.baseSeconds * 2 ** Math.min(receives - 1, 30);
  return Math.min(Math.round(delay), policy.maxSeconds, SQS_MAX_VISIBILITY_SECONDS);
}

/** The queue URL of an SQS event source ARN (arn:aws:sqs:<region>:<account>:<name>), as SQS forms it. */
export function queueUrlOf(eventSourceArn: string): string {
  const match = /^arn:(aws[a-z-]*):sqs:([a-z0-9-]+):(\d{12}):([\w-]+(?:\.fifo)?)$/.exec(eventSourceArn);
  if (!match) throw new Error(`"${eventSourceArn}" is not an SQS queue ARN`);
  const [, partition, region, account, name] = match;
  const suffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://sqs.${region}.${suffix}/${account}/${name}`;
}

export interface RedeliveryLog {
  warn(message: string, extra: Record<string, unknown>): void;
}

/**
 * Makes a failed message come back after a delay that grows with its receive count, instead of
 * after the queue's whole visibility timeout (6x the function timeout: 90 min for the validation
 * queue, so a transient failure cost 90 min and a poison message 4.5 h to reach the DLQ; with a
 * 30 s base it is 30 s, 60 s, then the DLQ). Best effort: if SQS refuses the change, the message
 * still comes back after the visibility timeout, so the failure is logged, never thrown.
 */
export class RedeliveryBackoff {
  constructor(
    private readonly sqs: SQSClient,
    private readonly policy: BackoffPolicy,
    private readonly log: RedeliveryLog,
  ) {}

  async delay(record: SQSRecord): Promise<number | undefined> {
    const seconds = redeliveryDelaySeconds(Number(record.attributes?.ApproximateReceiveCount), this.policy);
    try {
      await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrlOf(record.eventSourceARN), ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }));
      return seconds;
    } catch (error) {
      this.log.warn("could not shorten the failed message's visibility; it returns after the queue's visibility timeout", { messageId: record.messageId, error });
      return undefined;
    }
  }
}
