import { Dataset, RULES, RecordOutcome, ValidationConfig } from "../../../handlers/validation/core";
import { DATE, bar, quote, recordChecker, trade } from "./validation-harness";

function ruleOf(outcome: RecordOutcome): string {
  return outcome.ok ? "accepted" : outcome.rule;
}

/** The outcome of validating `record` as the first record of a fresh file. */
function firstRecordRule(dataset: Dataset, record: Record<string, unknown>, config: Partial<ValidationConfig> = {}): string {
  return ruleOf(recordChecker(dataset, config).check(record));
}

/** Copies the flags at once: an accepted outcome is reused by the next validateRecord call. */
function flagsOf(outcome: RecordOutcome): readonly string[] {
  return outcome.ok ? [...outcome.flags] : [`rejected ${outcome.rule}`];
}

describe("validateRecord: field rules", () => {
  it.each([
    ["a complete trade", trade(), "accepted"],
    ["a trade without optional fields", trade({ exchange: undefined, conditions: null }), "accepted"],
    ["a trade without trade_id", trade({ trade_id: undefined }), RULES.fieldMissing],
    ["a trade with an empty symbol", trade({ symbol: "" }), RULES.fieldMissing],
    ["a price that is not a number", trade({ price: "abc" }), RULES.fieldType],
    ["a price given as a boolean", trade({ price: true }), RULES.fieldType],
    ["a price given as numeric text", trade({ price: "189.5" }), "accepted"],
    ["a zero price", trade({ price: 0 }), RULES.priceRange],
    ["a negative price", trade({ price: -1 }), RULES.priceRange],
    ["an infinite price", trade({ price: "1e400" }), RULES.priceRange],
    ["a negative size", trade({ size: -5 }), RULES.sizeRange],
    ["a fractional size", trade({ size: 1.5 }), RULES.sizeRange],
    ["a size beyond 2^53", trade({ size: "9007199254740993" }), RULES.sizeRange],
    ["a zero size", trade({ size: 0 }), "accepted"],
    ["an integral size written 100.0", trade({ size: "100.0" }), "accepted"],
    ["a lowercase symbol", trade({ symbol: "brk.b" }), "accepted"],
    ["a symbol with a space", trade({ symbol: "A B" }), RULES.symbolFormat],
    ["a symbol starting with a digit", trade({ symbol: "1ABC" }), RULES.symbolFormat],
    ["a symbol of 17 characters", trade({ symbol: "A".repeat(17) }), RULES.symbolFormat],
    ["a symbol of 16 characters", trade({ symbol: "A".repeat(16) }), "accepted"],
    ["an FX pair symbol", trade({ symbol: "EUR/USD" }), "accepted"],
    ["a trade id of 65 bytes", trade({ trade_id: "t".repeat(65) }), RULES.tradeIdFormat],
    ["a trade id with a control character", trade({ trade_id: "T\u0007" }), RULES.tradeIdFormat],
    ["a numeric trade id", trade({ trade_id: 12345 }), "accepted"],
    ["a timestamp without zone", trade({ ts: `${DATE}T14:30:00` }), RULES.timestampFormat],
    ["a timestamp before the partition day", trade({ ts: "2026-11-19T23:59:59.999999999Z" }), RULES.timestampPartition],
    ["a timestamp after the partition day", trade({ ts: "2026-11-21T00:00:00Z" }), RULES.timestampPartition],
    ["a local time that is in the UTC day", trade({ ts: "2026-11-21T00:30:00+01:00" }), "accepted"],
    ["a local time that is outside the UTC day", trade({ ts: "2026-11-20T00:30:00+01:00" }), RULES.timestampPartition],
    ["an epoch-ms number", trade({ ts: 1795185000123 }), "accepted"],
    ["an epoch-ns string", trade({ ts: "1795185000123456789" }), "accepted"],
    ["an epoch-ns JSON number (digits lost)", trade({ ts: 1795185000123456789 }), RULES.timestampFormat],
  ])("%s -> %s", (_name, record, expected) => {
    // Act
    const rule = firstRecordRule("trades", record);
    // Assess
    expect(rule).toBe(expected);
  });

  it("names the field and the value in the message", () => {
    // Prepare
    const { check } = recordChecker("trades");
    // Act
    const outcome = check(trade({ price: "abc" }));
    // Assess
    expect(outcome).toEqual({ ok: false, rule: RULES.fieldType, message: 'price "abc" is not a number' });
  });
});

