import { analyseBatch } from "../../../handlers/realtime/record-processor";
import { REALTIME_RULES } from "../../../handlers/realtime/rules";
import { runValidation } from "../core/validation-harness";
import { DATE, SETTINGS, bar, kinesisEvent, quote, sequenceNumber, trade, type StreamedEvent } from "./kinesis-fixture";

const analyse = (events: ReadonlyArray<StreamedEvent | string>, settings = SETTINGS) => analyseBatch(kinesisEvent(events).Records, settings);
const at = (time: string) => `${DATE}T${time}Z`;

describe("analyseBatch: the file validator's rules on streamed records", () => {
  it("accepts a valid trade, quote and bar", () => {
    // Prepare
    const events = [trade(), quote(), bar()];
    // Act
    const { verdicts, anomalies } = analyse(events);
    // Assess
    expect(verdicts).toEqual([
      { status: "accepted", sequenceNumber: sequenceNumber(1), dataset: "trades", flags: [] },
      { status: "accepted", sequenceNumber: sequenceNumber(2), dataset: "quotes", flags: [] },
      { status: "accepted", sequenceNumber: sequenceNumber(3), dataset: "bars", flags: [] },
    ]);
    expect(anomalies).toEqual([]);
  });

  it.each([
    ["a negative price", trade({ price: -5 })],
    ["a lowercase-invalid symbol", trade({ symbol: "aapl!" })],
    ["a missing size", trade({ size: undefined })],
    ["an unparseable timestamp", trade({ ts: "not-a-time" })],
    ["a timestamp outside the trading date", trade({ ts: "2026-11-21T14:30:00Z" })],
    ["a bar whose range does not bracket the close", bar({ close: 700 })],
    ["a quote spread above MAX_SPREAD_RATIO", quote({ ask_price: 480 })],
  ])("rejects %s with the rule id the file validator gives the same record", async (_name, event) => {
    // Prepare
    const { dataset, trading_date: _date, ...fileRow } = event;
    const file = await runValidation(`${JSON.stringify(fileRow)}\n`, { dataset: dataset as "trades", format: "jsonl", config: { maxSpreadRatio: SETTINGS.maxSpreadRatio, priceJumpRatio: SETTINGS.priceJumpRatio } });
    // Act
    const { verdicts } = analyse([event]);
    // Assess
    expect(file.rejected).toHaveLength(1);
    expect(verdicts).toEqual([{ status: "rejected", sequenceNumber: sequenceNumber(1), dataset, rule: file.rejected[0]!.rule, message: expect.any(String) }]);
  });

  it("counts a rejected record only once and keeps validating the batch after it", () => {
    // Prepare
    const events = [trade({ trade_id: "A" }), trade({ trade_id: "A", ts: at("14:30:01") }), trade({ trade_id: "B", ts: at("14:30:02") })];
    // Act
    const { verdicts } = analyse(events);
    // Assess
    expect(verdicts.map((v) => (v.status === "rejected" ? v.rule : v.status))).toEqual(["accepted", "trade_id.duplicate", "accepted"]);
  });

  it("flags an out-of-order record under the flag policy and rejects it under reject", () => {
    // Prepare
    const events = [trade({ ts: at("14:31:00") }), trade({ ts: at("14:30:00") })];
    // Act
    const flagged = analyse(events).verdicts[1];
    const rejected = analyse(events, { ...SETTINGS, outOfOrderPolicy: "reject" }).verdicts[1];
    // Assess
    expect(flagged).toMatchObject({ status: "accepted", flags: ["timestamp.order"] });
    expect(rejected).toMatchObject({ status: "rejected", rule: "timestamp.order" });
  });
});

