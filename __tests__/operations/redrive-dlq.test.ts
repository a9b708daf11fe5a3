import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { redriveDeadLetters } from "../../src/operations/redrive-dlq";
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

  async function depth(url: string): Promise<number> {
    const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }));
    return Number(Attributes!.ApproximateNumberOfMessages);
  }

  it("falls back to receive/send/delete where message move tasks are missing, and moves every message once", async () => {
    // Prepare
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("fallback", 25);
    const progress: number[] = [];
    // Act
    const report = await redriveDeadLetters({ sqs: clients.sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, onProgress: (moved) => progress.push(moved) });
    // Assess
    expect(report).toMatchObject({ method: "receive-send", waiting: 25, moved: 25, fallbackReason: expect.stringMatching(/^StartMessageMoveTask failed \(/) });
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
    // Prepare: an SQS client that supports move tasks (as AWS does), over the local queues for attributes
    const { queueUrl, dlqUrl } = await queuesWithDeadLetters("move-task", 3);
    const statuses = ["RUNNING", "COMPLETED"];
    const sent: string[] = [];
    const sqs = {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        sent.push(command.constructor.name);
        if (command.constructor.name === "StartMessageMoveTaskCommand") return { TaskHandle: "task-1" };
        if (command.constructor.name === "ListMessageMoveTasksCommand") {
          const status = statuses.shift()!;
          return { Results: [{ TaskHandle: "task-1", Status: status, ApproximateNumberOfMessagesMoved: status === "COMPLETED" ? 3 : 1 }] };
        }
        return clients.sqs.send(command as never);
      },
    } as unknown as SQSClient;
    // Act
    const report = await redriveDeadLetters({ sqs, deadLetterQueueUrl: dlqUrl, targetQueueUrl: queueUrl, pollIntervalMs: 1 });
    // Assess
    expect(report).toEqual({ method: "move-task", waiting: 3, moved: 3 });
    expect(sent.filter((c) => c === "ListMessageMoveTasksCommand")).toHaveLength(2);
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
