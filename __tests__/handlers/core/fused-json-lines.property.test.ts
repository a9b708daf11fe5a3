/**
 * The fused JSON lines path (lines already in the output form are checked and copied) must behave
 * exactly like the general path (JSON.parse) it bails out to: byte-identical accepted chunks,
 * identical rejects and summaries, on random lines of all three datasets mixing canonical lines with
 * every kind of deviation in keys, layout, values and rules.
 */
import fc from "fast-check";
import { Dataset, SCHEMAS } from "../../../handlers/validation/core";
import { FusedJsonLines } from "../../../handlers/validation/core/fused-json-lines";
import { DATE } from "./validation-harness";
import { canonicalTs, digits, matchesGeneralPath, otherTs, runPath } from "./fused-path-harness";

const run = (text: string, dataset: Dataset, chunkBytes: number, options: Parameters<typeof runPath>[1]["config"], forceGeneralPath: boolean) =>
  runPath(text, { dataset, format: "jsonl", chunkBytes, config: options, forceGeneralPath });

/** JSON value texts per field kind: mostly what the writer would print, sometimes anything else. */
const json = (text: string) => JSON.stringify(text);
const valueText: Record<string, fc.Arbitrary<string>> = {
  "trade-id": fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => json(`T${n}`)) },
    { weight: 1, arbitrary: fc.constantFrom("12", '""', json("x".repeat(64)), json("x".repeat(65)), '"T\\u0031"', json("T\x7f"), json("T,1"), json("\u00e9"), "null") },
  ),
  symbol: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("AAPL", "MSFT", "BRK.B", "EUR/USD", "A", "ABCDEFGHIJKLMNOP").map(json) },
    { weight: 1, arbitrary: fc.constantFrom('"aapl"', '"1AB"', '""', json("ABCDEFGHIJKLMNOPQ"), "123", '"A\\u0042"', "null", '"A B"') },
  ),
  timestamp: fc.oneof({ weight: 8, arbitrary: canonicalTs.map(json) }, { weight: 1, arbitrary: otherTs.map(json) }, { weight: 1, arbitrary: fc.constantFrom("1795182600", "1795182600123", "null") }),
  price: fc.oneof(
    { weight: 10, arbitrary: fc.tuple(fc.integer({ min: 1, max: 400 }), digits(2)).map(([a, b]) => `${a}.${b}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom("189.5", "189", "0.5", "0", "0.0", "-1", "1e2", "1E2", "220.", "0.000001", "0.0000001", "0.00000123", "123456789012345", "1234567890123456", "12345678901234.5", "00.5", '"5"', "true", "null"),
    },
  ),
  count: fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 0, max: 999 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom("007", "1.5", "1.0", "-1", "1e2", '"3"', "123456789012345", "1234567890123456", "null") },
  ),
  text: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("Q", "N", "@ T", "a,b", "\u00e9", "\x7f", "V".repeat(150)).map(json) },
    { weight: 1, arbitrary: fc.constantFrom('""', '"\\""', '"a\\/b"', '"\\u00e9"', "null", "5", json("W".repeat(1100))) },
  ),
};

/** One line: the schema's fields (optional ones sometimes left out) with an occasional change of layout. */
function lineOf(dataset: Dataset): fc.Arbitrary<string> {
  const fields = SCHEMAS[dataset].fields;
  const entries = fc.tuple(...fields.map((f) => fc.tuple(fc.constant(f.name), valueText[f.kind]!, fc.integer({ min: 0, max: f.required ? 40 : 3 }))));
  const layout = fc.constantFrom("canonical", "canonical", "canonical", "canonical", "canonical", "space", "shuffled", "extra-key", "flags", "missing", "array", "garbage");
  return fc.tuple(entries, layout).map(([values, shape]) => {
    let present = values.filter(([, , keep]) => keep > 0).map(([name, text]) => `"${name}":${text}`);
    if (shape === "missing") present = present.slice(1);
    if (shape === "shuffled") present = [...present.slice(1), present[0]!];
    if (shape === "extra-key") present.splice(1, 0, '"venue":"X"');
    if (shape === "flags") present.push('"flags":["price.jump"]');
    const body = `{${present.join(shape === "space" ? ", " : ",")}}`;
    return shape === "array" ? `[${body}]` : shape === "garbage" ? body.slice(0, -3) : body;
  });
}

describe("fused JSON lines path", () => {
  for (const dataset of ["trades", "quotes", "bars"] as const) {
    it(`produces the same chunks, rejects and summary as the general path on random ${dataset} JSON lines`, async () => {
      await fc.assert(
        matchesGeneralPath(dataset, "jsonl", fc.array(lineOf(dataset), { minLength: 0, maxLength: 60, size: "max" })),
        { numRuns: 1000 },
      );
    });
  }

  it("takes runs of canonical lines and leaves the others to the general path", async () => {
    // Prepare: record how many lines each run took
    const consumeLines = FusedJsonLines.prototype.consumeLines;
    const runs: number[] = [];
    const spy = jest.spyOn(FusedJsonLines.prototype, "consumeLines").mockImplementation(function (this: FusedJsonLines, ...args) {
      const next = consumeLines.apply(this, args);
      runs.push(this.linesConsumed);
      return next;
    });
    const quote = (symbol: string, s: string, bid: string, ask: string) =>
      `{"symbol":"${symbol}","ts":"${DATE}T14:30:${s}.000000000Z","bid_price":${bid},"bid_size":100,"ask_price":${ask},"ask_size":200,"exchange":"Q"}`;
    const input = [
      quote("AAPL", "00", "189.5", "189.51"), // line 1: always the general path (it decides whether a fused path applies)
      quote("AAPL", "01", "189.5", "189.52"),
      quote("AAPL", "02", "189.50", "189.52"), // 189.50 prints as 189.5: general path
      quote("AAPL", "03", "189.6", "189.4"), // crossed: general path rejects it
      quote("AAPL", "04", "250", "250.01"), // price jump: flagged, still fused
      quote("MSFT", "05", "420.1", "420.2"),
      "",
    ].join("\n");
    try {
      // Act
      const fused = await run(input, "quotes", input.length, {}, false);
      // Assess
      expect(runs).toEqual([1, 0, 2]);
      expect(fused).toEqual(await run(input, "quotes", input.length, {}, true));
      expect(fused.rejected.map((r) => [r.line, r.rule])).toEqual([[4, "quote.crossed"]]);
      expect(fused.chunks.join("").split("\n")[3]).toBe(
        `{"symbol":"AAPL","ts":"${DATE}T14:30:04.000000000Z","bid_price":250,"bid_size":100,"ask_price":250.01,"ask_size":200,"exchange":"Q","flags":["price.jump"]}`,
      );
    } finally {
      spy.mockRestore();
    }
  });

  it("copies a run that starts at the first byte of an input chunk to where its output belongs", async () => {
    // Prepare: the general path writes line 1; line 2, a clean line, starts exactly at the second
    // chunk's first byte (a run with no run before it in this chunk)
    const first = `{"symbol":"AAPL","ts":"${DATE}T14:30:00.000000000Z","bid_price":189.50,"bid_size":100,"ask_price":189.51,"ask_size":200}\n`;
    const second = `{"symbol":"AAPL","ts":"${DATE}T14:30:01.000000000Z","bid_price":189.5,"bid_size":100,"ask_price":189.51,"ask_size":200}\n`;
    const input = first + second + second.replace("14:30:01", "14:30:02");
    // Act
    const fused = await run(input, "quotes", first.length, {}, false);
    const general = await run(input, "quotes", first.length, {}, true);
    // Assess
    expect(fused).toEqual(general);
  });
});