describe("analyseBatch: what only a streamed record can get wrong", () => {
  it.each([
    ["bytes that are not UTF-8", Buffer.from([0xff, 0xfe, 0x7b]), "not UTF-8"],
    ["text that is not JSON", Buffer.from("{trade"), "not JSON"],
    ["JSON that is not an object", Buffer.from("[1,2]"), "an array"],
  ])("rejects %s as record.undecodable, attributed to no dataset", (_name, bytes, reason) => {
    // Prepare
    const records = kinesisEvent([trade()]).Records;
    records[0]!.kinesis.data = bytes.toString("base64");
    // Act
    const { verdicts } = analyseBatch(records, SETTINGS);
    // Assess
    expect(verdicts).toEqual([{ status: "rejected", sequenceNumber: sequenceNumber(1), dataset: "unknown", rule: REALTIME_RULES.recordUndecodable, message: expect.stringContaining(reason) }]);
  });

  it("rejects data that is not base64 instead of decoding what Buffer would skip", () => {
    // Prepare
    const records = kinesisEvent([trade()]).Records;
    records[0]!.kinesis.data = `!!${records[0]!.kinesis.data}`;
    // Act
    const { verdicts } = analyseBatch(records, SETTINGS);
    // Assess
    expect(verdicts[0]).toMatchObject({ status: "rejected", rule: "record.undecodable", message: "data is not base64" });
  });

  it.each([
    ["no dataset", { dataset: undefined }, "dataset.unknown", "dataset is missing"],
    ["an unknown dataset", { dataset: "orderbook" }, "dataset.unknown", 'dataset "orderbook" is unknown, allowed values are trades, quotes, bars'],
    ["no trading date", { trading_date: undefined }, "trading_date.format", "trading_date is missing"],
    ["a trading date that is no calendar date", { trading_date: "2026-02-30" }, "trading_date.format", 'trading_date "2026-02-30" is not a calendar date YYYY-MM-DD'],
    ["a trading date that is a number", { trading_date: 20261120 }, "trading_date.format", "trading_date 20261120 is not a calendar date YYYY-MM-DD"],
  ])("rejects a record with %s", (_name, fields, rule, message) => {
    // Act
    const { verdicts } = analyse([trade(fields)]);
    // Assess
    expect(verdicts[0]).toMatchObject({ status: "rejected", rule, message });
  });

  it("checks the trading date against the timestamp in the dataset's zone: a post-market New York trade after 19:00 in winter is the New York day", () => {
    // Prepare: 19:30 New York on 2026-11-20 (EST, UTC-5) is 00:30 UTC on 2026-11-21.
    const zoned = { ...SETTINGS, partitionTimeZones: { ...SETTINGS.partitionTimeZones, trades: "America/New_York" } };
    const postMarket = { ts: "2026-11-21T00:30:00Z" };
    // Act
    const inZone = analyse([trade({ ...postMarket, trading_date: "2026-11-20" })], zoned).verdicts[0];
    const utcDate = analyse([trade({ ...postMarket, trading_date: "2026-11-21" })], zoned).verdicts[0];
    // Assess
    expect(inZone).toMatchObject({ status: "accepted" });
    expect(utcDate).toMatchObject({ status: "rejected", rule: "timestamp.partition" });
  });

  it("turns an exception of our own processing into a failed verdict for that record only", () => {
    // Prepare: settings the validator refuses are a fault of ours, not of the record.
    const broken = { ...SETTINGS, maxSpreadRatio: -1 };
    // Act
    const { verdicts } = analyse([quote(), "not json"], broken);
    // Assess
    expect(verdicts[0]).toMatchObject({ status: "failed", dataset: "quotes", error: expect.any(Error) });
    expect(verdicts[1]).toMatchObject({ status: "rejected", rule: "record.undecodable" });
  });
});

