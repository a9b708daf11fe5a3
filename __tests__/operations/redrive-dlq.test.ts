import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type ListMessageMoveTasksResultEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { redriveDeadLetters, redriveSummary } from "../../src/operations/redrive-dlq";
import { localClients, type LocalClients } from "../../scripts/lib/local-clients";
import { startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";
import { receiveAll } from "../support/validation-fixture";

describe("redriveDeadLetters", () => {
  let moto: MotoServer;
  let clients: LocalClients;

  beforeAll(async () => {
    moto = await startMotoServer();
    clients = localClients(moto.endpoint);
  }, 30_000);
  afterAll(async () => moto?.stop());

  async function queuesWithDeadLetters(name: string, count: number): Promise<{ queueUrl: string; dlqUrl: string }> {
    const dlqUrl = (await clients.sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
    const queueUrl = (await clients.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    for (let i = 0; i < count; i++) await clients.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: `message-${i}` }));
    return { queueUrl, dlqUrl };
  }

  async function depth(url: string, attribute: "ApproximateNumberOfMessages" | "ApproximateNumberOfMessagesNotVisible" = "ApproximateNumberOfMessages"): Promise<number> {
    const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [attribute] }));
    return Number(Attributes![attribute]);
  }

  async function arn(url: string): Promise<string> {
    const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
    return Attributes!.QueueArn!;
  }

  type Command = { constructor: { name: string }; input: Record<string, any> };

  /** The local SQS, with `intercept` given each command first (return undefined to pass it on). */
  function interceptedSqs(intercept: (command: Command, forward: (command: Command) => Promise<any>) => Promise<unknown> | undefined): SQSClient {
    const forward = (command: Command) => clients.sqs.send(command as never);
    return { send: (command: Command) => intercept(command, forward) ?? forward(command) } as unknown as SQSClient;
  }

  /**
   * An SQS that supports move tasks (as AWS does) over the local queues: StartMessageMoveTask
   * returns "task-1", and ListMessageMoveTasks answers with `lists` in turn, the last one repeated.
   */
  function moveTaskSqs(lists: ListMessageMoveTasksResultEntry[][], sent: string[] = []): SQSClient {
    return interceptedSqs((command) => {
      sent.push(command.constructor.name);
      if (command.constructor.name === "StartMessageMoveTaskCommand") return Promise.resolve({ TaskHandle: "task-1" });
      if (command.constructor.name === "ListMessageMoveTasksCommand") return Promise.resolve({ Results: lists.length > 1 ? lists.shift() : lists[0] });
      return undefined;
    });
  }

  it("falls back to receive/send/delete where message move tasks are missing, and moves every message once", async () => {
    // Prepare
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("fallback", 25);
    const progress: number[] = [];
    // Act
    const report = await redriveDeadLetters({ sqs: clients.sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, onProgress: (moved) => progress.push(moved) });
    // Assess
    expect(report).toMatchObject({ method: "receive-send", waiting: 25, moved: 25, fallbackReason: expect.stringMatching(/^ListMessageMoveTasks failed \(/) });
    expect(await depth(dlqUrl)).toBe(0);
    const bodies = (await receiveAll(clients, queueUrl)).map((r) => r.body).sort();
    expect(bodies).toEqual(Array.from({ length: 25 }, (_, i) => `message-${i}`).sort());
    expect(progress[progress.length - 1]).toBe(25);
  });

  it("reports zero for an empty dead-letter queue", async () => {
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("empty", 0);
    await expect(redriveDeadLetters({ sqs: clients.sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, method: "receive-send" })).resolves.toEqual({ method: "receive-send", waiting: 0, moved: 0 });
  });

  it("uses the SQS message move task where it exists and waits for it to complete", async () => {
    // Prepare: SQS lists a task's handle only while it runs
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("move-task", 3);
    const task = { SourceArn: await arn(dlqUrl), DestinationArn: await arn(queueUrl), StartedTimestamp: 2000 };
    const sent: string[] = [];
    const sqs = moveTaskSqs([[], [{ ...task, TaskHandle: "task-1", Status: "RUNNING", ApproximateNumberOfMessagesMoved: 1 }], [{ ...task, Status: "COMPLETED", ApproximateNumberOfMessagesMoved: 3 }]], sent);
    // Act
    const report = await redriveDeadLetters({ sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, pollIntervalMs: 1 });
    // Assess
    expect(report).toEqual({ method: "move-task", waiting: 3, moved: 3 });
    expect(sent.filter((c) => c === "ListMessageMoveTasksCommand")).toHaveLength(3);
  });

  it("reports its own move task, never another task listed for the same queue", async () => {
    // Prepare: an earlier task of the queue, listed first, and ours listed one poll late
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("move-task-other", 3);
    const queues = { SourceArn: await arn(dlqUrl), DestinationArn: await arn(queueUrl) };
    const earlier = { ...queues, Status: "COMPLETED", StartedTimestamp: 1000, ApproximateNumberOfMessagesMoved: 99 };
    const ours = { ...queues, StartedTimestamp: 2000 };
    const sqs = moveTaskSqs([
      [earlier],
      [earlier],
      [earlier, { ...ours, TaskHandle: "task-1", Status: "RUNNING", ApproximateNumberOfMessagesMoved: 2 }],
      [earlier, { ...ours, Status: "COMPLETED", ApproximateNumberOfMessagesMoved: 3 }],
    ]);
    // Act
    const report = await redriveDeadLetters({ sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, pollIntervalMs: 1 });
    // Assess
    expect(report).toEqual({ method: "move-task", waiting: 3, moved: 3 });
  });

  it("recognises its move task by start time when it finished before the first poll", async () => {
    // Prepare: by the first poll, ours is done (no handle) and another tool's later task is listed too
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("move-task-fast", 3);
    const queues = { SourceArn: await arn(dlqUrl), DestinationArn: await arn(queueUrl), Status: "COMPLETED" };
    const earlier = { ...queues, StartedTimestamp: 1000, ApproximateNumberOfMessagesMoved: 99 };
    const sqs = moveTaskSqs([[earlier], [{ ...queues, StartedTimestamp: 3000, ApproximateNumberOfMessagesMoved: 7 }, earlier, { ...queues, StartedTimestamp: 2000, ApproximateNumberOfMessagesMoved: 3 }]]);
    // Act
    const report = await redriveDeadLetters({ sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, pollIntervalMs: 1 });
    // Assess
    expect(report).toEqual({ method: "move-task", waiting: 3, moved: 3 });
  });

  it("fails, rather than polling forever, when its move task is never listed", async () => {
    // Prepare: only a task of another source queue is listed
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("move-task-lost", 3);
    const other = { SourceArn: await arn(queueUrl), DestinationArn: await arn(dlqUrl), TaskHandle: "task-1", Status: "COMPLETED", StartedTimestamp: 2000, ApproximateNumberOfMessagesMoved: 5 };
    const sqs = moveTaskSqs([[other]]);
    // Act
    const act = redriveDeadLetters({ sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, pollIntervalMs: 1 });
    // Assess
    await expect(act).rejects.toThrow(/message move task task-1 from .*move-task-lost-dlq is not listed/);
  });

  /** Bodies of what the redrive received (by message id) and deleted from the DLQ, seen through `sqs`. */
  function watchDeadLetters(intercept: (command: Command, forward: (command: Command) => Promise<any>) => Promise<unknown> | undefined = () => undefined) {
    const bodyById = new Map<string, string>();
    const bodyByReceipt = new Map<string, string>();
    const deleted: string[] = [];
    const sqs = interceptedSqs((command, forward) => {
      if (command instanceof ReceiveMessageCommand) {
        return forward(command).then((out) => {
          for (const m of out.Messages ?? []) bodyById.set(m.MessageId, m.Body), bodyByReceipt.set(m.ReceiptHandle, m.Body);
          return out;
        });
      }
      if (command instanceof DeleteMessageBatchCommand) for (const e of command.input.Entries ?? []) deleted.push(bodyByReceipt.get(e.ReceiptHandle!)!);
      return intercept(command, forward);
    });
    return { sqs, bodyById, deleted };
  }

  it("moves only what it sent: a message whose send failed is not deleted, stays in the DLQ and is reported", async () => {
    // Prepare: SQS refuses one entry of a send batch
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("send-fails", 12);
    const watched = watchDeadLetters((command, forward) => {
      if (!(command instanceof SendMessageBatchCommand)) return undefined;
      const entries = command.input.Entries ?? [];
      const refused = entries.find((e) => e.MessageBody === "message-4");
      if (!refused) return undefined;
      const rest = new SendMessageBatchCommand({ QueueUrl: command.input.QueueUrl, Entries: entries.filter((e) => e !== refused) });
      return forward(rest).then((out) => ({ ...out, Failed: [{ Id: refused.Id, SenderFault: false, Code: "InternalError", Message: "We encountered an internal error." }] }));
    });
    // Act
    const report = await redriveDeadLetters({ sqs: watched.sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, method: "receive-send" });
    // Assess
    expect(report).toEqual({ method: "receive-send", waiting: 12, moved: 11, failed: [{ messageId: expect.any(String), step: "send", code: "InternalError", message: "We encountered an internal error." }] });
    expect(watched.bodyById.get(report.failed![0].messageId)).toBe("message-4");
    expect(watched.deleted.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `message-${i}`).filter((b) => b !== "message-4").sort());
    expect((await receiveAll(clients, queueUrl)).map((r) => r.body)).toHaveLength(11);
    expect(await depth(dlqUrl, "ApproximateNumberOfMessagesNotVisible")).toBe(1);
  });

  it("counts a message whose delete failed as not moved, and reports it with SQS's error code", async () => {
    // Prepare: one delete entry carries a receipt handle the server rejects, as an expired one would be
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("delete-fails", 12);
    const watched = watchDeadLetters((command, forward) => {
      if (!(command instanceof DeleteMessageBatchCommand)) return undefined;
      const entries = command.input.Entries ?? [];
      if (entries.length !== 10) return undefined;
      return forward(new DeleteMessageBatchCommand({ QueueUrl: command.input.QueueUrl, Entries: entries.map((e, i) => (i === 0 ? { ...e, ReceiptHandle: "expired-receipt-handle" } : e)) }));
    });
    // Act
    const report = await redriveDeadLetters({ sqs: watched.sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, method: "receive-send" });
    // Assess: sent, so in the work queue, but still in the DLQ too
    expect(report).toEqual({ method: "receive-send", waiting: 12, moved: 11, failed: [{ messageId: expect.any(String), step: "delete", code: "ReceiptHandleIsInvalid", message: expect.any(String) }] });
    const stuck = watched.bodyById.get(report.failed![0].messageId);
    expect((await receiveAll(clients, queueUrl)).map((r) => r.body)).toContain(stuck);
    expect(await depth(dlqUrl, "ApproximateNumberOfMessagesNotVisible")).toBe(1);
  });

  it("ends when only its failures come round again, instead of looping while a send keeps failing", async () => {
    // Prepare: every send fails, and received messages are visible again at once (as after 60 s)
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("send-always-fails", 3);
    let receives = 0;
    const sqs = interceptedSqs((command, forward) => {
      if (command instanceof ReceiveMessageCommand) {
        receives++;
        return forward(new ReceiveMessageCommand({ ...command.input, VisibilityTimeout: 0 }));
      }
      if (command instanceof DeleteMessageBatchCommand) throw new Error("nothing was sent, so nothing may be deleted");
      if (!(command instanceof SendMessageBatchCommand)) return undefined;
      return Promise.resolve({ Successful: [], Failed: (command.input.Entries ?? []).map((e) => ({ Id: e.Id, SenderFault: false, Code: "KMS.ThrottlingException", Message: "throttled" })) });
    });
    // Act
    const report = await redriveDeadLetters({ sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, method: "receive-send" });
    // Assess
    expect(report.moved).toBe(0);
    expect(report.failed?.map((f) => [f.step, f.code])).toEqual(Array.from({ length: 3 }, () => ["send", "KMS.ThrottlingException"]));
    expect(receives).toBeLessThan(10);
  });

  it("summarises, for the CLI, which messages were not moved and what became of them", () => {
    // Prepare
    const report = {
      method: "receive-send",
      waiting: 5,
      moved: 3,
      failed: [
        { messageId: "m-1", step: "send", code: "InternalError", message: "We encountered an internal error." },
        { messageId: "m-2", step: "delete", code: "ReceiptHandleIsInvalid" },
      ],
    } as const;
    // Act
    const lines = redriveSummary(report, "q-dlq", "q");
    // Assess
    expect(lines).toEqual([
      "Redrive q-dlq -> q: moved 3 of 5 waiting, method receive-send; 2 not moved",
      "  m-1: send failed (InternalError: We encountered an internal error.): not sent, still in the DLQ",
      "  m-2: delete failed (ReceiptHandleIsInvalid): sent, but also still in the DLQ",
    ]);
  });

  it("is what `npm run redrive -- --env dev` runs, finding the queues by the environment's names", async () => {
    // Prepare: the dev environment's validation queues
    const { dlqUrl } = await queuesWithDeadLetters("mdl-dev-use1-validation", 4);
    // Act
    const cli = spawnSync(process.execPath, [join(__dirname, "..", "..", "dist", "scripts", "redrive.js"), "--env", "dev", "--endpoint", moto.endpoint], { encoding: "utf8" });
    // Assess
    expect(cli.stderr).not.toContain("Redrive failed");
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/Redrive mdl-dev-use1-validation-dlq -> mdl-dev-use1-validation: moved 4 of 4 waiting, method receive-send \(move task unavailable: /);
    expect(await depth(dlqUrl)).toBe(0);
  });

  it("explains its usage and the allowed methods", () => {
    const script = join(__dirname, "..", "..", "dist", "scripts", "redrive.js");
    const noEnv = spawnSync(process.execPath, [script], { encoding: "utf8" });
    expect(noEnv.status).toBe(2);
    expect(noEnv.stdout).toContain("Usage: npm run redrive -- --env <dev|staging|prod>");
    const badMethod = spawnSync(process.execPath, [script, "--env", "dev", "--method", "teleport"], { encoding: "utf8" });
    expect(badMethod.stderr).toContain('--method "teleport" is not allowed; use auto, move-task or receive-send');
  });
});