describe("validateRecord: dataset rules", () => {
  it.each([
    ["a normal quote", quote(), "accepted"],
    ["a locked quote (bid = ask)", quote({ bid_price: 10, ask_price: 10 }), "accepted"],
    ["a crossed quote", quote({ bid_price: 10.02, ask_price: 10 }), RULES.quoteCrossed],
    ["a spread of 20% of mid", quote({ bid_price: 9, ask_price: 11 }), RULES.quoteSpread],
    ["a spread of 9.5% of mid", quote({ bid_price: 9.5, ask_price: 10.45 }), "accepted"],
    ["a quote with a negative bid size", quote({ bid_size: -1 }), RULES.sizeRange],
  ])("quotes: %s -> %s", (_name, record, expected) => {
    // Act
    const rule = firstRecordRule("quotes", record, { maxSpreadRatio: 0.1 });
    // Assess
    expect(rule).toBe(expected);
  });

  it.each([
    ["a normal bar", bar(), "accepted"],
    ["a flat bar", bar({ open: 10, high: 10, low: 10, close: 10 }), "accepted"],
    ["a bar whose low is above open", bar({ low: 189.6 }), RULES.barRange],
    ["a bar whose high is below close", bar({ high: 189.7 }), RULES.barRange],
    ["a bar with negative volume", bar({ volume: -1 }), RULES.sizeRange],
    ["a bar without optional vwap and trade_count", bar({ vwap: undefined, trade_count: undefined }), "accepted"],
    ["a bar with a fractional trade_count", bar({ trade_count: 2.5 }), RULES.sizeRange],
  ])("bars: %s -> %s", (_name, record, expected) => {
    // Act
    const rule = firstRecordRule("bars", record);
    // Assess
    expect(rule).toBe(expected);
  });
});

