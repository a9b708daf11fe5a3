import { KeyedQueue, MAX_RECORD_BYTES, MAX_REQUEST_BYTES, produceRecords, type QueuedEvent } from "../../../src/operations/produce";
import { stubKinesis } from "./kinesis-stub";
import { items, trade, trades } from "./produce-fixture";

const event = (index: number, key: string, dataBytes = 10): QueuedEvent => ({ index, line: index + 1, partitionKey: key, data: new Uint8Array(dataBytes), bytes: dataBytes + Buffer.byteLength(key), attempts: 0 });
const requestBytes = (r: { Records: { Data?: Uint8Array; PartitionKey?: string }[] }) => r.Records.reduce((n, e) => n + e.Data!.byteLength + Buffer.byteLength(e.PartitionKey!), 0);
const stream = { streamName: "mdl-dev-use1-market-records" };

describe("PutRecords batching", () => {
  it("sends 1,234 small records in requests of at most 500 (500, 500, 234)", async () => {
    // Prepare
    const kinesis = stubKinesis();
    // Act
    const summary = await produceRecords(items(trades(1234, Array.from({ length: 600 }, (_, i) => `S${i}`))), { kinesis, stream, dataset: "trades", timeZone: "UTC", concurrency: 1 });
    // Assess
    expect(kinesis.requests.map((r) => r.Records.length)).toEqual([500, 500, 234]);
    expect(summary).toMatchObject({ read: 1234, sent: 1234, lost: 0, requests: 3 });
    expect(kinesis.requests.every((r) => r.StreamName === stream.streamName)).toBe(true);
  });

  it("keeps each request within 5 MiB counting data and partition keys", async () => {
    // Prepare: records of ~100 kB each: 52 of them fit in 5 MiB, 500 would be 50 MB
    const padded = Array.from({ length: 120 }, (_, i) => ({ ...trade(i, `SYM${i % 40}`), conditions: "x".repeat(100_000) }));
    const kinesis = stubKinesis();
    // Act
    const summary = await produceRecords(items(padded), { kinesis, stream, dataset: "trades", timeZone: "UTC", concurrency: 1 });
    // Assess
    const sizes = kinesis.requests.map(requestBytes);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    // Full requests: one more record would have passed 5 MiB.
    const perRecord = sizes[0]! / kinesis.requests[0]!.Records.length;
    expect(sizes[0]! + perRecord).toBeGreaterThan(MAX_REQUEST_BYTES);
    expect(kinesis.requests.map((r) => r.Records.length)).toEqual([52, 52, 16]);
    expect(summary.sent).toBe(120);
    expect(summary.bytesSent).toBe(sizes.reduce((a, b) => a + b, 0));
  });

  it("puts records near 1 MiB five to a request, and skips (never sends) one over 1 MiB", async () => {
    // Prepare: 1,000,000 bytes of padding: ~1,000,200 bytes a record, five fit in 5 MiB (5,242,880), six do not
    const big = Array.from({ length: 11 }, (_, i) => ({ ...trade(i, `B${i}`), conditions: "x".repeat(1_000_000) }));
    const tooBig = { ...trade(11, "B11"), conditions: "x".repeat(MAX_RECORD_BYTES) };
    const kinesis = stubKinesis();
    // Act
    const summary = await produceRecords(items([...big, tooBig]), { kinesis, stream, dataset: "trades", timeZone: "UTC", concurrency: 1 });
    // Assess
    expect(kinesis.requests.map((r) => r.Records.length)).toEqual([5, 5, 1]);
    expect(kinesis.requests.every((r) => requestBytes(r) <= MAX_REQUEST_BYTES)).toBe(true);
    expect(summary).toMatchObject({ read: 12, sent: 11, skipped: 1, lost: 0 });
    expect(summary.skippedLines).toEqual([{ line: 13, reason: expect.stringMatching(/^the record is 104\d{4} bytes with its partition key; Kinesis takes at most 1 MiB/) }]);
  });

  it("takes a key's records from the head of its queue, in order, and no key twice while it is in flight", () => {
    // Prepare
    const queue = new KeyedQueue();
    [event(0, "A"), event(1, "B"), event(2, "A"), event(3, "C"), event(4, "A")].forEach((e) => queue.push(e));
    // Act
    const first = queue.take({ maxRecords: 4 });
    const second = queue.take();
    // Assess: A's three and B's one fill the first request; C alone may go with it in flight
    expect(first.map((e) => e.index)).toEqual([0, 2, 4, 1]);
    expect(second.map((e) => e.index)).toEqual([3]);
    expect(queue.take()).toEqual([]);
  });

  it("holds a key's later records behind its failed ones until they are released", () => {
    // Prepare
    const queue = new KeyedQueue();
    [event(0, "A"), event(1, "A"), event(2, "B")].forEach((e) => queue.push(e));
    const batch = queue.take();
    queue.push(event(3, "A"));
    const waiting: string[] = [];
    // Act: A's first entry failed, its second was written (Kinesis did not keep the request's order)
    const reordered = queue.settle(batch, new Set([batch[0]!]), new Set(), (key) => waiting.push(key));
    // Assess
    expect(reordered.map((e) => e.index)).toEqual([1]);
    expect(waiting).toEqual(["A"]);
    expect(queue.take()).toEqual([]); // A waits out its backoff: its record 3 must not overtake record 0
    queue.release("A");
    expect(queue.take().map((e) => [e.index, e.attempts])).toEqual([[0, 2], [3, 1]]);
    expect(queue.size).toBe(2);
  });

  it("with one record per key per request (--strict-order), takes only each key's head", () => {
    // Prepare
    const queue = new KeyedQueue();
    [event(0, "A"), event(1, "A"), event(2, "B"), event(3, "B")].forEach((e) => queue.push(e));
    // Act / Assess
    expect(queue.take({ perKey: 1 }).map((e) => e.index)).toEqual([0, 2]);
  });
});
