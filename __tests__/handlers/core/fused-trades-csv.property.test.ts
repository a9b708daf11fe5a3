/**
 * The fused trades CSV path (one pass: fields, rules, state, output) must behave exactly like the
 * general path it bails out to: byte-identical accepted chunks, identical rejects and summaries, on
 * random trades CSV mixing clean lines with every kind of deviation.
 */
import fc from "fast-check";
import { FusedTradesCsv } from "../../../handlers/validation/core/fused-trades-csv";
import { DATE } from "./validation-harness";
import { canonicalTs, digits, matchesGeneralPath, otherTs, runPath } from "./fused-path-harness";

const run = (text: string, chunkBytes: number, options: Parameters<typeof runPath>[1]["config"], forceGeneralPath: boolean) =>
  runPath(text, { dataset: "trades", format: "csv", chunkBytes, config: options, forceGeneralPath });

const tradeId = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 60 }).map((n) => `T${n}`) },
  { weight: 1, arbitrary: fc.constantFrom("", "x".repeat(64), "x".repeat(65), "T\\1", "T\t1", "T\x7f", "\u00e9\u65e5", "T 1", '"T1"', '"T""1"', "T'1", "T/1") },
);
const cleanSymbol = fc.constantFrom("AAPL", "MSFT", "BRK.B", "EUR/USD", "BF-B", "A", "ABCDEFGHIJKLMNOP", "Z9");
const symbol = fc.oneof({ weight: 6, arbitrary: cleanSymbol }, { weight: 1, arbitrary: fc.constantFrom("AAPL", "AAPL", "MSFT", "BRK.B", "EUR/USD", "BF-B", "A", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQ", "aapl", "Aapl", "1AB", "A B", "", "A\u00e9", '"MSFT"', "ES_Z", ".A") });
const price = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.integer({ min: 1, max: 400 }), digits(2)).map(([a, b]) => `${a}.${b}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("189.50", "0.5", "0", "0.00", "00.5", "-1", "+5", "1e2", "1E2", ".5", "5.", "189", "123456789012345", "1234567890123456", "12345678901234.5", "0.000000000000001", "abc", "", "1.2.3", "1e400", '"5"'),
  },
);
const size = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 999 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("0", "007", "1.0", "1.5", "-1", "1e2", "", "123456789012345", "1234567890123456", "9007199254740993", "x") },
);
const text = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("", "Q", "N", "@", "@ T", "\u00e9", "\x7f") },
  { weight: 1, arbitrary: fc.constantFrom("a\\b", "x\ty", '"q"', '"a,b"', '"say ""hi"""', "a/b", "a\rb", "\r") },
  // Long clean text: lines near the output chunk's end and beyond the fused path's line limit.
  { weight: 1, arbitrary: fc.constantFrom("V".repeat(150), "W".repeat(1100)) },
);

const line = fc
  .tuple(tradeId, symbol, fc.oneof({ weight: 8, arbitrary: canonicalTs }, { weight: 1, arbitrary: otherTs }), price, size, text, text, fc.integer({ min: -3, max: 30 }))
  .map(([id, sym, ts, p, sz, ex, cond, shape]) => {
    const fields = [id, sym, ts, p, sz, ex, cond];
    if (shape === -3) fields.pop(); // one column short
    if (shape === -2) fields.push("extra"); // one column too many
    if (shape === -1) return fields.join(",").replace(/,/, ",,"); // a shifted row
    return fields.join(",");
  });

const header = fc.constantFrom(
  "trade_id,symbol,ts,price,size,exchange,conditions",
  "trade_id,symbol,ts,price,size,exchange,conditions",
  "trade_id,symbol,ts,price,size",
  "trade_id,symbol,ts,price,size,exchange",
  "symbol,trade_id,ts,price,size,exchange,conditions",
  "trade_id,symbol,ts,price,size,exchange,conditions,venue",
);

describe("fused trades CSV path", () => {
  it("produces the same chunks, rejects and summary as the general path on random trades CSV", async () => {
    await fc.assert(
      matchesGeneralPath("trades", "csv", fc.tuple(header, fc.array(line, { minLength: 0, maxLength: 80, size: "max" })).map(([head, lines]) => [head, ...lines])),
      { numRuns: 1000 },
    );
  });

  it("takes runs of clean lines and leaves the others to the general path", async () => {
    // Prepare: record how many lines each run took
    const consumeLines = FusedTradesCsv.prototype.consumeLines;
    const runs: number[] = [];
    const spy = jest.spyOn(FusedTradesCsv.prototype, "consumeLines").mockImplementation(function (this: FusedTradesCsv, ...args) {
      const next = consumeLines.apply(this, args);
      runs.push(this.linesConsumed);
      return next;
    });
    const input = [
      "trade_id,symbol,ts,price,size,exchange,conditions",
      `T1,AAPL,${DATE}T14:30:00.123456789Z,189.50,100,Q,@`,
      `T2,aapl,${DATE}T14:30:00.123456789Z,189.50,100,Q,@`,
      `T3,AAPL,${DATE}T14:30:01.000000000Z,250.00,100,,`,
      `T4,AAPL,${DATE}T14:30:01.000000000Z,250.00,100,,`,
      `T3,AAPL,${DATE}T14:30:02.000000000Z,189.50,100,Q,@`,
      "",
    ].join("\n");
    try {
      // Act
      const fused = await run(input, input.length, {}, false);
      // Assess: T1 taken; T2 lowercase (general path); T3 (price jump flag) and T4 taken; T3 again is a
      // duplicate (general path, which rejects it)
      expect(runs).toEqual([1, 2]);
      expect(fused).toEqual(await run(input, input.length, {}, true));
      expect(fused.rejected.map((r) => [r.line, r.rule])).toEqual([[6, "trade_id.duplicate"]]);
      expect(fused.chunks.join("")).toBe(
        `{"trade_id":"T1","symbol":"AAPL","ts":"${DATE}T14:30:00.123456789Z","price":189.50,"size":100,"exchange":"Q","conditions":"@"}\n` +
          `{"trade_id":"T2","symbol":"AAPL","ts":"${DATE}T14:30:00.123456789Z","price":189.50,"size":100,"exchange":"Q","conditions":"@"}\n` +
          `{"trade_id":"T3","symbol":"AAPL","ts":"${DATE}T14:30:01.000000000Z","price":250.00,"size":100,"flags":["price.jump"]}\n` +
          `{"trade_id":"T4","symbol":"AAPL","ts":"${DATE}T14:30:01.000000000Z","price":250.00,"size":100}\n`,
      );
    } finally {
      spy.mockRestore();
    }
  });

  it("starts output chunks where the general path does, also for long lines", async () => {
    // Prepare: clean lines of ~230 bytes; each output chunk of 4 KiB ends with a few of them
    const lines = Array.from({ length: 60 }, (_, k) => `T${k + 1},AAPL,${DATE}T14:30:00.123456789Z,189.50,100,${"V".repeat(150)},@`);
    const input = ["trade_id,symbol,ts,price,size,exchange,conditions", ...lines, ""].join("\n");
    // Act
    const fused = await run(input, input.length, { outputChunkBytes: 4096 }, false);
    const general = await run(input, input.length, { outputChunkBytes: 4096 }, true);
    // Assess
    expect(fused.chunks.length).toBeGreaterThan(3);
    expect(fused.chunks.map((c) => c.length)).toEqual(general.chunks.map((c) => c.length));
  });
});