describe("validateRecord: rules over the file's state", () => {
  it("rejects a later duplicate trade id but not the first one", () => {
    // Prepare
    const { check } = recordChecker("trades");
    // Act
    const first = check(trade({ trade_id: "T9" }));
    const second = check(trade({ trade_id: "T9", ts: `${DATE}T14:30:01Z` }));
    const other = check(trade({ trade_id: "T10", ts: `${DATE}T14:30:02Z` }));
    // Assess
    expect([ruleOf(first), ruleOf(second), ruleOf(other)]).toEqual(["accepted", RULES.tradeIdDuplicate, "accepted"]);
  });

  it("does not count a rejected record's trade id as seen", () => {
    // Prepare
    const { check } = recordChecker("trades");
    // Act
    const bad = check(trade({ trade_id: "T9", price: -1 }));
    const good = check(trade({ trade_id: "T9" }));
    // Assess
    expect([ruleOf(bad), ruleOf(good)]).toEqual([RULES.priceRange, "accepted"]);
  });

  it("forgets trade ids older than twice the duplicate window, and remembers the window", () => {
    // Prepare
    const { check } = recordChecker("trades", { duplicateWindow: 2 });
    for (const id of ["A", "B", "C", "D", "E"]) check(trade({ trade_id: id }));
    // Act
    const recent = check(trade({ trade_id: "D" }));
    const forgotten = check(trade({ trade_id: "A" }));
    // Assess
    expect([ruleOf(recent), ruleOf(forgotten)]).toEqual([RULES.tradeIdDuplicate, "accepted"]);
  });

  it("flags a timestamp earlier than the symbol's previous one under the flag policy", () => {
    // Prepare
    const { check } = recordChecker("trades");
    check(trade({ trade_id: "1", ts: `${DATE}T14:30:00.000000002Z` }));
    // Act
    const otherSymbol = flagsOf(check(trade({ trade_id: "2", symbol: "MSFT", ts: `${DATE}T14:00:00Z` })));
    const earlier = flagsOf(check(trade({ trade_id: "3", ts: `${DATE}T14:30:00.000000001Z` })));
    const equal = flagsOf(check(trade({ trade_id: "4", ts: `${DATE}T14:30:00.000000001Z` })));
    // Assess
    expect([otherSymbol, earlier, equal]).toEqual([[], [RULES.timestampOrder], []]);
  });

  it("rejects an out-of-order timestamp under the reject policy, keeping the previous one", () => {
    // Prepare
    const { check } = recordChecker("trades", { outOfOrderPolicy: "reject" });
    check(trade({ trade_id: "1", ts: `${DATE}T14:30:00Z` }));
    // Act
    const earlier = ruleOf(check(trade({ trade_id: "2", ts: `${DATE}T14:29:59Z` })));
    const stillEarlier = ruleOf(check(trade({ trade_id: "3", ts: `${DATE}T14:29:59.5Z` })));
    const later = ruleOf(check(trade({ trade_id: "2", ts: `${DATE}T14:30:01Z` })));
    // Assess
    expect([earlier, stillEarlier, later]).toEqual([RULES.timestampOrder, RULES.timestampOrder, "accepted"]);
  });

  it("flags a price jump above the ratio against the symbol's previous price only", () => {
    // Prepare
    const { check } = recordChecker("trades", { priceJumpRatio: 0.1 });
    check(trade({ trade_id: "1", price: 100 }));
    // Act
    const small = flagsOf(check(trade({ trade_id: "2", price: 109 })));
    const jump = flagsOf(check(trade({ trade_id: "3", price: 121 })));
    const otherSymbol = flagsOf(check(trade({ trade_id: "4", symbol: "MSFT", price: 400 })));
    const drop = flagsOf(check(trade({ trade_id: "5", price: 100 })));
    // Assess
    expect([small, jump, otherSymbol, drop]).toEqual([[], [RULES.priceJump], [], [RULES.priceJump]]);
  });

  it("compares quote mids and bar closes for jumps", () => {
    // Prepare
    const quotes = recordChecker("quotes", { priceJumpRatio: 0.1 });
    const bars = recordChecker("bars", { priceJumpRatio: 0.1 });
    quotes.check(quote({ bid_price: 100, ask_price: 100.1 }));
    bars.check(bar({ open: 100, high: 101, low: 99, close: 100 }));
    // Act
    const quoteJump = flagsOf(quotes.check(quote({ bid_price: 120, ask_price: 120.1 })));
    const barJump = flagsOf(bars.check(bar({ open: 100, high: 125, low: 99, close: 120 })));
    // Assess
    expect([quoteJump, barJump]).toEqual([[RULES.priceJump], [RULES.priceJump]]);
  });
});

describe("normalised output", () => {
  it("writes ts as ISO-8601 UTC with nanoseconds, numbers as numbers and the symbol uppercased", () => {
    // Prepare
    const { check, serialiseLast } = recordChecker("trades");
    // Act
    check(trade({ symbol: "brk.b", ts: "2026-11-20T15:30:00.5+01:00", price: "007.50", size: "100.0", trade_id: 42 }));
    const record = serialiseLast();
    // Assess
    expect(record).toEqual({
      trade_id: "42",
      symbol: "BRK.B",
      ts: "2026-11-20T14:30:00.500000000Z",
      price: 7.5,
      size: 100,
      exchange: "Q",
      conditions: "@",
    });
  });

  it("attaches flags and escapes text for JSON", () => {
    // Prepare
    const { check, serialiseLast } = recordChecker("trades", { priceJumpRatio: 0.1 });
    check(trade({ trade_id: "1", price: 100 }));
    // Act
    check(trade({ trade_id: "2", price: 200, conditions: 'say "hi"\\\t' }));
    const record = serialiseLast();
    // Assess
    expect(record).toMatchObject({ conditions: 'say "hi"\\\t', flags: [RULES.priceJump] });
  });
});
