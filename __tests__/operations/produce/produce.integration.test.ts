import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { writeMarketDataFile } from "../../../bench/validator/generate-market-data";
import { localClientOptions } from "../../../scripts/lib/local-clients";
import { kinesisClient, produceFile } from "../../../src/operations/produce";
import { startFailingProxy } from "./failing-proxy";
import { createStream, readStream, shardsUsed, useLocalKinesis, type ReadRecord } from "./kinesis-fixture";

const dir = mkdtempSync(join(tmpdir(), "produce-it-"));
const NY = "America/New_York";
const timeZones = { trades: NY, quotes: NY, bars: "UTC" };
/**
 * One request in flight: moto 5.2.1 gives a record the shard's highest sequence number + 1 without
 * a lock, so concurrent PutRecords on one shard overwrite each other's records (measured: 3,000
 * records sent with 4 requests in flight, 2,987 on the stream; all 3,000 with one).
 */
const LOCAL = { concurrency: 1 };

/** The trading date in New York in January (EST, UTC-5 all month), computed apart from the code under test. */
const newYorkJanuaryDate = (ts: string) => new Date(Date.parse(ts) - 5 * 3600_000).toISOString().slice(0, 10);

/** The records of a generated file as the validator reads them: CSV rows as text, JSON lines as parsed. */
function fileRecords(path: string): Record<string, unknown>[] {
  const text = path.endsWith(".gz") ? gunzipSync(readFileSync(path)).toString("utf8") : readFileSync(path, "utf8");
  if (path.includes(".csv")) return parse(text, { columns: true }) as Record<string, string>[];
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** Records read back = records in the file, each once, equal to it plus dataset and trading_date, in file order per symbol. */
function expectStreamHolds(read: readonly ReadRecord[], records: readonly Record<string, unknown>[], dataset: string, key: (r: Record<string, unknown>) => string) {
  expect(read).toHaveLength(records.length);
  const expected = new Map(records.map((r) => [key(r), { ...r, dataset, trading_date: newYorkJanuaryDate(String(r.ts)) }]));
  const seen = new Set<string>();
  for (const r of read) {
    const id = key(r.event);
    expect(seen.has(id)).toBe(false);
    seen.add(id);
    expect(r.event).toEqual(expected.get(id));
    expect(r.partitionKey).toBe(r.event.symbol);
  }
  // Within a shard, GetRecords returns sequence order: per symbol it must be the file's order.
  const position = new Map(records.map((r, i) => [key(r), i]));
  const last = new Map<string, number>();
  for (const r of read) {
    const i = position.get(key(r.event))!;
    expect(i).toBeGreaterThan(last.get(r.partitionKey) ?? -1);
    last.set(r.partitionKey, i);
  }
}

describe("produceFile against the local AWS server", () => {
  const server = useLocalKinesis();
  // ~5,000 trades from 01:00 UTC, ~10 s apart: both sides of 05:00 UTC, New York's midnight in January.
  const tradesCsv = join(dir, "dataset=trades", "trades.csv");
  beforeAll(async () => {
    require("node:fs").mkdirSync(join(dir, "dataset=trades"), { recursive: true });
    await writeMarketDataFile(tradesCsv, { dataset: "trades", format: "csv", date: "2026-01-15", targetBytes: 300_000, meanSpacingMs: 10_000, symbolCount: 200 });
  });

  it("writes a generated trades CSV to a 2-shard stream: records sent = records read back from every shard, each the record + dataset + trading_date", async () => {
    // Prepare
    const streamName = await createStream(server.kinesis(), 2);
    const records = fileRecords(tradesCsv);
    const dates = new Set(records.map((r) => newYorkJanuaryDate(String(r.ts))));
    // Act
    const summary = await produceFile({ ...LOCAL, kinesis: server.kinesis(), streamName, file: tradesCsv, timeZones });
    const read = await readStream(server.kinesis(), streamName);
    // Assess
    expect(dates).toEqual(new Set(["2026-01-14", "2026-01-15"])); // the file crosses New York's midnight
    expect(summary).toMatchObject({ dataset: "trades", timeZone: NY, read: records.length, sent: records.length, lost: 0, skipped: 0, retried: 0 });
    expect(summary.requests).toBeGreaterThanOrEqual(Math.ceil(records.length / 500));
    expect(shardsUsed(read)).toBe(2);
    expectStreamHolds(read, records, "trades", (r) => String(r.trade_id));
  });

  it("writes gzipped quotes JSON lines the same way", async () => {
    // Prepare
    const file = join(dir, "quotes.jsonl.gz");
    const plain = join(dir, "quotes.jsonl");
    await writeMarketDataFile(plain, { dataset: "quotes", format: "jsonl", date: "2026-01-15", targetBytes: 200_000, meanSpacingMs: 20_000, symbolCount: 50 });
    require("node:fs").writeFileSync(file, require("node:zlib").gzipSync(readFileSync(plain)));
    const streamName = await createStream(server.kinesis(), 3);
    const records = fileRecords(file);
    // Act
    const summary = await produceFile({ ...LOCAL, kinesis: server.kinesis(), streamName, file, dataset: "quotes", timeZones });
    const read = await readStream(server.kinesis(), streamName);
    // Assess
    expect(summary).toMatchObject({ read: records.length, sent: records.length, lost: 0 });
    expect(shardsUsed(read)).toBe(3);
    expectStreamHolds(read, records, "quotes", (r) => `${r.symbol}|${r.ts}|${r.bid_price}|${r.ask_price}|${r.bid_size}`);
  });

  it("sends again the entries the server rejects (a proxy fails some PutRecords entries, unwritten): none lost, none twice, order per symbol kept", async () => {
    // Prepare: the first 6 requests fail every 4th entry (InternalFailure) and then the tail of each as a throttled shard would
    const streamName = await createStream(server.kinesis(), 2);
    const proxy = await startFailingProxy(server.endpoint(), (_entry, position, request) => (request >= 6 ? undefined : position % 4 === 3 ? "InternalFailure" : position >= 300 ? "ProvisionedThroughputExceededException" : undefined));
    const kinesis = kinesisClient(localClientOptions(proxy.endpoint));
    const records = fileRecords(tradesCsv);
    try {
      // Act: strict order, so an entry failed in the middle of a request cannot be overtaken by a later one
      const summary = await produceFile({ ...LOCAL, kinesis, streamName, file: tradesCsv, timeZones, strictOrder: true, backoff: { baseMs: 5, capMs: 50 } });
      const read = await readStream(server.kinesis(), streamName);
      // Assess
      expect(proxy.failed.InternalFailure).toBeGreaterThan(0);
      expect(summary).toMatchObject({ read: records.length, sent: records.length, lost: 0, reordered: 0 });
      expect(summary.retries).toBe(Object.values(proxy.failed).reduce((a, b) => a + b, 0));
      expect(summary.errorCodes).toEqual(proxy.failed);
      expectStreamHolds(read, records, "trades", (r) => String(r.trade_id));
    } finally {
      kinesis.destroy();
      await proxy.close();
    }
  });
});
