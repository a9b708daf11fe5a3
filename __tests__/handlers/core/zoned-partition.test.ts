import { Readable } from "node:stream";
import { validateObject, type RecordFormat, type RejectedRecord } from "../../../handlers/validation/core";

const NY = { partitionTimeZone: "America/New_York" };
const HEADER = "trade_id,symbol,ts,price,size,exchange,conditions";

/** Validates trades of one object (CSV through the fused path, JSON lines through theirs) and collects outputs. */
async function validateTrades(date: string, timestamps: readonly string[], format: RecordFormat, config: { partitionTimeZone?: string } = {}) {
  const lines = timestamps.map((ts, i) => (format === "csv" ? `T${i},AAPL,${ts},10.5,100,Q,@` : JSON.stringify({ trade_id: `T${i}`, symbol: "AAPL", ts, price: 10.5, size: 100, exchange: "Q", conditions: "@" })));
  const text = (format === "csv" ? [HEADER, ...lines] : lines).join("\n") + "\n";
  const chunks: Buffer[] = [];
  const rejected: RejectedRecord[] = [];
  await validateObject(Readable.from([Buffer.from(text)]), { dataset: "trades", date, format, config }, { accepted: (c) => void chunks.push(c), rejected: (r) => void rejected.push(r) });
  const accepted = Buffer.concat(chunks).toString().trimEnd().split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { ts: string }).ts);
  return { accepted, rejected: rejected.map((r) => r.rule), messages: rejected.map((r) => r.message) };
}

describe.each(["csv", "jsonl"] as const)("trading-day partitions (%s)", (format) => {
  it("accepts a winter post-market trade (19:30 New York = 00:30Z the next day) in its New York date, and quarantines it under UTC", async () => {
    // Prepare
    const ts = "2026-01-16T00:30:00.000000000Z";
    // Act
    const zoned = await validateTrades("2026-01-15", [ts], format, NY);
    const utc = await validateTrades("2026-01-15", [ts], format);
    // Assess
    expect(zoned).toMatchObject({ accepted: [ts], rejected: [] });
    expect(utc).toEqual({ accepted: [], rejected: ["timestamp.partition"], messages: [`ts "${ts}" is outside the trading day 2026-01-15 in UTC`] });
  });

  it("accepts a summer post-market trade (20:30 EDT = 00:30Z) and rejects the pre-dawn UTC hours that belong to the day before", async () => {
    // Prepare: 03:59Z on 2026-07-15 is 23:59 EDT of the 14th.
    const timestamps = ["2026-07-16T00:30:00.000000000Z", "2026-07-15T03:59:59.999999999Z", "2026-07-15T04:00:00.000000000Z"];
    // Act
    const run = await validateTrades("2026-07-15", timestamps, format, NY);
    // Assess
    expect(run.accepted).toEqual(["2026-07-16T00:30:00.000000000Z", "2026-07-15T04:00:00.000000000Z"]);
    expect(run.rejected).toEqual(["timestamp.partition"]);
  });

  it.each([
    ["spring forward (23 h: 05:00Z to 04:00Z)", "2026-03-08", "2026-03-08T05:00:00.000000000Z", "2026-03-09T03:59:59.999999999Z", "2026-03-09T04:00:00.000000000Z"],
    ["fall back (25 h: 04:00Z to 05:00Z)", "2026-11-01", "2026-11-01T04:00:00.000000000Z", "2026-11-02T04:59:59.999999999Z", "2026-11-02T05:00:00.000000000Z"],
  ])("bounds a DST day by New York midnights, %s; the end bound itself is the next day", async (_case, date, first, last, end) => {
    // Act
    const run = await validateTrades(date, [first, last, end], format, NY);
    // Assess
    expect(run.accepted).toEqual([first, last]);
    expect(run.rejected).toEqual(["timestamp.partition"]);
    expect(run.messages).toEqual([`ts "${end}" is outside the trading day ${date} in America/New_York`]);
  });

  it("writes a non-canonical timestamp of the next UTC day with its own date", async () => {
    // Act: epoch nanoseconds (1768523400 s = 2026-01-16T00:30:00Z) and an offset form.
    const run = await validateTrades("2026-01-15", ["1768523400000000000", "2026-01-15T19:45:00-05:00"], format, NY);
    // Assess
    expect(run).toMatchObject({ accepted: ["2026-01-16T00:30:00.000000000Z", "2026-01-16T00:45:00.000000000Z"], rejected: [] });
  });
});

describe("partitionTimeZone config", () => {
  it("refuses a zone that is not an IANA name, naming the field", async () => {
    await expect(validateTrades("2026-01-15", [], "csv", { partitionTimeZone: "New York" })).rejects.toThrow('partitionTimeZone: got "New York", allowed values are IANA time zone names');
  });
});
