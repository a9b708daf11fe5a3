import { eventItemKeys } from "../../../../handlers/market-events/steps/event-keys";
import { enrichment } from "../../../../handlers/market-events/steps/enrich-step";
import type { ValidatedEvent } from "../../../../handlers/market-events/steps/saga-state";
import { readStepSettings } from "../../../../handlers/market-events/steps/step-settings";
import { transientOrAsIs } from "../../../../handlers/market-events/steps/step-errors";
import { validateBusEvent } from "../../../../handlers/market-events/steps/validate-step";
import { quoteEvent, tradeEvent, type Json } from "../ingest-fixture";

const SETTINGS = { maxSpreadRatio: 0.05, maxOrderBookDepth: 50, partitionTimeZones: { trades: "UTC", quotes: "UTC", bars: "UTC" } };
const busEvent = (envelope: Json, changes: Json = {}) => ({ id: "bus-1", "detail-type": String(envelope.type), source: "market-data.ingest", time: String(envelope.time), detail: { ...envelope, tenant: "desk-7" }, ...changes }) as never;
const event = (type: ValidatedEvent["type"], data: Json): ValidatedEvent => ({ tenant: "t", id: "e", type, symbol: "AAPL", time: "2026-11-20T14:30:00Z", source: "s", data, contentSha256: "h" });
const INSTRUMENT = { symbol: "AAPL", venue: "XNAS", currency: "USD" };

describe("saga steps (pure parts)", () => {
  it("Validate returns the normalised event with a content hash, the same for the same content", () => {
    // Prepare
    const trade = tradeEvent();
    // Act
    const [a, b] = [validateBusEvent(busEvent(trade), SETTINGS), validateBusEvent(busEvent(trade, { id: "bus-2" }), SETTINGS)];
    // Assess
    expect(a).toMatchObject({ tenant: "desk-7", id: trade.id, type: "trade", symbol: "AAPL", data: { ts: "2026-11-20T14:30:00.000000000Z" } });
    expect(a.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.contentSha256).toBe(a.contentSha256);
  });

  it.each([
    ["a crossed quote", busEvent(quoteEvent({ bid_price: 411, ask_price: 410 })), /^detail\.data\.bid_price: bid_price 411 is above ask_price 410 \[quote\.crossed\]$/],
    ["a detail-type other than the detail's type", busEvent(tradeEvent(), { "detail-type": "quote" }), /^detail-type: "quote" differs from detail\.type "trade"/],
    ["no tenant", busEvent(tradeEvent(), { detail: { ...tradeEvent(), tenant: "" } }), /^detail\.tenant: "" is not a tenant id/],
  ])("Validate rejects %s as EventRejected naming the field", (_label, input, message) => {
    expect(() => validateBusEvent(input, SETTINGS)).toThrow(expect.objectContaining({ name: "EventRejected", message: expect.stringMatching(message) }));
  });

  it("Enrich computes notional, mid and spread in bps by hand-computed figures", () => {
    expect(enrichment(event("trade", { price: 190.1, size: 100, exchange: "Q" }), INSTRUMENT)).toEqual({ venue: "Q", currency: "USD", notional: 19_010, mid: null, spreadBps: null });
    // bid 100, ask 100.1: mid 100.05, spread 0.1 / 100.05 x 10,000 = 9.995 bps
    const quote = enrichment(event("quote", { bid_price: 100, ask_price: 100.1 }), INSTRUMENT);
    expect(quote).toMatchObject({ venue: "XNAS", notional: null });
    expect(quote.mid).toBeCloseTo(100.05, 10);
    expect(quote.spreadBps).toBeCloseTo(9.995002, 5);
    expect(enrichment(event("orderbook", { bids: [{ price: 10, size: 1 }], asks: [] }), INSTRUMENT)).toMatchObject({ mid: null, spreadBps: null, venue: "XNAS" });
  });

  it("keys an event for its symbol-by-time and type-by-day indexes in UTC", () => {
    // A New York evening trade is already the next UTC day.
    expect(eventItemKeys({ tenant: "t", id: "e", type: "trade", symbol: "AAPL", time: "2026-11-20T19:30:00-05:00" })).toEqual({
      pk: "EVENT#t#e",
      sk: "EVENT",
      gsi1pk: "SYMBOL#AAPL",
      gsi1sk: "2026-11-21T00:30:00.000Z#t#e",
      gsi2pk: "TYPE#trade#2026-11-21",
      gsi2sk: "2026-11-21T00:30:00.000Z#t#e",
    });
  });

  it("maps a transaction cancelled by throttling to the retried ThrottlingException, and leaves others", () => {
    const throttled = Object.assign(new Error("cancelled"), { name: "TransactionCanceledException", CancellationReasons: [{ Code: "ThrottlingError" }, { Code: "None" }] });
    const conflict = Object.assign(new Error("cancelled"), { name: "TransactionCanceledException", CancellationReasons: [{ Code: "ConditionalCheckFailed" }] });
    expect((transientOrAsIs(throttled) as Error).name).toBe("ThrottlingException");
    expect(transientOrAsIs(conflict)).toBe(conflict);
  });

  it("reads only the variables of the step SAGA_STEP names, naming a missing one", () => {
    const common = { ENVIRONMENT: "dev", POWERTOOLS_SERVICE_NAME: "s", POWERTOOLS_METRICS_NAMESPACE: "n" };
    expect(readStepSettings({ ...common, SAGA_STEP: "store", EVENTS_TABLE_NAME: "events" })).toMatchObject({ step: "store", eventsTable: "events" });
    expect(() => readStepSettings({ ...common, SAGA_STEP: "enrich" })).toThrow("Environment variable INSTRUMENTS_TABLE_NAME is not set");
    expect(() => readStepSettings({ ...common, SAGA_STEP: "publish" })).toThrow('SAGA_STEP="publish" is not a saga step; use one of validate, enrich, store, compensate');
  });
});
