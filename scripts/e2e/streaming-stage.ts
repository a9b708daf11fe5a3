import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type _Record as KinesisRecord } from "@aws-sdk/client-kinesis";
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { SubscribeCommand, type SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { RULES } from "../../handlers/validation/core/rules";
import { createRealtimeHandler } from "../../handlers/realtime/handler";
import { REALTIME_METRIC_CATALOG } from "../../handlers/shared/metric-catalog";
import { readRealtimeSettings } from "../../handlers/realtime/settings";
import type { EnvironmentConfig } from "../../src/config";
import { produceFile } from "../../src/operations/produce/produce-file";
import { renderTable } from "../lib/bench-table";
import { kinesisStreamEvent } from "../lib/kinesis-lambda-event";
import { createQueue } from "../lib/local-queue";
import { capturingStdout, sumEmfLines, type MetricSums } from "./emf-lines";
import { E2E_DATE, generated, type BadRow } from "./inputs";

/** Every record of every shard, from the start of the stream (the local server: no SubscribeToShard). */
async function readEveryShard(kinesis: KinesisClient, streamArn: string): Promise<Map<string, KinesisRecord[]>> {
  const byShard = new Map<string, KinesisRecord[]>();
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamARN: streamArn }));
  for (const { ShardId } of Shards) {
    const records: KinesisRecord[] = [];
    let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamARN: streamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ StreamARN: streamArn, ShardIterator: iterator, Limit: 1000 }));
      records.push(...(page.Records ?? []));
      if (!page.Records?.length) break; // caught up: an open shard always returns a next iterator
      iterator = page.NextShardIterator;
    }
    byShard.set(ShardId!, records);
  }
  return byShard;
}

