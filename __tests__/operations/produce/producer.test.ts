import { fullJitterDelayMs, produceRecords, RateLimiter, summaryLines, allSent } from "../../../src/operations/produce";
import { awsError } from "../preflight/preflight-fixture";
import { orderBreaks, stubKinesis, type EntryDecision } from "./kinesis-stub";
import { items, seeded, trades, tradeIndex } from "./produce-fixture";

const stream = { streamName: "mdl-dev-use1-market-records" };
const fast = { baseMs: 1, capMs: 5 };
const base = { stream, dataset: "trades" as const, timeZone: "America/New_York", backoff: fast, random: seeded() };

/** Each written event once, equal to its record plus dataset and trading_date. */
function expectEachOnce(written: { event: Record<string, unknown> }[], records: Record<string, string>[]) {
  const byId = new Map(written.map((w) => [w.event.trade_id, w.event]));
  expect(written).toHaveLength(records.length);
  expect(byId.size).toBe(records.length);
  for (const record of records) expect(byId.get(record.trade_id)).toEqual({ ...record, dataset: "trades", trading_date: "2026-01-15" });
}

describe("producer retries", () => {
  it("sends again the entries a throttled shard failed, loses none, counts them and keeps each symbol's order", async () => {
    // Prepare: as a shard over its write limit does, each request's entries past the 40th of a shard fail
    // (a suffix of each shard's entries, so a suffix of each symbol's)
    const records = trades(3000);
    const kinesis = stubKinesis({ decide: ({ shardPosition }) => (shardPosition >= 40 ? "ProvisionedThroughputExceededException" : "write"), latencyMs: () => 2 });
    // Act
    const summary = await produceRecords(items(records), { ...base, kinesis, maxAttempts: 100 });
    // Assess
    expectEachOnce(kinesis.written, records);
    expect(summary).toMatchObject({ read: 3000, sent: 3000, lost: 0, skipped: 0, reordered: 0 });
    expect(summary.retried).toBeGreaterThan(0);
    expect(summary.errorCodes.ProvisionedThroughputExceededException).toBe(summary.retries);
    // Every send is a request entry: firsts plus retries
    expect(kinesis.requests.reduce((n, r) => n + r.Records.length, 0)).toBe(3000 + summary.retries);
    expect(orderBreaks(kinesis.written, tradeIndex)).toBe(0);
    expect(allSent(summary)).toBe(true);
  });

  it("with --strict-order keeps each symbol's order even where Kinesis fails an entry and writes a later one of the same request", async () => {
    // Prepare: InternalFailure strikes single entries anywhere in a request
    const records = trades(1000);
    const random = seeded(7);
    const decide = (): EntryDecision => (random() < 0.1 ? "InternalFailure" : "write");
    const kinesis = stubKinesis({ decide });
    // Act
    const summary = await produceRecords(items(records), { ...base, kinesis, strictOrder: true, maxAttempts: 50 });
    // Assess
    expectEachOnce(kinesis.written, records);
    expect(summary).toMatchObject({ sent: 1000, lost: 0, reordered: 0 });
    expect(summary.retried).toBeGreaterThan(50);
    expect(orderBreaks(kinesis.written, tradeIndex)).toBe(0);
    expect(kinesis.requests.every((r) => new Set(r.Records.map((e) => e.PartitionKey)).size === r.Records.length)).toBe(true);
  });

  it("without --strict-order reports the records Kinesis wrote ahead of a failed earlier one of their symbol, and still loses none", async () => {
    // Prepare
    const records = trades(2000);
    const random = seeded(7);
    const kinesis = stubKinesis({ decide: () => (random() < 0.1 ? "InternalFailure" : "write") });
    // Act
    const summary = await produceRecords(items(records), { ...base, kinesis, maxAttempts: 50 });
    // Assess
    expectEachOnce(kinesis.written, records);
    expect(summary.lost).toBe(0);
    expect(summary.reordered).toBeGreaterThan(0);
    expect(orderBreaks(kinesis.written, tradeIndex)).toBeGreaterThan(0);
    expect(summaryLines(summary, "s").join("\n")).toMatch(/reordered +\d+ records written ahead of a failed earlier record of their symbol \(use --strict-order/);
  });

  it("gives a record up after --max-attempts, counts it lost with its line and error, and sends the rest", async () => {
    // Prepare: every entry of symbol MSFT fails, always
    const records = trades(600);
    const msft = records.filter((r) => r.symbol === "MSFT").length;
    const kinesis = stubKinesis({ decide: ({ entry }) => (entry.PartitionKey === "MSFT" ? "ProvisionedThroughputExceededException" : "write") });
    // Act
    const summary = await produceRecords(items(records), { ...base, kinesis, maxAttempts: 3 });
    // Assess
    expect(msft).toBeGreaterThan(20);
    expect(summary).toMatchObject({ read: 600, sent: 600 - msft, lost: msft, retried: msft, retries: 2 * msft });
    expect(summary.lostRecords).toHaveLength(20);
    expect(summary.lostRecords[0]).toEqual({ line: records.findIndex((r) => r.symbol === "MSFT") + 2, partitionKey: "MSFT", reason: "ProvisionedThroughputExceededException on each of 3 attempts" });
    expect(allSent(summary)).toBe(false);
    const text = summaryLines(summary, "mdl-dev-use1-market-records").join("\n");
    expect(text).toContain(`  failed (lost)   ${msft}`);
    expect(text).toContain(`... and ${msft - 20} more lost`);
    expect(kinesis.written.some((w) => w.partitionKey === "MSFT")).toBe(false);
  });

  it("sends a whole request again after a retryable request error (throttling) and loses nothing", async () => {
    // Prepare
    const records = trades(1200);
    const kinesis = stubKinesis({ fail: (request) => (request < 2 ? awsError("ProvisionedThroughputExceededException", 400, "Rate exceeded for stream") : undefined) });
    // Act
    const summary = await produceRecords(items(records), { ...base, kinesis, concurrency: 1 });
    // Assess
    expectEachOnce(kinesis.written, records);
    const inFailedRequests = new Set(kinesis.requests.slice(0, 2).flatMap((r) => r.Records.map((e) => Buffer.from(e.Data!).toString())));
    expect(summary).toMatchObject({ sent: 1200, lost: 0, retried: inFailedRequests.size, errorCodes: { ProvisionedThroughputExceededException: kinesis.requests[0]!.Records.length + kinesis.requests[1]!.Records.length } });
    expect(orderBreaks(kinesis.written, tradeIndex)).toBe(0);
  });

  it("stops on an error no retry fixes (no such stream): every record read and not sent is lost, the reason given", async () => {
    // Prepare
    const kinesis = stubKinesis({ fail: () => awsError("ResourceNotFoundException", 400, "Stream mdl-dev-use1-market-records under account 123456789012 not found.") });
    // Act
    const summary = await produceRecords(items(trades(5000)), { ...base, kinesis, maxBufferedRecords: 1000 });
    // Assess
    expect(summary.sent).toBe(0);
    expect(summary.lost).toBe(summary.read);
    expect(summary.read).toBeLessThan(5000); // it stopped reading
    expect(summary.stoppedBy).toBe("kinesis:PutRecords failed: ResourceNotFoundException: Stream mdl-dev-use1-market-records under account 123456789012 not found.");
    expect(kinesis.requests.length).toBeLessThanOrEqual(4);
  });

  it("has at most --concurrency requests in flight and reads ahead at most maxBufferedRecords", async () => {
    // Prepare
    const records = trades(6000, Array.from({ length: 3000 }, (_, i) => `S${i}`));
    const kinesis = stubKinesis({ latencyMs: () => 5 });
    let most = 0;
    // Act
    const summary = await produceRecords(items(records), { ...base, kinesis, concurrency: 3, maxBufferedRecords: 2000, onProgress: (p) => (most = Math.max(most, p.pending)) });
    // Assess
    expect(summary.sent).toBe(6000);
    expect(kinesis.maxInFlight).toBe(3);
    expect(most).toBeLessThanOrEqual(2000);
  });

  it("keeps to --rate records a second", async () => {
    // Prepare
    const kinesis = stubKinesis();
    const started = performance.now();
    // Act: 400 a second with a bucket of 100: 500 records need about a second
    const summary = await produceRecords(items(trades(500)), { ...base, kinesis, rate: 400 });
    // Assess
    const seconds = (performance.now() - started) / 1000;
    expect(summary.sent).toBe(500);
    expect(seconds).toBeGreaterThan(0.9);
    expect(seconds).toBeLessThan(3);
    expect(Math.max(...kinesis.requests.map((r) => r.Records.length))).toBeLessThanOrEqual(100);
  });
});

describe("backoff and rate limiter", () => {
  it("waits uniformly up to base * 2^(retry-1), capped", () => {
    expect(fullJitterDelayMs(1, { baseMs: 100, capMs: 5000 }, () => 0.999)).toBe(99);
    expect(fullJitterDelayMs(4, { baseMs: 100, capMs: 5000 }, () => 0.5)).toBe(400);
    expect(fullJitterDelayMs(20, { baseMs: 100, capMs: 5000 }, () => 0.999)).toBe(4995);
    expect(fullJitterDelayMs(3, {}, () => 0)).toBe(0);
  });

  it("refills tokens at the rate, up to a quarter second of them", () => {
    let now = 0;
    const limiter = new RateLimiter(1000, () => now);
    expect(limiter.available()).toBe(250);
    limiter.take(250);
    expect(limiter.waitMs()).toBe(1);
    now += 100;
    expect(limiter.available()).toBe(100);
    now += 10_000;
    expect(limiter.available()).toBe(250);
  });
});
