import { readEnvelope } from "../../../handlers/market-events/envelope";
import { checkEvents, type RejectedEvent, type ValidEvent } from "../../../handlers/market-events/event-validation";
import { SETTINGS, bookEvent, quoteEvent, tradeEvent, type Json } from "./ingest-fixture";

const RECEIVED = "2026-11-20T14:30:01.000Z";
const check = (...events: unknown[]) => checkEvents(events, SETTINGS, "partner-a", RECEIVED);
const problemOf = (event: unknown) => {
  const [c] = check(event);
  if (c!.valid !== false) throw new Error(`expected a rejection, got ${JSON.stringify(c)}`);
  return (c as RejectedEvent).problem;
};

describe("envelope v1", () => {
  it("reads a complete envelope", () => {
    expect(readEnvelope(tradeEvent())).toMatchObject({ ok: true, envelope: { type: "trade", source: "oms.desk-7", timeMs: Date.parse("2026-11-20T14:30:00Z") } });
  });

  it.each([
    ["not an object", [1], "", "envelope.not-object"],
    ["id missing", { id: undefined }, "id", "envelope.id"],
    ["id with a space", { id: "a b" }, "id", "envelope.id"],
    ["id too long", { id: "x".repeat(129) }, "id", "envelope.id"],
    ["version missing", { version: undefined }, "version", "envelope.version"],
    ["version 2", { version: "2" }, "version", "envelope.version"],
    ["type unknown", { type: "bar" }, "type", "envelope.type"],
    ["source missing", { source: undefined }, "source", "envelope.source"],
    ["source too long", { source: "s".repeat(257) }, "source", "envelope.source"],
    ["time without zone", { time: "2026-11-20T14:30:00" }, "time", "envelope.time"],
    ["time as epoch", { time: 1795185000 }, "time", "envelope.time"],
    ["data missing", { data: undefined }, "data", "envelope.data"],
    ["data an array", { data: [] }, "data", "envelope.data"],
  ])("refuses: %s", (_name, over, field, rule) => {
    const event = Array.isArray(over) ? over : { ...tradeEvent(), ...(over as Json) };
    expect(problemOf(event)).toMatchObject({ field, rule });
  });

  it("names the event by its id once the id is readable", () => {
    const [c] = check({ ...tradeEvent(), id: "evt-x", type: "bar" });
    expect(c).toMatchObject({ valid: false, id: "evt-x", type: "unknown" });
  });
});

describe("trades and quotes: the lake's record rules", () => {
  it("accepts and normalises as the lake writes (uppercased symbol, 9-digit UTC ts)", () => {
    const [c] = check(tradeEvent({ symbol: "aapl", ts: "2026-11-20T09:30:00-05:00", price: 189.5 }));
    expect(c!.valid).toBe(true);
    const detail = JSON.parse((c as ValidEvent).entry.Detail!);
    expect(detail.data).toEqual({ trade_id: expect.any(String), symbol: "AAPL", ts: "2026-11-20T14:30:00.000000000Z", price: 189.5, size: 100, exchange: "Q" });
    expect(detail.receivedAt).toBe(RECEIVED);
    expect((c as ValidEvent).entry).toMatchObject({ Source: SETTINGS.eventSource, DetailType: "trade", EventBusName: SETTINGS.eventBusName });
  });

  it.each([
    ["trade", { price: -1 }, "data.price", "price.range"],
    ["trade", { size: 1.5 }, "data.size", "size.range"],
    ["trade", { trade_id: undefined }, "data.trade_id", "field.missing"],
    ["trade", { symbol: "1X" }, "data.symbol", "symbol.format"],
    ["trade", { ts: "noon" }, "data.ts", "timestamp.format"],
    ["trade", { ts: "2026-11-21T14:30:00Z" }, "data.ts", "timestamp.partition"],
    ["trade", { price: true }, "data.price", "field.type"],
    ["quote", { bid_price: 411 }, "data.bid_price", "quote.crossed"],
    ["quote", { ask_price: 500 }, "data.ask_price", "quote.spread"],
  ])("refuses a %s with %j", (type, data, field, rule) => {
    const event = type === "trade" ? tradeEvent(data as Json) : quoteEvent(data as Json);
    expect(problemOf(event)).toMatchObject({ field, rule });
  });

  it("refuses a trade id sent twice in one request under two event ids (trade_id.duplicate)", () => {
    const a = tradeEvent({ trade_id: "T-same" });
    const b = tradeEvent({ trade_id: "T-same" });
    const [first, second] = check(a, b);
    expect(first!.valid).toBe(true);
    expect(second).toMatchObject({ valid: false, problem: { field: "data.trade_id", rule: "trade_id.duplicate" } });
  });

  it("takes the trading date from the envelope time in the dataset's zone", () => {
    const zoned = { ...SETTINGS, partitionTimeZones: { ...SETTINGS.partitionTimeZones, trades: "America/New_York" } };
    // 19:30 New York on Nov 20 is Nov 21 UTC: still Nov 20's trading day.
    const late = tradeEvent({ ts: "2026-11-21T00:30:00Z" }, { time: "2026-11-20T19:30:00-05:00" });
    expect(checkEvents([late], zoned, "t", RECEIVED)[0]!.valid).toBe(true);
  });

  it("marks a repeated id as a repeat (same or different content) without validating it again", () => {
    const a = tradeEvent();
    const reordered = Object.fromEntries(Object.entries(a).reverse());
    const [, same, other] = check(a, reordered, { ...a, source: "other" });
    expect(same).toMatchObject({ valid: "repeat", firstIndex: 0, same: true });
    expect(other).toMatchObject({ valid: "repeat", same: false });
  });

  it("refuses an event too large for one bus entry", () => {
    const huge = bookEvent({ bids: Array.from({ length: 50 }, (_, i) => ({ price: 600 - i, size: 1 })), venue: "v".repeat(300_000) });
    expect(checkEvents([huge], { ...SETTINGS, maxEventsPerRequest: 1 }, "t", RECEIVED)[0]).toMatchObject({ valid: false, problem: { rule: "envelope.too-large" } });
  });
});
