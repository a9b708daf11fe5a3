/** Invariant 1 of DESIGN.md at the record level: records_in = accepted + rejected, whatever the input. */
import fc from "fast-check";
import { marketDataStream } from "../../../bench/validator/generate-market-data";
import { TRADES_HEADER, runValidation, runValidationStream } from "./validation-harness";

describe("reconciliation", () => {
  it("holds for random mixes of good, bad and malformed CSV lines, in any chunking", async () => {
    const line = fc.oneof(
      fc.constant("T1,AAPL,2026-11-20T14:30:00Z,100,1,Q,@"),
      fc.constant("T1,AAPL,2026-11-20T14:30:00Z,100,1,Q"),
      fc.constant('T2,"AAPL,2026-11-20T14:30:00Z,100,1,Q,@'),
      fc.constant(""),
      fc.constant("\r"),
      fc.string({ maxLength: 40 }).filter((s) => !/[\r\n]/.test(s)),
      fc.array(fc.constantFrom("T9", "aapl", "1795185000", "-1", '"x,y"', "", "1e3", "é"), { minLength: 7, maxLength: 7 }).map((f) => f.join(",")),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.integer({ min: 1, max: 50 }), async (lines, chunkBytes) => {
        // Prepare
        const text = [TRADES_HEADER, ...lines].join("\n");
        const dataLines = lines.filter((l) => l !== "" && l !== "\r").length;
        // Act
        const run = await runValidation(text, { chunkBytes });
        // Assess
        const { summary } = run;
        expect(summary.records_in).toBe(dataLines);
        expect(summary.records_in).toBe(summary.accepted + summary.rejected);
        expect(run.accepted).toHaveLength(summary.accepted);
        expect(run.rejected).toHaveLength(summary.rejected);
        expect(Object.values(summary.rejected_by_rule).reduce((a, b) => a + b, 0)).toBe(summary.rejected);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["trades", "csv"],
    ["quotes", "jsonl"],
    ["bars", "csv"],
  ] as const)("holds for a generated %s %s object with injected errors", async (dataset, format) => {
    // Prepare
    const stream = marketDataStream({ dataset, format, date: "2026-11-20", targetBytes: 300_000, invalidRate: 0.05, seed: 7 });
    // Act
    const run = await runValidationStream(stream, { dataset, format });
    // Assess
    const { summary } = run;
    expect(summary.records_in).toBe(summary.accepted + summary.rejected);
    expect(summary.rejected / summary.records_in).toBeGreaterThan(0.02);
    expect(summary.rejected / summary.records_in).toBeLessThan(0.08);
    expect(run.accepted).toHaveLength(summary.accepted);
  });
});
