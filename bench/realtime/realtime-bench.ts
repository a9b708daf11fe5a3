/**
 * Records per CPU-second of the real-time function, on ~200k generated records of the three
 * datasets in Kinesis batches, and its deployment package (zip size, cold require).
 * Build and run (package.json: bench:realtime):
 *   npx esbuild bench/realtime/realtime-bench.ts --bundle --platform=node --target=node20 --external:esbuild --outfile=build/bench/realtime-bench.js
 *   node build/bench/realtime-bench.js [--records 200000] [--batch 1000] [--runs 3]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { createRealtimeHandler } from "../../handlers/realtime/handler";
import { analyseBatch } from "../../handlers/realtime/record-processor";
import type { RealtimeSettings } from "../../handlers/realtime/settings";
import { bundleHandler } from "../../src/bundling/handler-bundle";
import { lakeHandlerSources } from "../../src/bundling/lake-handlers";
import { projectRoot } from "../../src/bundling/project-root";
import { deploymentRows, printTable, type BenchRow, measureQuietly, type Measured } from "../../scripts/lib/bench-table";
import { seededRandom } from "../validator/generate-market-data";

const DATE = "2026-11-20";
const DAY_START_MS = Date.parse(`${DATE}T14:30:00Z`);
const SYMBOLS = Array.from({ length: 500 }, (_, i) => `S${i.toString(36).toUpperCase().padStart(3, "0")}`);
const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/market-data-bench";

const SETTINGS: RealtimeSettings = {
  alertTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts-bench",
  environment: "bench",
  priceJumpRatio: 0.1,
  maxSpreadRatio: 0.05,
  outOfOrderPolicy: "flag",
  maxGapSeconds: 60,
  partitionTimeZones: { trades: "America/New_York", quotes: "America/New_York", bars: "America/New_York" },
  serviceName: "realtime-bench",
  metricsNamespace: "Bench",
};


/**
 * Mixed records as a producer sends them: 50% trades, 40% quotes, 10% bars, 500 symbols, ~4 ms
 * apart in event time; about 0.5% break a rule, 0.1% are anomalies (jumps, locked quotes).
 */
function generateEvents(count: number): string[] {
  const next = seededRandom(20261120);
  const prices = SYMBOLS.map(() => 20 + next() * 500);
  const events: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = Math.floor(next() * SYMBOLS.length);
    const symbol = SYMBOLS[s]!;
    prices[s]! *= 1 + (next() - 0.5) * 0.002;
    const price = Number(prices[s]!.toFixed(2));
    const ts = new Date(DAY_START_MS + i * 4).toISOString();
    const roll = next();
    const bad = next() < 0.005;
    const odd = next() < 0.001;
    let event: Record<string, unknown>;
    if (roll < 0.5) {
      event = { dataset: "trades", trading_date: DATE, trade_id: `T${i}`, symbol, ts, price: bad ? -price : odd ? price * 1.5 : price, size: 100 + (i % 900), exchange: "Q", conditions: "@" };
    } else if (roll < 0.9) {
      const spread = odd ? 0 : 0.01;
      event = { dataset: "quotes", trading_date: DATE, symbol, ts, bid_price: price, bid_size: 300, ask_price: bad ? price * 0.99 : Number((price + spread).toFixed(2)), ask_size: 200, exchange: "Q" };
    } else {
      event = { dataset: "bars", trading_date: DATE, symbol, ts, open: price, high: price * 1.01, low: bad ? price * 1.02 : price * 0.99, close: price, volume: 10_000 + i, vwap: price, trade_count: 40 };
    }
    events.push(JSON.stringify(event));
  }
  return events;
}

function toBatches(events: readonly string[], batchSize: number): KinesisStreamEvent[] {
  const batches: KinesisStreamEvent[] = [];
  for (let start = 0; start < events.length; start += batchSize) {
    const records: KinesisStreamRecord[] = events.slice(start, start + batchSize).map((data, j) => {
      const sequenceNumber = `4959033827149025660855969253836157109592157598913${String(start + j).padStart(7, "0")}`;
      return {
        kinesis: { kinesisSchemaVersion: "1.0", partitionKey: "p", sequenceNumber, data: Buffer.from(data).toString("base64"), approximateArrivalTimestamp: DAY_START_MS / 1000 },
        eventSource: "aws:kinesis",
        eventVersion: "1.0",
        eventID: `shardId-000000000000:${sequenceNumber}`,
        eventName: "aws:kinesis:record",
        invokeIdentityArn: "arn:aws:iam::123456789012:role/bench",
        awsRegion: "us-east-1",
        eventSourceARN: STREAM_ARN,
      };
    });
    batches.push({ Records: records });
  }
  return batches;
}

