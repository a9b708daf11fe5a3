import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksCommandOutput,
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

/** A message the receive/send/delete fallback could not move. */
export interface RedriveFailure {
  readonly messageId: string;
  /**
   * "send": not sent, left in the DLQ (visible again after the 60 s receive timeout).
   * "delete": sent, but still in the DLQ too, so a later redrive delivers it again.
   */
  readonly step: "send" | "delete";
  /** The batch entry's error code, as SQS reported it. */
  readonly code: string;
  readonly message?: string;
}

export interface RedriveReport {
  readonly method: "move-task" | "receive-send";
  /** Messages in the DLQ when the redrive started (approximate, as SQS reports it). */
  readonly waiting: number;
  /** Messages now in the work queue and gone from the DLQ. */
  readonly moved: number;
  /** Why the move task was not used, when the fallback ran. */
  readonly fallbackReason?: string;
  /** Messages the fallback could not move (absent when there were none). */
  readonly failed?: readonly RedriveFailure[];
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
      return { method: "receive-send", waiting, ...(await receiveSendDelete(options, waiting)), fallbackReason: error.message.slice(0, 300) };
    }
  }
  return { method: "receive-send", waiting, ...(await receiveSendDelete(options, waiting)) };
}

/** What the CLI prints: one line for the redrive, then one per message it could not move. */
export function redriveSummary(report: RedriveReport, deadLetterQueueName: string, queueName: string): string[] {
  const failed = report.failed ?? [];
  const head =
    `Redrive ${deadLetterQueueName} -> ${queueName}: moved ${report.moved} of ${report.waiting} waiting, method ${report.method}` +
    `${report.fallbackReason ? ` (move task unavailable: ${report.fallbackReason})` : ""}${failed.length ? `; ${failed.length} not moved` : ""}`;
  return [
    head,
    ...failed.map((f) => `  ${f.messageId}: ${f.step} failed (${f.code}${f.message ? `: ${f.message}` : ""}): ${f.step === "send" ? "not sent, still in the DLQ" : "sent, but also still in the DLQ"}`),
  ];
}

type MoveTaskEntry = NonNullable<ListMessageMoveTasksCommandOutput["Results"]>[number];

/** Polls in a row that may miss the started task before giving up: the list can lag the start briefly. */
const MOVE_TASK_MISSING_POLLS = 5;

async function moveTask(options: RedriveOptions, waiting: number): Promise<number> {
  const { sqs } = options;
  const sourceArn = await attribute(sqs, options.deadLetterQueueUrl, "QueueArn");
  const destinationArn = await attribute(sqs, options.targetQueueUrl, "QueueArn");
  const listTasks = async () => ((await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }))).Results ?? []).filter((t) => t.SourceArn === sourceArn);
  const unavailable = (action: string, error: unknown) => {
    // Local API servers and some partitions lack the actions; the endpoint's answer says why.
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return new MoveTaskUnavailable(`${action} failed (${(error as Error).name}${status ? `, HTTP ${status}` : ""}): ${(error as Error).message.split("\n")[0]}`);
  };
  // Tasks finished before ours stay listed; knowing their start times tells ours apart once it is done.
  const earlier = new Set((await listTasks().catch((error: unknown) => Promise.reject(unavailable("ListMessageMoveTasks", error)))).map((t) => t.StartedTimestamp ?? -1));
  let taskHandle: string | undefined;
  try {
    taskHandle = (await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }))).TaskHandle;
  } catch (error) {
    throw unavailable("StartMessageMoveTask", error);
  }
  let startedAt: number | undefined;
  for (let missing = 0; ; ) {
    const task = ourTask(await listTasks(), { taskHandle, destinationArn, earlier, startedAt });
    if (!task) {
      if (++missing >= MOVE_TASK_MISSING_POLLS) throw new Error(`message move task ${taskHandle ?? "(no handle)"} from ${sourceArn} is not listed by ListMessageMoveTasks`);
    } else {
      missing = 0;
      startedAt ??= task.StartedTimestamp;
      const moved = task.ApproximateNumberOfMessagesMoved ?? 0;
      options.onProgress?.(moved, Math.max(waiting, moved));
      if (task.Status === "COMPLETED") return moved;
      if (task.Status === "FAILED" || task.Status === "CANCELLED") throw new Error(`message move task ${task.Status}: ${task.FailureReason ?? "no reason given"}`);
    }
    await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 2000));
  }
}