async function alertsOnQueue(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    if (!Messages.length) empty++;
    for (const m of Messages) {
      bodies.push(String((JSON.parse(m.Body ?? "{}") as { Message?: string }).Message ?? m.Body));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  return bodies;
}

/** The streamed file's bad rows the real-time rules must reject: the producer dates each record by its own timestamp, so a timestamp far from the file's day is a valid record on the stream. */
export function expectedStreamRejects(badRows: readonly BadRow[]): Map<string, number> {
  const expected = new Map<string, number>();
  for (const { rule } of badRows) if (rule !== RULES.timestampPartition) expected.set(rule, (expected.get(rule) ?? 0) + 1);
  return expected;
}

/**
 * The streaming half of the local run: `npm run produce`'s library sends a real trades file (with
 * bad rows) and a quotes file (with a crossed quote) to the deployed stream; every shard is read
 * back with GetRecords and fed, in shard order and in the deployed batch size, to the real-time
 * handler in-process with the environment Terraform deployed to the function; the counts reconcile
 * (sent = read = records in = accepted + rejected; rejects by rule = the rows broken on purpose),
 * no record comes back as a batch item failure, and the crossed quote's alert reaches a queue
 * subscribed to the alert topic.
 */
export async function runStreamingStage(options: {
  clients: { kinesis: KinesisClient; sns: SNSClient; sqs: SQSClient };
  outputs: Record<string, any>;
  functionEnv: Record<string, string>;
  config: EnvironmentConfig;
  work: string;
}): Promise<string[]> {
  const { clients, outputs, config } = options;
  const problems: string[] = [];
  const dir = join(options.work, "stream");
  mkdirSync(dir, { recursive: true });
  const trades = generated({ dataset: "trades", format: "csv", targetBytes: 150_000, seed: 31 }, 0.02);
  const tradesFile = join(dir, "trades-stream.csv");
  writeFileSync(tradesFile, trades.body);
  const crossed = { symbol: "ZZXQ", ts: `${E2E_DATE}T15:00:00.000000000Z`, bid_price: 10.05, bid_size: 100, ask_price: 10.01, ask_size: 200, exchange: "Q" };
  const quotes = [{ ...crossed, ts: `${E2E_DATE}T14:59:59.000000000Z`, bid_price: 10.0 }, crossed];
  const quotesFile = join(dir, "quotes-stream.jsonl");
  writeFileSync(quotesFile, quotes.map((q) => JSON.stringify(q)).join("\n") + "\n");

  const { url: alertQueue, arn: alertQueueArn } = await createQueue(clients.sqs, "e2e-alert-subscriber");
  await clients.sns.send(new SubscribeCommand({ TopicArn: outputs.alert_topic_arn, Protocol: "sqs", Endpoint: alertQueueArn }));

  let sent = 0;
  for (const [file, dataset] of [[tradesFile, "trades"], [quotesFile, "quotes"]] as const) {
    // One request in flight: moto 5.2.1 numbers a shard's records without a lock, so concurrent PutRecords lose records there.
    const summary = await produceFile({ kinesis: clients.kinesis, streamName: outputs.stream_name, file, dataset, timeZones: config.partitionTimeZones, concurrency: 1 });
    if (summary.lost || summary.skipped) problems.push(`produce ${file}: ${summary.lost} lost, ${summary.skipped} skipped`);
    sent += summary.sent;
    console.log(`  produced ${summary.sent} ${dataset} records in ${summary.requests} PutRecords request(s), ${summary.retried} retried, ${summary.lost} lost`);
  }

  const settings = readRealtimeSettings(options.functionEnv);
  // Warnings per rejected record would bury the run's output; the metrics carry the counts checked below.
  const handler = createRealtimeHandler({ sns: clients.sns, settings, logger: new Logger({ serviceName: settings.serviceName, logLevel: "ERROR" }) });
  const byShard = await readEveryShard(clients.kinesis, outputs.stream_arn);
  const batchSize = config.streaming.batchSize;
  const metrics: MetricSums = new Map();
  let read = 0;
  let failures = 0;
  for (const [shardId, records] of byShard) {
    read += records.length;
    for (let i = 0; i < records.length; i += batchSize) {
      const event = kinesisStreamEvent(records.slice(i, i + batchSize), { streamArn: outputs.stream_arn, shardId });
      const { result, text } = await capturingStdout(() => handler(event));
      sumEmfLines(text, metrics);
      failures += result.batchItemFailures.length;
    }
  }
  const m = Object.fromEntries(Object.entries(REALTIME_METRIC_CATALOG).map(([k, v]) => [k, v.name])) as { [K in keyof typeof REALTIME_METRIC_CATALOG]: string };
  const count = (name: string) => metrics.get(name) ?? 0;
  const checks: [string, number, number][] = [
    ["records sent = records read from every shard", sent, read],
    ["records read = the handler's RecordsIn", read, count(m.recordsIn)],
    ["RecordsIn = RecordsAccepted + RecordsRejected", count(m.recordsIn), count(m.recordsAccepted) + count(m.recordsRejected)],
    ["batch item failures", 0, failures],
  ];
  // The crossed quote breaks the record rules too (quote.crossed), besides raising its anomaly.
  const expected = new Map([...expectedStreamRejects(trades.badRows), [RULES.quoteCrossed, 1]]);
  const measuredRules = [...metrics.keys()].filter((k) => k.startsWith(`${m.rejectsByRule}/`)).map((k) => k.slice(m.rejectsByRule.length + 1));
  for (const rule of new Set([...expected.keys(), ...measuredRules])) checks.push([`rejected for ${rule} = records broken so`, expected.get(rule) ?? 0, count(`${m.rejectsByRule}/${rule}`)]);
  checks.push(["rejected in all = records broken for the record rules", [...expected.values()].reduce((a, b) => a + b, 0), count(m.recordsRejected)]);
  console.log(renderTable(["stream -> real-time function", "expected", "measured", "result"], checks.map(([name, a, b]) => [name, String(a), String(b), a === b ? "ok" : "MISMATCH"])));
  problems.push(...checks.filter(([, a, b]) => a !== b).map(([name, a, b]) => `${name}: ${a} != ${b}`));

  const alerts = await alertsOnQueue(clients.sqs, alertQueue);
  if (!alerts.some((a) => a.includes("ZZXQ") && /crossed/i.test(a))) problems.push(`no crossed-quote alert for ZZXQ among the ${alerts.length} alert(s) on the topic`);
  console.log(`  ${alerts.length} anomaly alert(s) reached the alert topic's subscriber (the crossed ZZXQ quote among them); ${count(m.anomalies)} anomalies detected`);
  return problems;
}
