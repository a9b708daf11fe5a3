import { epochMsOf, MAX_RECORD_BYTES, NO_SYMBOL_KEY, partitionKeyOf, toStreamEvent, tradingDateOfRecord } from "../../../src/operations/produce";

const NY = "America/New_York";
const decode = (data: Uint8Array) => JSON.parse(Buffer.from(data).toString("utf8"));

describe("stream event", () => {
  it("is the record's fields as read, then dataset and trading_date; partition key the symbol", () => {
    // Prepare
    const record = { trade_id: "T1", symbol: "AAPL", ts: "2026-01-15T15:30:00.123Z", price: "189.50", size: "100", exchange: "Q", conditions: "" };
    // Act
    const result = toStreamEvent(record, "trades", NY);
    // Assess
    if (!("event" in result)) throw new Error("expected an event");
    expect(result.event.partitionKey).toBe("AAPL");
    const text = Buffer.from(result.event.data).toString("utf8");
    expect(text).toBe('{"trade_id":"T1","symbol":"AAPL","ts":"2026-01-15T15:30:00.123Z","price":"189.50","size":"100","exchange":"Q","conditions":"","dataset":"trades","trading_date":"2026-01-15"}');
    expect(result.event.bytes).toBe(Buffer.byteLength(text) + 4);
  });

  it.each([
    // Winter (EST, UTC-5): midnight UTC is 19:00 in New York; the New York day ends at 05:00 UTC.
    ["2026-01-15T23:59:59.999Z", "2026-01-15"],
    ["2026-01-16T00:00:00.000Z", "2026-01-15"], // after midnight UTC, post-market in New York: still the 15th
    ["2026-01-16T04:59:59.999Z", "2026-01-15"],
    ["2026-01-16T05:00:00.000Z", "2026-01-16"],
    // Summer (EDT, UTC-4): the New York day ends at 04:00 UTC.
    ["2026-07-16T00:30:00Z", "2026-07-15"],
    ["2026-07-16T03:59:59Z", "2026-07-15"],
    ["2026-07-16T04:00:00Z", "2026-07-16"],
    ["2026-01-15T19:30:00-05:00", "2026-01-15"],
    ["1768521600", "2026-01-15"], // epoch seconds: 2026-01-16T00:00:00Z
    ["1768521600000", "2026-01-15"], // epoch ms
    ["1768539600000000000", "2026-01-16"], // epoch ns: 2026-01-16T05:00:00Z
  ])("trading_date of ts %s in America/New_York is %s", (ts, date) => {
    expect(tradingDateOfRecord({ ts }, NY)).toBe(date);
  });

  it("trading_date in UTC is the UTC day, on both sides of midnight", () => {
    expect(tradingDateOfRecord({ ts: "2026-01-15T23:59:59.999Z" }, "UTC")).toBe("2026-01-15");
    expect(tradingDateOfRecord({ ts: "2026-01-16T00:00:00.000Z" }, "UTC")).toBe("2026-01-16");
  });

  it("reads epoch numbers of JSON lines, and no date from what is not a timestamp", () => {
    expect(epochMsOf(1768521600123)).toBe(1768521600123);
    expect(epochMsOf(1768521600.5)).toBe(1768521600500);
    expect(epochMsOf("2026-01-15 15:30:00")).toBeUndefined(); // no zone: ambiguous, the validator rejects it too
    expect(epochMsOf("yesterday")).toBeUndefined();
    expect(epochMsOf(undefined)).toBeUndefined();
  });

  it("sends a record without a readable timestamp without trading_date (the real-time function rejects it)", () => {
    // Act
    const result = toStreamEvent({ symbol: "AAPL", ts: "not a time", trading_date: "2026-01-01" }, "quotes", NY);
    // Assess
    if (!("event" in result)) throw new Error("expected an event");
    expect(decode(result.event.data)).toEqual({ symbol: "AAPL", ts: "not a time", dataset: "quotes" });
  });

  it("keys by the symbol as the validator normalises it; a record without one by a fixed key", () => {
    expect(partitionKeyOf({ symbol: " aapl " })).toBe("AAPL");
    expect(partitionKeyOf({ symbol: "BRK.B" })).toBe("BRK.B");
    expect(partitionKeyOf({ symbol: 1234 })).toBe("1234");
    expect(partitionKeyOf({ symbol: "" })).toBe(NO_SYMBOL_KEY);
    expect(partitionKeyOf({})).toBe(NO_SYMBOL_KEY);
    expect(partitionKeyOf({ symbol: "X".repeat(300) })).toHaveLength(256);
  });

  it("takes a record of exactly 1 MiB with its key and refuses one byte more", () => {
    // Prepare: the JSON around the padding is {"symbol":"AAPL","pad":"…","dataset":"bars"}
    const overhead = Buffer.byteLength(JSON.stringify({ symbol: "AAPL", pad: "", dataset: "bars" })) + "AAPL".length;
    const record = (padding: number) => ({ symbol: "AAPL", pad: "x".repeat(padding) });
    // Act
    const fits = toStreamEvent(record(MAX_RECORD_BYTES - overhead), "bars", "UTC");
    const over = toStreamEvent(record(MAX_RECORD_BYTES - overhead + 1), "bars", "UTC");
    // Assess
    expect("event" in fits && fits.event.bytes).toBe(MAX_RECORD_BYTES);
    expect(over).toEqual({ tooLarge: MAX_RECORD_BYTES + 1 });
  });
});