/** SNS that answers at once: the bench measures the function's CPU, not the network. */
const instantSns = {
  async send(command: { input: { PublishBatchRequestEntries: Array<{ Id: string }> } }) {
    return { Successful: command.input.PublishBatchRequestEntries.map((e) => ({ Id: e.Id })), Failed: [] };
  },
} as unknown as SNSClient;


function throughputRow(name: string, records: number, m: Measured, target: string, floor?: number): BenchRow {
  const perCpu = records / m.cpuSeconds;
  const value = `${Math.round(perCpu).toLocaleString("en-US")} rec/CPU-s (${Math.round(records / m.wallSeconds).toLocaleString("en-US")} rec/s wall)`;
  return { name, value, target, met: floor === undefined ? undefined : perCpu >= floor };
}

/** The deployment package as synth builds it, against the Lambda limits (zip size, cold require). */
function bundleRows(): BenchRow[] {
  const out = mkdtempSync(join(tmpdir(), "mdl-rt-bench-"));
  try {
    const bundle = bundleHandler({ name: "realtime", outDir: out, ...lakeHandlerSources(projectRoot(__dirname)).realtime });
    return deploymentRows("realtime", bundle, {
      ...process.env,
      AWS_REGION: "us-east-1",
      ALERT_TOPIC_ARN: SETTINGS.alertTopicArn,
      ENVIRONMENT: "bench",
      PRICE_JUMP_RATIO: "0.1",
      MAX_SPREAD_RATIO: "0.05",
      OUT_OF_ORDER_POLICY: "flag",
      MAX_GAP_SECONDS: "60",
      PARTITION_TIME_ZONES: JSON.stringify(SETTINGS.partitionTimeZones),
      POWERTOOLS_SERVICE_NAME: "realtime-bench",
      POWERTOOLS_METRICS_NAMESPACE: "Bench",
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { records: { type: "string", default: "200000" }, batch: { type: "string", default: "1000" }, runs: { type: "string", default: "3" } } });
  const count = Number(values.records);
  const batchSize = Number(values.batch);
  const runs = Number(values.runs);
  const batches = toBatches(generateEvents(count), batchSize);
  const records = batches.reduce((n, b) => n + b.Records.length, 0);

  const decodeOnly = await measureQuietly(runs, () => {
    for (const batch of batches) for (const r of batch.Records) JSON.parse(Buffer.from(r.kinesis.data, "base64").toString("utf8"));
  });
  let anomalies = new Map<string, number>();
  let rejected = 0;
  const analyseOnly = await measureQuietly(runs, () => {
    anomalies = new Map();
    rejected = 0;
    for (const batch of batches) {
      const analysis = analyseBatch(batch.Records, SETTINGS);
      for (const a of analysis.anomalies) anomalies.set(a.kind, (anomalies.get(a.kind) ?? 0) + 1);
      rejected += analysis.verdicts.filter((v) => v.status === "rejected").length;
    }
  });
  let failures = 0;
  const whole = await measureQuietly(runs, async () => {
    // A new handler per run: the alert memory starts empty, as in a new container.
    const handler = createRealtimeHandler({ sns: instantSns, settings: SETTINGS });
    failures = 0;
    for (const batch of batches) failures += (await handler(batch)).batchItemFailures.length;
  });
  if (failures !== 0) throw new Error(`${failures} batch item failures with an SNS that never fails`);

  const designRate = 100_000 / 60;
  printTable(`Real-time function: ${records.toLocaleString("en-US")} records (${rejected} rejected; anomalies: ${[...anomalies].map(([k, n]) => `${n} ${k}`).join(", ")}) in batches of ${batchSize}, best of ${runs}`, [
    throughputRow("base64 + JSON.parse only (floor)", records, decodeOnly, "-"),
    throughputRow("analyseBatch: decode + shared rules + anomalies", records, analyseOnly, "-"),
    throughputRow("handler: + alerts (instant SNS), EMF, logs, batch response", records, whole, `>= ${Math.round(10 * designRate).toLocaleString("en-US")} (10x 100k/min)`, 10 * designRate),
    ...bundleRows(),
  ]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
