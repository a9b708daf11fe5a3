import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { Presets, SingleBar } from "cli-progress";
import { createValidationHandler } from "../handlers/validation/handler";
import { LineageStore } from "../handlers/validation/lineage-store";
import { readSettings } from "../handlers/validation/settings";
import { snsAlerts } from "../handlers/validation/sns-alerts";
import { loadEnvironmentConfig } from "../src/config";
import { Naming } from "../src/config/naming";
import { lakeReferences } from "../src/stacks/lake-references";
import { injectS3Faults, type FaultCounters } from "./e2e/faults";
import { runGlueStage } from "./e2e/glue-stage";
import { runMarketEventsStage } from "./e2e/market-events-stage";
import { runStreamingStage } from "./e2e/streaming-stage";
import { loadRunInputs, plainRunInputs, poisonInput, type InputObject } from "./e2e/inputs";
import { printReconciliation, reconcile } from "./e2e/reconcile";
import { localClients } from "./lib/local-clients";
import { deployLocally } from "./lib/local-deploy";
import { startMotoServer, type MotoServer } from "./lib/moto-server";
import { backlog, drainQueue } from "./lib/sqs-poller";

const root = resolve(__dirname, "..", "..");
const USAGE = "Usage: npm run e2e -- [--keep] [--objects N --faults]";

function phase(name: string, detail = ""): () => void {
  const started = Date.now();
  process.stdout.write(`- ${name}${detail ? ` (${detail})` : ""} ...\n`);
  return () => process.stdout.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { keep: { type: "boolean", default: false }, objects: { type: "string" }, faults: { type: "boolean", default: false }, help: { type: "boolean", default: false } } });
  if (values.help) return console.log(USAGE), 0;
  const load = values.objects !== undefined;
  const objectCount = load ? Number(values.objects) : 0;
  if (load && !(Number.isInteger(objectCount) && objectCount > 0)) throw new Error(`--objects must be a whole number > 0, got ${values.objects}`);
  const work = join(root, "build", "e2e");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const motoLog = join(work, "moto.log");

  let done = phase("start local AWS API server", `log ${motoLog}`);
  const moto: MotoServer = await startMotoServer({ logFile: motoLog });
  done();
  let ok = false;
  // The handler runs in this process: a listener leak there (e.g. on the invocation deadline's
  // signal) fails the run instead of scrolling past as a warning.
  const leaks: string[] = [];
  const onWarning = (warning: Error) => void (warning.name === "MaxListenersExceededWarning" && leaks.push(warning.message));
  process.on("warning", onWarning);
  try {
    ok = await run(moto, work, load ? objectCount : 0, values.faults ?? false);
    await new Promise((resolve) => setImmediate(resolve));
    if (leaks.length) {
      console.log(`FAILED: listener leak warnings while the handler ran:\n  ${leaks.join("\n  ")}`);
      ok = false;
    }
    return ok ? 0 : 1;
  } finally {
    process.off("warning", onWarning);
    if (values.keep) console.log(`Local AWS API server left running at ${moto.endpoint} (pid ${moto.pid}); stop it with: kill ${moto.pid}`);
    else await moto.stop();
    if (!ok) console.log(`Server log kept at ${motoLog}`);
  }
}

