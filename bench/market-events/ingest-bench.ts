/**
 * The market events ingest function: events per CPU-second (stub EventBridge and idempotency store),
 * the idempotency check's cost per event (Powertools over an in-memory store, and over DynamoDB on
 * the local AWS server), and its deployment package (zip size, cold require).
 * Build and run (package.json: bench:market-events):
 *   npx esbuild bench/market-events/ingest-bench.ts --bundle --platform=node --target=node20 --external:esbuild --outfile=build/bench/ingest-bench.js
 *   node build/bench/ingest-bench.js [--events 20000] [--batch 100] [--runs 3] [--moto-events 1000] [--no-moto]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { unzipSync } from "fflate";
import { checkEvents, type ValidEvent } from "../../handlers/market-events/event-validation";
import { createIngestHandler } from "../../handlers/market-events/handler";
import { IdempotentPublisher } from "../../handlers/market-events/idempotent-publish";
import type { PublishReport } from "../../handlers/market-events/event-publisher";
import { bundleHandler } from "../../src/bundling/handler-bundle";
import { projectRoot } from "../../src/bundling/project-root";
import { coldRequireMs, printTable, type BenchRow, measureQuietly, type Measured } from "../../scripts/lib/bench-table";
import { localClientOptions } from "../../scripts/lib/local-clients";
import { startMotoServer } from "../../scripts/lib/moto-server";
import { ENV, MemoryPersistence, SETTINGS, apiEvent } from "../../__tests__/handlers/market-events/ingest-fixture";
import { seededRandom } from "../validator/generate-market-data";

const DATE = "2026-11-20";
const START_MS = Date.parse(`${DATE}T14:30:00Z`);
const SYMBOLS = Array.from({ length: 500 }, (_, i) => `S${i.toString(36).toUpperCase().padStart(3, "0")}`);
const settings = { ...SETTINGS, maxEventsPerRequest: 1000, maxBodyBytes: 10 * 1024 * 1024, partitionTimeZones: { trades: "America/New_York", quotes: "America/New_York", bars: "America/New_York" } };


/** 45% trades, 45% quotes, 10% order books of 10 levels a side; ~0.5% break a rule. */
function generateEvents(count: number, run: string): Array<Record<string, unknown>> {
  const next = seededRandom(20261120);
  const prices = SYMBOLS.map(() => 20 + next() * 500);
  return Array.from({ length: count }, (_, i) => {
    const s = Math.floor(next() * SYMBOLS.length);
    prices[s]! *= 1 + (next() - 0.5) * 0.002;
    const price = Number(prices[s]!.toFixed(2));
    const time = new Date(START_MS + i * 4).toISOString();
    const bad = next() < 0.005;
    const roll = next();
    const base = { version: "1", id: `${run}-${i}`, source: "bench", time };
    if (roll < 0.45) return { ...base, type: "trade", data: { trade_id: `${run}-T${i}`, symbol: SYMBOLS[s], ts: time, price: bad ? -price : price, size: 100 + (i % 900), exchange: "Q" } };
    if (roll < 0.9) return { ...base, type: "quote", data: { symbol: SYMBOLS[s], ts: time, bid_price: price, bid_size: 300, ask_price: bad ? price * 0.99 : Number((price + 0.01).toFixed(2)), ask_size: 200 } };
    const bids = Array.from({ length: 10 }, (_, k) => ({ price: Number((price - 0.01 * (k + 1)).toFixed(2)), size: 100 * (k + 1) }));
    const asks = Array.from({ length: 10 }, (_, k) => ({ price: Number((price + 0.01 * k).toFixed(2)), size: 100 * (k + 1) }));
    return { ...base, type: "orderbook", data: { symbol: SYMBOLS[s], ts: time, bids: bad ? [...bids].reverse() : bids, asks } };
  });
}

/** EventBridge that answers at once: the bench measures the function's CPU, not the network. */
const instantBus = {
  async send(command: { input: { Entries: unknown[] } }) {
    return { FailedEntryCount: 0, Entries: command.input.Entries.map((_, i) => ({ EventId: `e${i}` })) };
  },
} as unknown as EventBridgeClient;
const instantPublish = async (events: readonly ValidEvent[]): Promise<PublishReport> => ({ outcomes: events.map(() => ({ ok: true as const, eventId: "e", attempts: 1 })), retries: 0, requests: 0 });


const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const throughput = (name: string, events: number, m: Measured, target: string, floor?: number): BenchRow => ({
  name,
  value: `${fmt(events / m.cpuSeconds)} ev/CPU-s (${fmt(events / m.wallSeconds)} ev/s wall)`,
  target,
  met: floor === undefined ? undefined : events / m.cpuSeconds >= floor,
});
const perEvent = (name: string, events: number, m: Measured, target = "-"): BenchRow => ({ name, value: `${((m.cpuSeconds / events) * 1e6).toFixed(1)} us CPU/event, ${((m.wallSeconds / events) * 1e3).toFixed(3)} ms wall/event`, target });

function requests(events: ReadonlyArray<Record<string, unknown>>, size: number): APIGatewayProxyEventV2WithJWTAuthorizer[] {
  const out: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
  for (let i = 0; i < events.length; i += size) out.push(apiEvent({ events: events.slice(i, i + size) }));
  return out;
}