describe("analyseBatch: anomalies per symbol across the batch", () => {
  it("reports a trade price jump beyond PRICE_JUMP_RATIO against the symbol's previous trade, from the shared price.jump flag", () => {
    // Prepare
    const events = [trade({ price: 100, ts: at("14:30:00") }), trade({ symbol: "MSFT", price: 400, ts: at("14:30:01") }), trade({ price: 115, ts: at("14:30:02") })];
    // Act
    const { verdicts, anomalies } = analyse(events);
    // Assess
    expect(verdicts[2]).toMatchObject({ status: "accepted", flags: ["price.jump"] });
    expect(anomalies).toEqual([
      { kind: "price-jump", dataset: "trades", symbol: "AAPL", eventTimeMs: Date.parse(at("14:30:02")), sequenceNumber: sequenceNumber(3), seenAgainst: [sequenceNumber(1)], detail: { price: 115, previousPrice: 100, change: 0.15, maxRatio: 0.1 } },
    ]);
  });

  it("reports no price jump within the ratio, nor for the first trade of a symbol, nor across symbols", () => {
    // Act
    const { anomalies } = analyse([trade({ price: 100 }), trade({ price: 109, ts: at("14:30:01") }), trade({ symbol: "MSFT", price: 400, ts: at("14:30:02") })]);
    // Assess
    expect(anomalies).toEqual([]);
  });

  it("reports a crossed quote (rejected by quote.crossed) and a locked quote (accepted)", () => {
    // Prepare
    const events = [quote({ bid_price: 410.2, ask_price: 410.1 }), quote({ symbol: "IBM", bid_price: 250, ask_price: 250, ts: at("14:30:01") })];
    // Act
    const { verdicts, anomalies } = analyse(events);
    // Assess
    expect(verdicts.map((v) => (v.status === "rejected" ? v.rule : v.status))).toEqual(["quote.crossed", "accepted"]);
    expect(anomalies).toEqual([
      { kind: "crossed-quote", dataset: "quotes", symbol: "MSFT", eventTimeMs: Date.parse(at("14:30:00")), sequenceNumber: sequenceNumber(1), detail: { bidPrice: 410.2, askPrice: 410.1 } },
      { kind: "locked-quote", dataset: "quotes", symbol: "IBM", eventTimeMs: Date.parse(at("14:30:01")), sequenceNumber: sequenceNumber(2), detail: { bidPrice: 250, askPrice: 250 } },
    ]);
  });

  it("reports no quote anomaly for a normal spread, nor for a quote rejected for another reason", () => {
    // Act
    const { anomalies } = analyse([quote(), quote({ bid_price: 420, ask_price: 410, bid_size: -1 })]);
    // Assess
    expect(anomalies).toEqual([]);
  });

  it("reports a gap longer than MAX_GAP_SECONDS between consecutive ticks of a symbol, by event time", () => {
    // Prepare: arrival order is not event order; 14:30:50 fills the first hole, 14:32:30 opens one.
    const events = [trade({ ts: at("14:30:00") }), trade({ ts: at("14:31:30") }), trade({ ts: at("14:30:50") }), trade({ ts: at("14:32:31") }), trade({ symbol: "MSFT", ts: at("14:35:00") })];
    // Act
    const { anomalies } = analyse(events);
    // Assess
    expect(anomalies).toEqual([
      { kind: "gap", dataset: "trades", symbol: "AAPL", eventTimeMs: Date.parse(at("14:32:31")), sequenceNumber: sequenceNumber(4), seenAgainst: [sequenceNumber(2)], detail: { gapSeconds: 61, maxGapSeconds: 60, previousTick: at("14:31:30.000") } },
    ]);
  });

  it("reports no gap for ticks at most MAX_GAP_SECONDS apart, per dataset, using event not arrival times", () => {
    // Prepare: a quote of AAPL two minutes on is a quotes tick, not a trades gap.
    const events = [trade({ ts: at("14:30:00") }), trade({ ts: at("14:31:00") }), quote({ symbol: "AAPL", ts: at("14:33:00") })];
    const records = kinesisEvent(events).Records;
    records.forEach((r, i) => (r.kinesis.approximateArrivalTimestamp = Date.parse(at("14:40:00")) / 1000 + i * 3600));
    // Act
    const { anomalies } = analyseBatch(records, SETTINGS);
    // Assess
    expect(anomalies).toEqual([]);
  });
});