/**
 * The task this redrive started, among the source queue's recent ones. SQS lists a task's handle
 * only while it runs, so a finished one is recognised by its start time instead: the one seen
 * running, or else the first started after the tasks listed before ours (a source queue runs one
 * task at a time, so a later one started after ours). Another tool's task is never reported as ours.
 */
function ourTask(tasks: readonly MoveTaskEntry[], mine: { taskHandle?: string; destinationArn: string; earlier: ReadonlySet<number>; startedAt?: number }): MoveTaskEntry | undefined {
  const byHandle = mine.taskHandle === undefined ? undefined : tasks.find((t) => t.TaskHandle === mine.taskHandle);
  if (byHandle) return byHandle;
  const finished = tasks.filter((t) => t.TaskHandle === undefined && t.DestinationArn === mine.destinationArn && t.StartedTimestamp !== undefined);
  if (mine.startedAt !== undefined) return finished.find((t) => t.StartedTimestamp === mine.startedAt);
  return finished.filter((t) => !mine.earlier.has(t.StartedTimestamp!)).sort((a, b) => a.StartedTimestamp! - b.StartedTimestamp!)[0];
}

interface BatchResult {
  readonly Successful?: ReadonlyArray<{ Id?: string }>;
  readonly Failed?: ReadonlyArray<{ Id?: string; Code?: string; Message?: string }>;
}

/** Entry ids SQS confirmed, and the failure of every other entry (one it did not mention counts as failed). */
function batchOutcome(ids: readonly string[], result: BatchResult): { succeeded: Set<string>; failed: Map<string, { code: string; message?: string }> } {
  const failed = new Map<string, { code: string; message?: string }>((result.Failed ?? []).map((f) => [f.Id!, { code: f.Code ?? "Unknown", message: f.Message }]));
  const succeeded = new Set((result.Successful ?? []).map((s) => s.Id!).filter((id) => !failed.has(id)));
  for (const id of ids) if (!succeeded.has(id) && !failed.has(id)) failed.set(id, { code: "NotInResponse" });
  return { succeeded, failed };
}

async function receiveSendDelete(options: RedriveOptions, waiting: number): Promise<{ moved: number; failed?: RedriveFailure[] }> {
  const { sqs, deadLetterQueueUrl, targetQueueUrl } = options;
  let moved = 0;
  // By message id: a message that failed and came back after its visibility timeout may move on a later pass.
  const failures = new Map<string, RedriveFailure>();
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"], VisibilityTimeout: 60 }));
    if (!Messages?.length) return failures.size ? { moved, failed: [...failures.values()] } : { moved };
    const ids = Messages.map((_, i) => String(i));
    const messageId = (id: string) => Messages[Number(id)].MessageId ?? `receipt ${Messages[Number(id)].ReceiptHandle?.slice(0, 16)}`;
    // Only failures came round again (their 60 s receive timeout ran out): a send or delete that
    // keeps failing must end the redrive, not loop through the DLQ forever.
    if (ids.every((id) => failures.has(messageId(id)))) return { moved, failed: [...failures.values()] };
    const sent = batchOutcome(
      ids,
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: targetQueueUrl, Entries: Messages.map((m, i) => ({ Id: ids[i], MessageBody: m.Body ?? "", MessageAttributes: m.MessageAttributes })) })),
    );
    for (const [id, { code, message }] of sent.failed) failures.set(messageId(id), { messageId: messageId(id), step: "send", code, message });
    // Only what reached the work queue leaves the DLQ: an unsent message must not be lost.
    const toDelete = ids.filter((id) => sent.succeeded.has(id));
    if (toDelete.length === 0) continue;
    const deleted = batchOutcome(
      toDelete,
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: deadLetterQueueUrl, Entries: toDelete.map((id) => ({ Id: id, ReceiptHandle: Messages[Number(id)].ReceiptHandle! })) })),
    );
    for (const [id, { code, message }] of deleted.failed) failures.set(messageId(id), { messageId: messageId(id), step: "delete", code, message });
    for (const id of deleted.succeeded) failures.delete(messageId(id));
    moved += deleted.succeeded.size;
    options.onProgress?.(moved, Math.max(waiting, moved));
  }
}
