import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { SQSRecord } from "aws-lambda";
import { LineageStore } from "../../handlers/validation/lineage-store";
import { bundleHandler } from "../../src/bundling/handler-bundle";
import { projectRoot } from "../../src/bundling/project-root";
import { currentLineage } from "../../scripts/e2e/reconcile";
import { receiveAll, useLocalValidationStage } from "../support/validation-fixture";

/** Loads the bundle as Lambda would and invokes it once; the outcome goes to stderr, stdout is the function's log. */
const INVOKE = `
const { handler } = require(process.argv[2]);
const event = JSON.parse(require("node:fs").readFileSync(process.argv[3], "utf8"));
const context = { awsRequestId: "req-bundle-1", functionName: "validate-raw", invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:validate-raw", memoryLimitInMB: "1024", getRemainingTimeInMillis: () => 60000 };
handler(event, context).then(
  (response) => process.stderr.write("OUTCOME " + JSON.stringify({ response }) + "\\n"),
  (error) => process.stderr.write("OUTCOME " + JSON.stringify({ error: { name: error.name, message: error.message } }) + "\\n"),
);
`;

const TRADES = ["trade_id,symbol,ts,price,size,exchange,conditions", "T1,AAPL,2026-11-20T14:30:00.000001Z,190.01,100,Q,@", "T2,AAPL,2026-11-20T14:30:01.000001Z,-5,100,Q,@"];

/**
 * The deployment package itself (minified, SDK rewritten for tree shaking, environment-only
 * credentials) run in its own process with real SDK clients against a local AWS API, configured
 * only through the environment as in Lambda: what the other tests prove of the sources holds for
 * the bundle that is deployed.
 */
describe("the validation bundle against a local AWS API server", () => {
  const stage = useLocalValidationStage("bundle");
  let dir: string;
  let indexJs: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "validation-bundle-"));
    const root = projectRoot(__dirname);
    const bundle = bundleHandler({ name: "validation", entry: join(root, "handlers", "validation", "index.ts"), outDir: dir });
    for (const [file, bytes] of Object.entries(unzipSync(readFileSync(bundle.zipPath)))) writeFileSync(join(dir, file), bytes);
    indexJs = join(dir, "index.js");
    writeFileSync(join(dir, "invoke.js"), INVOKE);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function invoke(records: SQSRecord[]): Promise<{ outcome: { response?: unknown; error?: { name: string } }; stdout: Array<Record<string, any>> }> {
    writeFileSync(join(dir, "event.json"), JSON.stringify({ Records: records }));
    const run = await promisify(execFile)(process.execPath, [join(dir, "invoke.js"), indexJs, join(dir, "event.json")], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_ENDPOINT_URL: stage.moto.endpoint,
        AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
        _X_AMZN_TRACE_ID: "Root=1-6543abcd-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1",
        POWERTOOLS_SERVICE_NAME: "validate-raw",
        POWERTOOLS_METRICS_NAMESPACE: "MarketDataLake",
        ENVIRONMENT: "dev",
        LINEAGE_TABLE: stage.env.table,
        ALERT_TOPIC_ARN: stage.env.topicArn,
      },
    });
    const outcome = JSON.parse(/^OUTCOME (.*)$/m.exec(run.stderr)?.[1] ?? "null");
    return { outcome, stdout: run.stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line)) };
  }

  const lineage = () => new LineageStore(stage.clients.dynamo, { tableName: stage.env.table, ttlDays: 1, leaseSeconds: 60 });
  const lineageOf = (key: string) => currentLineage(stage.clients.s3, lineage(), stage.env.bucket, key);

  it("validates an object end to end: outputs, lineage, alert, EMF metrics and JSON logs", async () => {
    // Prepare
    const key = "dataset=trades/date=2026-11-20/bundled.csv";
    await stage.clients.s3.send(new PutObjectCommand({ Bucket: stage.env.bucket, Key: key, Body: `${TRADES.join("\n")}\n` }));
    const records = await receiveAll(stage.clients, stage.env.queueUrl);
    // Act
    const { outcome, stdout } = await invoke(records);
    // Assess
    expect(outcome).toEqual({ response: { batchItemFailures: [] } });
    expect(await lineageOf(key)).toMatchObject({ status: "VALIDATED", records_in: 2, accepted: 1, quarantined: 1, outputs: { validated: expect.any(String), quarantine: expect.any(String) } });
    expect(stdout).toContainEqual(expect.objectContaining({ service: "validate-raw", dataset: "trades", RecordsIn: 2, RecordsQuarantined: 1, _aws: expect.objectContaining({ CloudWatchMetrics: [expect.objectContaining({ Namespace: "MarketDataLake" })] }) }));
    expect(stdout).toContainEqual(
      expect.objectContaining({ level: "INFO", message: "object processed", cold_start: true, function_request_id: "req-bundle-1", xray_trace_id: "1-6543abcd-0123456789abcdef01234567", result: "validated" }),
    );
    const alerts = await receiveAll(stage.clients, stage.env.alertsUrl);
    expect(alerts.map((a) => JSON.parse(a.body))).toContainEqual(expect.objectContaining({ object: `s3://${stage.env.bucket}/${key}`, quarantined: 1 }));
  }, 60_000);

  it("fails the whole batch when its only object cannot be read, releasing the claim for the retry", async () => {
    // Prepare: a notification naming a version S3 does not have
    const key = "dataset=trades/date=2026-11-20/vanished.csv";
    await stage.clients.s3.send(new PutObjectCommand({ Bucket: stage.env.bucket, Key: key, Body: `${TRADES.join("\n")}\n` }));
    // The fixture queue's visibility is 1 s: on a loaded machine the first test's message, never
    // deleted, is visible again and comes back in the same receive. Take this object's own.
    const record = (await receiveAll(stage.clients, stage.env.queueUrl)).find((r) => r.body.includes("vanished.csv"))!;
    const body = JSON.parse(record.body);
    body.Records[0].s3.object.versionId = "nonexistentversion";
    // Act
    const { outcome } = await invoke([{ ...record, body: JSON.stringify(body) }]);
    // Assess
    expect(outcome.error?.name).toBe("FullBatchFailureError");
    const id = `${stage.env.bucket}/${key}#nonexistentversion`;
    expect(await lineage().read(id)).toMatchObject({ status: "PROCESSING", lease_until: 0, attempt: 1 });
  }, 60_000);

  it("holds no schema of an operation the handler never sends, and no event-stream codec", () => {
    const code = readFileSync(indexJs, "utf8");
    expect(code).toContain("CompleteMultipartUpload");
    for (const unused of ["SelectObjectContent", "PutBucketLifecycleConfiguration", "ListObjectsV2", "BatchWriteItem", "CreateTopic", ":event-type"]) expect(code).not.toContain(unused);
  });
});
