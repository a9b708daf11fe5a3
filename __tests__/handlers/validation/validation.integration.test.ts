import { gunzipSync, gzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { Context, SQSRecord } from "aws-lambda";
import { createValidationHandler } from "../../../handlers/validation/handler";
import { decodeS3Key } from "../../../handlers/validation/s3-event";
import type { ProcessorDeps } from "../../../handlers/validation/object-processor";
import { currentLineage } from "../../../scripts/e2e/reconcile";
import type { LocalClients } from "../../../scripts/lib/local-clients";
import { acknowledge, processorDeps, receiveAll, recordingMetrics, useLocalValidationStage, type ValidationEnvironment } from "../../support/validation-fixture";

const context = { functionName: "validate-raw", awsRequestId: "test", getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const TRADES_HEADER = "trade_id,symbol,ts,price,size,exchange,conditions";
const goodTrades = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => `T${offset + i},AAPL,2026-11-20T14:30:${String(i % 60).padStart(2, "0")}.${String(i).padStart(6, "0")}Z,${(190 + (i % 10) * 0.01).toFixed(2)},${100 + i},Q,@`);

describe("validation handler against a local AWS API server", () => {
  const stage = useLocalValidationStage("it");
  let clients: LocalClients;
  let env: ValidationEnvironment;
  beforeAll(() => ({ clients, env } = stage));

  async function put(key: string, body: string | Buffer, contentEncoding?: string): Promise<void> {
    await clients.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: key, Body: body, ContentEncoding: contentEncoding }));
  }

  /** One Lambda poll: receive what the bucket notified, run the handler, delete what succeeded. */
  async function poll(deps: ProcessorDeps = processorDeps(clients, env)): Promise<{ records: SQSRecord[]; failed: string[] }> {
    const records = await receiveAll(clients, env.queueUrl);
    const handler = createValidationHandler(deps, { log: quiet });
    // A thrown invocation (thrown when every record failed) returns the whole batch to the queue.
    const failed = records.length
      ? await handler({ Records: records }, context).then(
          (response) => response.batchItemFailures.map((f) => f.itemIdentifier),
          (error: Error) => {
            expect(error.name).toBe("FullBatchFailureError");
            return records.map((r) => r.messageId);
          },
        )
      : [];
    await acknowledge(clients, env.queueUrl, records, failed);
    return { records, failed };
  }

  async function text(key: string): Promise<string> {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: env.bucket, Key: key }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    return (key.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  }

  async function keys(prefix: string): Promise<string[]> {
    const { Contents } = await clients.s3.send(new ListObjectsV2Command({ Bucket: env.bucket, Prefix: prefix }));
    return (Contents ?? []).map((c) => c.Key!).sort();
  }

  async function lineageOf(key: string): Promise<Record<string, any>> {
    return (await currentLineage(clients.s3, processorDeps(clients, env).lineage, env.bucket, key))!;
  }

  it("acknowledges the s3:TestEvent and validates a CSV object with bad rows, accounting for every record", async () => {
    // Prepare
    const key = "dataset=trades/date=2026-11-20/nyse feed+1.csv";
    const lines = [TRADES_HEADER, ...goodTrades(50), "T900,AAPL,2026-11-20T14:31:00Z,-5,100,Q,@", "T901,aapl!,2026-11-20T14:31:00Z,190.1,100,Q,@", "T902,AAPL,not-a-time,190.1,100,Q,@"];
    await put(key, `${lines.join("\n")}\n`);
    // Act
    const { failed } = await poll();
    // Assess
    expect(failed).toEqual([]);
    const lineage = await lineageOf(key);
    expect(lineage).toMatchObject({ status: "VALIDATED", dataset: "trades", records_in: 53, accepted: 50, quarantined: 3 });
    expect(lineage.records_in).toBe(lineage.accepted + lineage.quarantined);
    const [validated] = await keys("validated/dataset=trades/date=2026-11-20/nyse feed+1.");
    expect((await text(validated)).trim().split("\n")).toHaveLength(50);
    const [quarantine] = await keys("quarantine/dataset=trades/date=2026-11-20/nyse feed+1.");
    const rejects = (await text(quarantine)).trim().split("\n").map((l) => JSON.parse(l));
    expect(rejects.map((r) => r.line)).toEqual([52, 53, 54]);
    expect(rejects[0]).toMatchObject({ text: "T900,AAPL,2026-11-20T14:31:00Z,-5,100,Q,@", rule: expect.any(String), message: expect.any(String) });
    const [report] = await keys("reports/dataset=trades/date=2026-11-20/nyse feed+1.");
    expect(JSON.parse(await text(report))).toMatchObject({ status: "VALIDATED", recordsIn: 53, accepted: 50, quarantined: 3 });
    // The raw object is untouched.
    expect(await text(key)).toBe(`${lines.join("\n")}\n`);
  });

  it("publishes a data-quality alert when the reject rate passes the threshold", async () => {
    // Prepare: 2 bad rows in 10, far above the 1% threshold
    const key = "dataset=trades/date=2026-11-20/rejecty.csv";
    await put(key, `${[TRADES_HEADER, ...goodTrades(8), "T900,AAPL,2026-11-20T14:31:00Z,-5,100,Q,@", "T901,aapl!,2026-11-20T14:31:00Z,190.1,100,Q,@"].join("\n")}\n`);
    // Act
    const { failed } = await poll();
    // Assess: other tests' alerts may be queued too
    expect(failed).toEqual([]);
    const bodies = (await receiveAll(clients, env.alertsUrl)).map((m) => JSON.parse(m.body));
    expect(bodies.filter((b) => b.object === `s3://${env.bucket}/${key}`)).toEqual([expect.objectContaining({ status: "VALIDATED", recordsIn: 10, quarantined: 2, threshold: 0.01 })]);
  });

  it("validates gzip JSON lines, detected by the .gz suffix", async () => {
    const key = "dataset=quotes/date=2026-11-20/quotes-001.jsonl.gz";
    const quotes = Array.from({ length: 20 }, (_, i) => JSON.stringify({ symbol: "MSFT", ts: `2026-11-20T15:00:${String(i).padStart(2, "0")}Z`, bid_price: 410.1, bid_size: 100, ask_price: 410.2, ask_size: 200, exchange: "Q" }));
    await put(key, gzipSync(`${quotes.join("\n")}\n`));
    expect((await poll()).failed).toEqual([]);
    expect(await lineageOf(key)).toMatchObject({ status: "VALIDATED", records_in: 20, accepted: 20, quarantined: 0 });
  });

  it.each([
    ["a truncated gzip", "dataset=trades/date=2026-11-20/cut.csv.gz", gzipSync(`${[TRADES_HEADER, ...goodTrades(2000)].join("\n")}\n`).subarray(0, 3000), /truncated-gzip/],
    ["an empty object", "dataset=trades/date=2026-11-20/empty.csv", Buffer.alloc(0), /empty/],
    ["non-UTF-8 bytes", "dataset=trades/date=2026-11-20/latin1.csv", Buffer.concat([Buffer.from(`${TRADES_HEADER}\nT1,AAPL,2026-11-20T14:30:00Z,190.1,100,Q,`), Buffer.from([0xe9, 0xff]), Buffer.from("\n")]), /encoding/],
    ["an unknown dataset", "dataset=options/date=2026-11-20/chain.csv", Buffer.from(`${TRADES_HEADER}\n`), /unknown-dataset/],
  ])("records %s as FAILED with the reason, leaves no partial output and does not retry", async (_what, key, body, reason) => {
    await put(key, body);
    const { failed } = await poll();
    expect(failed).toEqual([]);
    const lineage = await lineageOf(key);
    expect(lineage).toMatchObject({ status: "FAILED", failure_reason: expect.stringMatching(reason) });
    const base = key.split("/").pop()!.replace(/\..*$/, "");
    expect((await keys("validated/")).filter((k) => k.includes(`/${base}.`))).toEqual([]);
  });

  it("does no work twice when the same event is delivered again", async () => {
    // Prepare: a processed object and a copy of its notification
    const key = "dataset=trades/date=2026-11-20/dup.csv";
    await put(key, `${[TRADES_HEADER, ...goodTrades(5)].join("\n")}\n`);
    const first = await receiveAll(clients, env.queueUrl);
    const handler = createValidationHandler(processorDeps(clients, env), { log: quiet });
    await handler({ Records: first }, context);
    await acknowledge(clients, env.queueUrl, first, []);
    const outputsBefore = await keys("validated/dataset=trades/date=2026-11-20/dup.");
    // Act: redeliver it (the batch may also hold the bucket's s3:TestEvent when this test runs first)
    const notification = first.find((r) => JSON.parse(r.body).Records?.some((n: any) => decodeS3Key(n.s3.object.key) === key));
    expect(notification).toBeDefined();
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: notification!.body }));
    const metrics = recordingMetrics();
    const { failed } = await poll(processorDeps(clients, env, { metrics }));
    // Assess
    expect(failed).toEqual([]);
    expect(metrics.duplicates).toBe(1);
    expect(metrics.recorded).toEqual([]);
    expect(await keys("validated/dataset=trades/date=2026-11-20/dup.")).toEqual(outputsBefore);
    expect(await lineageOf(key)).toMatchObject({ status: "VALIDATED", attempt: 1 });
  });

  it("retries a message whose object keeps failing transiently, then leaves it in the DLQ with its claim released", async () => {
    // Prepare: S3 reads throttle every time
    const key = "dataset=trades/date=2026-11-20/throttled.csv";
    await put(key, `${[TRADES_HEADER, ...goodTrades(3)].join("\n")}\n`);
    const throttled = { ...clients.s3, send: async (command: unknown) => {
      if (command instanceof GetObjectCommand) throw Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $metadata: { httpStatusCode: 503 } });
      return clients.s3.send(command as never);
    } } as unknown as typeof clients.s3;
    const deps = processorDeps(clients, env, { s3: throttled });
    // Act: the poller receives it three times; each time the handler reports it failed
    const failures: string[][] = [];
    for (let receive = 0; receive < 3; receive++) {
      failures.push((await poll(deps)).failed);
      await new Promise((r) => setTimeout(r, 1100)); // visibility timeout
    }
    const afterThree = await receiveAll(clients, env.queueUrl);
    // Assess
    expect(failures.map((f) => f.length)).toEqual([1, 1, 1]);
    expect(afterThree).toEqual([]);
    const dead = await receiveAll(clients, env.dlqUrl);
    expect(dead.map((r) => decodeS3Key(JSON.parse(r.body).Records[0].s3.object.key))).toContain(key);
    expect(await lineageOf(key)).toMatchObject({ status: "PROCESSING", lease_until: 0, attempt: 3, last_error: "Please reduce your request rate." });
    // Once S3 recovers, the redriven message completes the same lineage item.
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: dead[0].body }));
    expect((await poll()).failed).toEqual([]);
    expect(await lineageOf(key)).toMatchObject({ status: "VALIDATED", attempt: 4, records_in: 3 });
  }, 30_000);
});
