import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly deadLetterQueueUrl: string;
  readonly targetQueueUrl: string;
  /** "auto": SQS message move task, falling back to receive/send/delete where it is not available. */
  readonly method?: "auto" | "move-task" | "receive-send";
  /** Called as messages move (the CLI draws a progress bar from it). */
  readonly onProgress?: (moved: number, total: number) => void;
  /** Milliseconds between move-task status polls. @default 2000 */
  readonly pollIntervalMs?: number;
}

export interface RedriveReport {
  readonly method: "move-task" | "receive-send";
  /** Messages in the DLQ when the redrive started (approximate, as SQS reports it). */
  readonly waiting: number;
  readonly moved: number;
  /** Why the move task was not used, when the fallback ran. */
  readonly fallbackReason?: string;
}

async function attribute(sqs: SQSClient, queueUrl: string, name: "QueueArn" | "ApproximateNumberOfMessages"): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [name] }));
  const value = Attributes?.[name];
  if (value === undefined) throw new Error(`SQS returned no ${name} for ${queueUrl}`);
  return value;
}

/** The start request of a move task failed: nothing has moved yet, so another method is safe. */
class MoveTaskUnavailable extends Error {
  override readonly name = "MoveTaskUnavailable";
}

/**
 * Moves every message of a dead-letter queue back to its work queue. SQS's own message move task
 * is used where available (server-side, keeps attributes); otherwise messages are received, sent
 * and then deleted, ten at a time. That order can duplicate a message if the process dies between
 * send and delete, never lose one; the validation handler's lineage claim makes duplicates no-ops.
 */
export async function redriveDeadLetters(options: RedriveOptions): Promise<RedriveReport> {
  const { sqs, deadLetterQueueUrl } = options;
  const waiting = Number(await attribute(sqs, deadLetterQueueUrl, "ApproximateNumberOfMessages"));
  const method = options.method ?? "auto";
  if (method !== "receive-send") {
    try {
      const moved = await moveTask(options, waiting);
      return { method: "move-task", waiting, moved };
    } catch (error) {
      if (method === "move-task" || !(error instanceof MoveTaskUnavailable)) throw error;
      const moved = await receiveSendDelete(options, waiting);
      return { method: "receive-send", waiting, moved, fallbackReason: error.message.slice(0, 300) };
    }
  }
  return { method: "receive-send", waiting, moved: await receiveSendDelete(options, waiting) };
}

async function moveTask(options: RedriveOptions, waiting: number): Promise<number> {
  const { sqs } = options;
  const sourceArn = await attribute(sqs, options.deadLetterQueueUrl, "QueueArn");
  const destinationArn = await attribute(sqs, options.targetQueueUrl, "QueueArn");
  let taskHandle: string | undefined;
  try {
    taskHandle = (await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }))).TaskHandle;
  } catch (error) {
    // Local API servers and some partitions lack the action; the endpoint's answer says why.
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    throw new MoveTaskUnavailable(`StartMessageMoveTask failed (${(error as Error).name}${status ? `, HTTP ${status}` : ""}): ${(error as Error).message.split("\n")[0]}`);
  }
  for (;;) {
    const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }));
    const task = Results?.find((t) => t.TaskHandle === taskHandle) ?? Results?.[0];
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    options.onProgress?.(moved, Math.max(waiting, moved));
    if (task?.Status === "COMPLETED") return moved;
    if (task?.Status === "FAILED" || task?.Status === "CANCELLED") throw new Error(`message move task ${task.Status}: ${task.FailureReason ?? "no reason given"}`);
    await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 2000));
  }
}

async function receiveSendDelete(options: RedriveOptions, waiting: number): Promise<number> {
  const { sqs, deadLetterQueueUrl, targetQueueUrl } = options;
  let moved = 0;
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"], VisibilityTimeout: 60 }));
    if (!Messages?.length) return moved;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: targetQueueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? "", MessageAttributes: m.MessageAttributes })),
      }),
    );
    if (sent.Failed?.length) {
      throw new Error(`could not send ${sent.Failed.length} message(s) back (${sent.Failed.map((f) => f.Message).join("; ")}); they stay in the DLQ and become visible again in 60 s`);
    }
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: deadLetterQueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    moved += Messages.length;
    options.onProgress?.(moved, Math.max(waiting, moved));
  }
}