function bundleRows(): BenchRow[] {
  const root = projectRoot(__dirname);
  const out = mkdtempSync(join(tmpdir(), "mdl-ingest-bench-"));
  try {
    const bundle = bundleHandler({ name: "market-events-ingest", entry: join(root, "handlers", "market-events", "index.ts"), outDir: out });
    const codeFile = join(out, "ingest-index.js");
    writeFileSync(codeFile, Buffer.from(unzipSync(readFileSync(bundle.zipPath))["index.js"]!));
    const requireMs = coldRequireMs(codeFile, { ...process.env, AWS_REGION: "us-east-1", ...ENV });
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    return [
      { name: "ingest handler: minified index.js", value: kb(bundle.codeBytes), target: "-" },
      { name: "ingest handler: deployment zip (code + source map)", value: kb(bundle.zipBytes), target: "<= 1 MB", met: bundle.zipBytes <= 1024 * 1024 },
      { name: "ingest handler: cold require (median of 7)", value: `${requireMs.toFixed(0)} ms`, target: "<= 100 ms", met: requireMs <= 100 },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Powertools idempotency over DynamoDB on the local AWS server (moto): claim + complete per event. */
async function motoRows(count: number, batch: number): Promise<BenchRow[]> {
  const moto = await startMotoServer();
  try {
    const dynamo = new DynamoDBClient({ ...localClientOptions(moto.endpoint), maxAttempts: 1 });
    await dynamo.send(new CreateTableCommand({ TableName: "bench-idempotency", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
    const publisher = new IdempotentPublisher({ persistenceStore: new DynamoDBPersistenceLayer({ tableName: "bench-idempotency", awsSdkV3Client: dynamo }), windowSeconds: 3600, publish: instantPublish });
    const valid = checkEvents(generateEvents(count, "moto"), settings, "bench", new Date().toISOString()).filter((c): c is ValidEvent => c.valid === true);
    const fresh = await measureQuietly(1, async () => {
      for (let i = 0; i < valid.length; i += batch) await publisher.run("bench", valid.slice(i, i + batch), undefined, () => {});
    });
    let duplicates = 0;
    const replay = await measureQuietly(1, async () => {
      for (let i = 0; i < valid.length; i += batch) duplicates += (await publisher.run("bench", valid.slice(i, i + batch), undefined, () => {})).filter((r) => r.status === "duplicate").length;
    });
    if (duplicates !== valid.length) throw new Error(`expected ${valid.length} duplicates, got ${duplicates}`);
    return [
      perEvent(`idempotency on moto DynamoDB, new ids (PutItem + UpdateItem), ${batch} concurrent`, valid.length, fresh),
      perEvent(`idempotency on moto DynamoDB, duplicates (PutItem refused, ALL_OLD)`, valid.length, replay),
    ];
  } finally {
    await moto.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: "string", default: "20000" }, batch: { type: "string", default: "100" }, runs: { type: "string", default: "3" }, "moto-events": { type: "string", default: "1000" }, "no-moto": { type: "boolean", default: false } } });
  const count = Number(values.events);
  const batch = Number(values.batch);
  const runs = Number(values.runs);
  const perRun = Array.from({ length: runs }, (_, r) => generateEvents(count, `r${r}`));
  // Built before measuring: the bodies are the producer's work, not the function's.
  const bodies = perRun.map((events) => requests(events, batch));

  const parseOnly = await measureQuietly(runs, (r) => {
    for (const req of bodies[r]!) JSON.parse(req.body!);
  });
  const validateOnly = await measureQuietly(runs, (r) => {
    for (const req of bodies[r]!) checkEvents((JSON.parse(req.body!) as { events: unknown[] }).events, settings, "bench", "2026-11-20T14:30:01.000Z");
  });
  const valid = perRun.map((events, r) => checkEvents(events, settings, "bench", "2026-11-20T14:30:01.000Z").filter((c): c is ValidEvent => c.valid === true).map((v) => ({ ...v, id: `${v.id}-${r}` })));
  const idempotencyStub = await measureQuietly(runs, async (r) => {
    const publisher = new IdempotentPublisher({ persistenceStore: new MemoryPersistence(), windowSeconds: 3600, publish: instantPublish });
    const events = valid[r]!;
    for (let i = 0; i < events.length; i += batch) await publisher.run("bench", events.slice(i, i + batch), undefined, () => {});
  });
  let accepted = 0;
  const whole = await measureQuietly(runs, async (r) => {
    const handler = createIngestHandler({ eventBridge: instantBus, persistenceStore: new MemoryPersistence(), settings });
    accepted = 0;
    for (const req of bodies[r]!) accepted += (JSON.parse((await handler(req)).body!) as { counts: { accepted: number } }).counts.accepted;
  });
  const designRate = 100_000 / 60;
  const rows: BenchRow[] = [
    throughput("JSON.parse of the bodies only (floor)", count, parseOnly, "-"),
    throughput("checkEvents: envelope + lake rules / book rules + bus entry", count, validateOnly, "-"),
    perEvent("idempotency (Powertools, in-memory store, instant publish)", valid[0]!.length, idempotencyStub),
    throughput("handler: parse, validate, idempotency (memory), PutEvents (instant), EMF, logs", count, whole, `>= ${fmt(10 * designRate)} (10x 100k/min)`, 10 * designRate),
  ];
  if (!values["no-moto"]) rows.push(...(await motoRows(Number(values["moto-events"]), batch)));
  rows.push(...bundleRows());
  printTable(`Market events ingest: ${fmt(count)} events (${fmt(accepted)} accepted) in requests of ${batch}, best of ${runs}`, rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
