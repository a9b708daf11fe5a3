/**
 * Producer benchmark: `npm run produce`'s library (src/operations/produce) writing a generated
 * trades CSV into a Kinesis stream on the local AWS server (moto), against the naive baseline in
 * the same run: one PutRecord call per record, for a smaller sample. Every record is read back
 * from every shard afterwards, so a fast number that lost records cannot pass.
 * Build and run (`npm run bench:producer`):
 *   npx esbuild bench/producer/producer-bench.ts --bundle --platform=node --target=node20 --outfile=build/bench/producer-bench.js
 *   node build/bench/producer-bench.js [--records 100000] [--baseline 3000] [--shards 4]
 * The local server is one Python process: the figures measure the producer against it, not AWS.
 * Requests go one at a time (moto numbers a shard's records without a lock, so concurrent
 * PutRecords lose records there); on AWS the default is 4 in flight. moto also finds a shard's
 * last sequence number by listing all its records (models.py, Shard.put_record), so each put costs
 * more as the shard fills: the rate falls with the file's size. The first row, the same file into a
 * client that answers at once, is the producer's own ceiling (reading, parsing, encoding, batching).
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, CreateStreamCommand, PutRecordCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { writeMarketDataFile } from "../validator/generate-market-data";
import { localClientOptions } from "../../scripts/lib/local-clients";
import { startMotoServer } from "../../scripts/lib/moto-server";
import { printTable, type BenchRow } from "../../scripts/lib/bench-table";
import { kinesisClient, produceFile, toStreamEvent } from "../../src/operations/produce";

const root = resolve(__dirname, "..", "..");
/** The design's sizing: 100,000 events a minute across all feeds. */
const DESIGN_RECORDS_PER_SECOND = 100_000 / 60;

async function countStream(kinesis: KinesisClient, streamName: string): Promise<number> {
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  let n = 0;
  for (const shard of Shards ?? []) {
    let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      if (!page.Records?.length) break;
      n += page.Records.length;
      iterator = page.NextShardIterator;
    }
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { records: { type: "string", default: "100000" }, baseline: { type: "string", default: "3000" }, shards: { type: "string", default: "4" } } });
  const target = Number(values.records);
  const baselineCount = Number(values.baseline);
  const shards = Number(values.shards);
  const dir = join(root, "build", "bench", "producer", "dataset=trades");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `trades-${target}.csv`);
  // ~62 bytes a generated trade line: size the file for about `target` records (cached between runs).
  try {
    statSync(file);
  } catch {
    await writeMarketDataFile(file, { dataset: "trades", format: "csv", date: "2026-01-15", targetBytes: target * 62, meanSpacingMs: 500 });
  }
  const lines = readFileSync(file, "utf8").trimEnd().split("\n");
  const header = lines[0]!.split(",");

  const moto = await startMotoServer();
  const kinesis = kinesisClient(localClientOptions(moto.endpoint));
  try {
    const create = async (name: string) => {
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      return name;
    };
    // The producer's own ceiling: the same file into a client that writes every entry at once.
    const instant = { send: async (command: { input: { Records?: unknown[] } }) => ({ FailedRecordCount: 0, Records: (command.input.Records ?? []).map((_, i) => ({ SequenceNumber: String(i), ShardId: "shardId-000000000000" })), $metadata: {} }) };
    const ceiling = await produceFile({ kinesis: instant as never, streamName: "none", file, timeZones: { trades: "America/New_York" } });

    // The producer on the whole file.
    const streamName = await create("bench-producer");
    const summary = await produceFile({ kinesis, streamName, file, timeZones: { trades: "America/New_York" }, concurrency: 1 });
    const onStream = await countStream(kinesis, streamName);
    if (onStream !== summary.sent || summary.lost || summary.skipped) throw new Error(`producer: sent ${summary.sent}, lost ${summary.lost}, skipped ${summary.skipped}, on the stream ${onStream}`);

    // Baseline: one PutRecord per record, the same events, for the first `baselineCount` records.
    const baselineStream = await create("bench-put-record");
    const events = lines.slice(1, baselineCount + 1).map((line) => {
      const values = line.split(","); // generated trades hold no quoted commas
      const result = toStreamEvent(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ""])), "trades", "America/New_York");
      if (!("event" in result)) throw new Error("generated record too large");
      return result.event;
    });
    const started = performance.now();
    for (const event of events) await kinesis.send(new PutRecordCommand({ StreamName: baselineStream, PartitionKey: event.partitionKey, Data: event.data }));
    const baselineSeconds = (performance.now() - started) / 1000;
    const baselineRate = events.length / baselineSeconds;
    const rate = summary.sent / summary.seconds;
    const mbPerSecond = summary.bytesSent / 1e6 / summary.seconds;

    const ceilingRate = ceiling.sent / ceiling.seconds;
    const rows: BenchRow[] = [
      { name: "producer alone (client answering at once)", value: `${Math.round(ceilingRate).toLocaleString("en-US")} records/s, ${(ceiling.bytesSent / 1e6 / ceiling.seconds).toFixed(1)} MB/s`, target: `>= ${Math.round(DESIGN_RECORDS_PER_SECOND).toLocaleString("en-US")} records/s (100k/min)`, met: ceilingRate >= DESIGN_RECORDS_PER_SECOND },
      { name: `producer into moto: ${summary.sent.toLocaleString("en-US")} records, ${summary.requests} PutRecords`, value: `${Math.round(rate).toLocaleString("en-US")} records/s`, target: "-" },
      { name: "producer into moto", value: `${mbPerSecond.toFixed(2)} MB/s`, target: "-" },
      { name: "producer: records per request", value: (summary.sent / summary.requests).toFixed(1), target: "-" },
      { name: `baseline: PutRecord per record (${events.length.toLocaleString("en-US")})`, value: `${Math.round(baselineRate).toLocaleString("en-US")} records/s`, target: "-" },
      { name: "producer vs baseline", value: `${(rate / baselineRate).toFixed(1)}x`, target: ">= 5x", met: rate / baselineRate >= 5 },
      { name: "records read back = sent", value: `${onStream.toLocaleString("en-US")} = ${summary.sent.toLocaleString("en-US")}`, target: "equal", met: onStream === summary.sent },
    ];
    printTable(`Producer into the local AWS server (moto, ${shards} shards, 1 request in flight; MB = 10^6 bytes of data + partition keys)`, rows);
  } finally {
    kinesis.destroy();
    await moto.stop();
  }
}

main().catch((error: Error) => {
  console.error(`Producer bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
