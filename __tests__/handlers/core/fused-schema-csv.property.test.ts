/**
 * The schema-driven fused CSV path (quotes, bars) must behave exactly like the general path it bails
 * out to: byte-identical accepted chunks, identical rejects and summaries, on random CSV mixing clean
 * lines with every kind of deviation in fields, layout and rules.
 */
import fc from "fast-check";
import { SCHEMAS } from "../../../handlers/validation/core";
import { FusedSchemaCsv } from "../../../handlers/validation/core/fused-schema-csv";
import { DATE } from "./validation-harness";
import { canonicalTs, digits, matchesGeneralPath, otherTs, runPath } from "./fused-path-harness";

type CsvDataset = "quotes" | "bars";
const run = (text: string, dataset: CsvDataset, chunkBytes: number, options: Parameters<typeof runPath>[1]["config"], forceGeneralPath: boolean) =>
  runPath(text, { dataset, format: "csv", chunkBytes, config: options, forceGeneralPath });

/** CSV field texts per kind: mostly clean, sometimes anything the general path must judge. */
const fieldText: Record<string, fc.Arbitrary<string>> = {
  symbol: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("AAPL", "MSFT", "BRK.B", "EUR/USD", "A", "ABCDEFGHIJKLMNOP") },
    { weight: 1, arbitrary: fc.constantFrom("aapl", "1AB", "", "ABCDEFGHIJKLMNOPQ", '"MSFT"', "A B", "A\u00e9") },
  ),
  timestamp: fc.oneof({ weight: 8, arbitrary: canonicalTs }, { weight: 1, arbitrary: otherTs }),
  price: fc.oneof(
    { weight: 10, arbitrary: fc.tuple(fc.integer({ min: 100, max: 110 }), digits(2)).map(([a, b]) => `${a}.${b}`) },
    { weight: 2, arbitrary: fc.constantFrom("105", "105.50", "0.5", "0", "00.5", "-1", "+5", "1e2", ".5", "5.", "", "abc", "1234567890123456", "123456789012345", '"5"') },
  ),
  count: fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 0, max: 999 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom("0", "007", "1.0", "1.5", "-1", "1e2", "", "1234567890123456", "x") },
  ),
  text: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("", "Q", "N", "@ T", "\u00e9", "\x7f") },
    { weight: 1, arbitrary: fc.constantFrom("a\\b", "x\ty", '"q"', '"a,b"', "a\rb", "V".repeat(150), "W".repeat(1100)) },
  ),
};

function csvOf(dataset: CsvDataset): fc.Arbitrary<{ header: string; lines: string[] }> {
  const fields = SCHEMAS[dataset].fields;
  const names = fields.map((f) => f.name);
  const optionalTail = fields.filter((f) => !f.required).length;
  const header = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: optionalTail }).map((cut) => names.slice(0, names.length - cut).join(",")) },
    { weight: 1, arbitrary: fc.constantFrom([names[1], names[0], ...names.slice(2)].join(","), [...names, "venue"].join(",")) },
  );
  const line = fc
    .tuple(fc.tuple(...fields.map((f) => fieldText[f.kind]!)), fc.integer({ min: -3, max: 30 }))
    .map(([values, shape]) => {
      const cells = [...values];
      if (shape === -3) cells.pop(); // one column short
      if (shape === -2) cells.push("extra"); // one column too many
      if (shape === -1) return cells.join(",").replace(/,/, ",,"); // a shifted row
      return cells.join(",");
    });
  return fc.tuple(header, fc.array(line, { maxLength: 60, size: "max" })).map(([h, lines]) => ({
    header: h,
    // Lines carry every schema column; cut them to the header's column count.
    lines: lines.map((l) => l.split(",").slice(0, h.split(",").length + (l.split(",").length - names.length)).join(",")),
  }));
}

describe("fused schema CSV path", () => {
  for (const dataset of ["quotes", "bars"] as const) {
    it(`produces the same chunks, rejects and summary as the general path on random ${dataset} CSV`, async () => {
      await fc.assert(
        matchesGeneralPath(dataset, "csv", csvOf(dataset).map((csv) => [csv.header, ...csv.lines])),
        { numRuns: 1000 },
      );
    });
  }

  it("takes runs of clean bars lines, leaves out empty optional columns, and leaves the others to the general path", async () => {
    // Prepare: record how many lines each run took
    const consumeLines = FusedSchemaCsv.prototype.consumeLines;
    const runs: number[] = [];
    const spy = jest.spyOn(FusedSchemaCsv.prototype, "consumeLines").mockImplementation(function (this: FusedSchemaCsv, ...args) {
      const next = consumeLines.apply(this, args);
      runs.push(this.linesConsumed);
      return next;
    });
    const input = [
      "symbol,ts,open,high,low,close,volume,vwap,trade_count",
      `AAPL,${DATE}T14:30:00.000000000Z,189.50,190,189,189.75,1200,189.6,31`,
      `AAPL,${DATE}T14:31:00.000000000Z,189.75,190.5,189.5,190.25,900,,`,
      `AAPL,${DATE}T14:32:00.000000000Z,190.25,190,191,190.5,800,,`, // high < low: rejected by the general path
      `msft,${DATE}T14:32:00.000000000Z,420,421,419,420.5,100,,`, // lowercase symbol: general path
      "",
    ].join("\n");
    try {
      // Act
      const fused = await run(input, "bars", input.length, {}, false);
      // Assess
      expect(runs).toEqual([2, 0]);
      expect(fused).toEqual(await run(input, "bars", input.length, {}, true));
      expect(fused.rejected.map((r) => [r.line, r.rule])).toEqual([[4, "bar.range"]]);
      expect(fused.chunks.join("").split("\n")[1]).toBe(
        `{"symbol":"AAPL","ts":"${DATE}T14:31:00.000000000Z","open":189.75,"high":190.5,"low":189.5,"close":190.25,"volume":900}`,
      );
    } finally {
      spy.mockRestore();
    }
  });

  it("starts output chunks where the general path does, also for long lines", async () => {
    // Prepare: clean quotes of ~230 bytes; each output chunk of 4 KiB ends with a few of them
    const lines = Array.from({ length: 60 }, (_, k) => `AAPL,${DATE}T14:30:${String(k).padStart(2, "0")}.000000000Z,189.5,100,189.51,200,${"V".repeat(150)}`);
    const input = ["symbol,ts,bid_price,bid_size,ask_price,ask_size,exchange", ...lines, ""].join("\n");
    // Act
    const fused = await run(input, "quotes", input.length, { outputChunkBytes: 4096 }, false);
    const general = await run(input, "quotes", input.length, { outputChunkBytes: 4096 }, true);
    // Assess
    expect(fused.chunks.length).toBeGreaterThan(3);
    expect(fused.chunks.map((c) => c.length)).toEqual(general.chunks.map((c) => c.length));
  });
});