async function run(moto: MotoServer, work: string, loadObjects: number, faults: boolean): Promise<boolean> {
  let done = phase("synth dev in local mode, terraform init + apply, second plan");
  const deployment = deployLocally({ root, workDir: work, endpoint: moto.endpoint, environment: "dev" });
  done();
  console.log(`  ${deployment.resources} resources; apply ${deployment.applySeconds.toFixed(0)} s; second plan ${deployment.planSeconds.toFixed(0)} s: no changes`);
  const out = deployment.outputs as Record<string, string>;
  const clients = localClients(moto.endpoint);
  const functionEnv = deployment.functionEnvironments[out.validation_function_name];
  if (!functionEnv) throw new Error(`deployed function ${out.validation_function_name} not found in state`);
  // The handler runs with exactly the environment Terraform deployed to the function.
  const settings = readSettings(functionEnv);
  const lineage = new LineageStore(clients.dynamo, { tableName: settings.lineageTable, ttlDays: settings.lineageTtlDays, leaseSeconds: 60 });
  const handlerS3 = localClients(moto.endpoint).s3;
  const poison = poisonInput();
  const injected = injectS3Faults(handlerS3, { slowDownRate: faults ? 0.03 : 0, crashRate: faults ? 0.01 : 0, poisonKey: poison.key });
  let duplicates = 0;
  const handler = createValidationHandler(
    { s3: handlerS3, lineage, alerts: snsAlerts(clients.sns, settings.alertTopicArn), metrics: { record: () => undefined, duplicate: () => void duplicates++ }, settings },
    {
      log: {
        info: () => undefined,
        warn: (message, extra) => console.log(`  warn: ${message} ${JSON.stringify(extra)}`),
        error: (message, extra) => console.log(`  error: ${message} ${JSON.stringify({ ...extra, error: String(extra.error) })}`),
      },
    },
  );
  const inputs: InputObject[] = loadObjects > 0 ? loadRunInputs(loadObjects, 2000) : plainRunInputs();
  const bucket = out.raw_bucket_name;

  done = phase("upload raw objects", `${inputs.length + 1} objects, ${inputs.reduce((n, i) => n + i.records, poison.records)} records`);
  await mapLimit([...inputs, poison], 8, (i) => clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: i.key, Body: i.body, ContentEncoding: i.contentEncoding })).then(() => undefined));
  done();

  done = phase("validate: poll the queue the bucket notified, run the handler in-process", faults ? "faults: 3% S3 SlowDown, 1% crash mid-object, 2% lost SQS deletes" : "poison object crashes every attempt");
  const bar = loadObjects > 0 && process.stdout.isTTY ? new SingleBar({ format: "  {bar} {value} messages handled", hideCursor: true }, Presets.shades_classic) : undefined;
  bar?.start(inputs.length + 1, 0);
  const started = Date.now();
  const poll = (loseDeletes = faults) =>
    drainQueue({ sqs: clients.sqs, queueUrl: out.validation_queue_url, queueArn: out.validation_queue_arn, handler, batchSize: 5, failDelete: loseDeletes ? () => Math.random() < 0.02 : undefined, timeoutMs: 900_000, onBatch: (s) => bar?.update(s.messages) });
  const stats = await poll();
  bar?.stop();
  done();
  const seconds = (Date.now() - started) / 1000;
  console.log(`  ${stats.invocations} invocations, ${stats.messages} messages, ${stats.failedMessages} failed and retried, ${stats.deleteFaults} deletes lost; ${summarizeFaults(injected.counters)}`);

  const dlqDepth = await backlog(clients.sqs, out.validation_dlq_url);
  const maxReceives = await maxReceiveCount(clients, out.validation_queue_url);
  if (!faults && dlqDepth !== 1) throw new Error(`only the poison object's message should be in the DLQ after ${maxReceives} receives; DLQ has ${dlqDepth}`);
  // Under faults other messages may join it, but each only after maxReceiveCount receives that all
  // failed or lost their delete, and the poller counted every one of those receives.
  const dlqBound = Math.floor((stats.failedMessages + stats.deleteFaults) / maxReceives);
  if (faults && (dlqDepth < 1 || dlqDepth > dlqBound)) {
    throw new Error(`the DLQ should hold the poison object's message and at most ${dlqBound - 1} fault victim(s) (${stats.failedMessages} failed receives + ${stats.deleteFaults} lost deletes, ${maxReceives} each); it has ${dlqDepth}`);
  }
  console.log(`  DLQ holds ${dlqDepth} message(s) after maxReceiveCount ${maxReceives} (the poison object${faults ? ` and ${dlqDepth - 1} fault victim(s), at most ${dlqBound - 1} possible` : ""})`);

  done = phase("redelivery of an already validated object's event");
  const [first] = inputs;
  const duplicatesBefore = duplicates;
  await clients.sqs.send(new SendMessageCommand({ QueueUrl: out.validation_queue_url, MessageBody: JSON.stringify({ Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(first.key), eTag: (await etag(clients, bucket, first.key)) } } }] }) }));
  // No lost deletes here: a lost delete makes SQS deliver the message again and the handler counts
  // a second duplicate, which would fail the check below by chance (the main phase loses deletes).
  await poll(false);
  done();
  if (duplicates !== duplicatesBefore + 1) throw new Error(`redelivery should be recognised as a duplicate once; saw ${duplicates - duplicatesBefore}`);

  done = phase("redrive the DLQ with `npm run redrive -- --env dev`, after fixing the cause");
  injected.healPoison();
  const redrive = spawnSync(process.execPath, [join(root, "dist", "scripts", "redrive.js"), "--env", "dev", "--endpoint", moto.endpoint], { encoding: "utf8" });
  if (redrive.status !== 0) throw new Error(`redrive failed: ${redrive.stderr}`);
  console.log(`  ${redrive.stdout.trim()}`);
  await poll();
  done();
  const left = await backlog(clients.sqs, out.validation_dlq_url);
  if (left !== 0) throw new Error(`${left} message(s) still in the DLQ after the redrive`);

  done = phase("reconcile every input against lineage and outputs");
  const rows = [];
  for (const input of [...inputs, poison]) rows.push(await reconcile(clients.s3, lineage, bucket, input));
  done();
  printReconciliation(rows);
  const records = rows.reduce((n, r) => n + r.recordsIn, 0);
  console.log(`Validated ${records} records in ${rows.length} objects in ${seconds.toFixed(1)} s (${(records / seconds).toFixed(0)} records/s, in-process handler against the local server)`);
  const problems = rows.filter((r) => r.problems.length > 0);
  if (problems.length) {
    console.log(`FAILED: ${problems.length} object(s) do not reconcile`);
    return false;
  }
  console.log("OK: every input record is accounted for (accepted + quarantined, exactly the rows broken on purpose quarantined for their rules), every object has its lineage item, redelivery did no work twice, the DLQ was redriven.");

  done = phase("ETL: read the Glue resources back, run both deployed job scripts in local Spark on the validated objects, upload the Parquet");
  const validated = { accepted: rows.reduce((n, r) => n + r.accepted, 0), resent: [...inputs, poison].reduce((n, i) => n + (i.resent ?? 0), 0) };
  const etlProblems = await runGlueStage({ clients, outputs: out, stackDir: deployment.stackDir, config: loadEnvironmentConfig("dev"), root, work, validated });
  done();
  if (etlProblems.length) {
    console.log(`FAILED: the ETL stage does not reconcile:\n  ${etlProblems.join("\n  ")}`);
    return false;
  }
  console.log("OK: raw -> processed -> curated reconciles (accepted = processed rows + duplicates dropped, bar volume = trade sizes, quote counts kept), and the Glue resources are as configured.");

  done = phase("stream: produce files to the deployed Kinesis stream, read every shard, run the real-time handler in-process");
  const realtimeEnv = deployment.functionEnvironments[out.realtime_function_name];
  if (!realtimeEnv) throw new Error(`deployed function ${out.realtime_function_name} not found in state`);
  const streamProblems = await runStreamingStage({ clients, outputs: out, functionEnv: realtimeEnv, config: loadEnvironmentConfig("dev"), work });
  done();
  if (streamProblems.length) {
    console.log(`FAILED: the streaming stage does not reconcile:\n  ${streamProblems.join("\n  ")}`);
    return false;
  }
  console.log("OK: every streamed record was read back and judged once (accepted + rejected), exactly the broken rows rejected for their rules, no batch item failure, the anomaly alert delivered.");

  done = phase("market events: terraform apply of market-events-dev (after the lake, src/stacks/deploy-order.ts), second plan");
  const events = deployLocally({ root, workDir: work, endpoint: moto.endpoint, environment: "dev", stack: "market-events-dev", synthesized: true });
  done();
  console.log(`  ${events.resources} resources; apply ${events.applySeconds.toFixed(0)} s; second plan ${events.planSeconds.toFixed(0)} s: no changes`);
  done = phase("market events: post through the ingest handler, bus -> saga-input queue -> the deployed saga in the ASL interpreter, Store failures injected; replay the archive");
  const dev = loadEnvironmentConfig("dev");
  const eventProblems = await runMarketEventsStage({ endpoint: moto.endpoint, clients, deployment: events, config: dev, alertTopicArn: lakeReferences(dev, new Naming(dev)).alertTopicArn, root });
  done();
  if (eventProblems.length) {
    console.log(`FAILED: the market events stage does not reconcile:\n  ${eventProblems.join("\n  ")}`);
    return false;
  }
  console.log("OK: posted = accepted + duplicate + rejected (each fault for its field), accepted = stored + compensated, compensated = injected and alerted, no duplicate reached the bus; the replay re-delivered every event, stored the compensated ones and rewrote nothing.");
  return true;
}

function summarizeFaults(c: FaultCounters): string {
  return `injected: ${c.slowDowns} SlowDown, ${c.crashes} crashes mid-object, ${c.poisonHits} poison reads`;
}

async function maxReceiveCount(clients: ReturnType<typeof localClients>, queueUrl: string): Promise<number> {
  const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["RedrivePolicy"] }));
  const count = Number((JSON.parse(Attributes?.RedrivePolicy ?? "{}") as { maxReceiveCount?: unknown }).maxReceiveCount);
  if (!(Number.isInteger(count) && count > 0)) throw new Error(`queue ${queueUrl} has no maxReceiveCount in its redrive policy: ${Attributes?.RedrivePolicy}`);
  return count;
}

async function etag(clients: ReturnType<typeof localClients>, bucket: string, key: string): Promise<string> {
  return ((await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag ?? "").replace(/"/g, "");
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`e2e failed: ${error.message}`);
    process.exit(1);
  },
);
