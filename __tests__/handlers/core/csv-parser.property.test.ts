/**
 * Fuzzing the hand-written CSV path against csv-parse (the reference parser) and against itself:
 * the single-pass fast path must agree with the general path it falls back to.
 */
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { LineSplitter } from "../../../handlers/validation/core/line-splitter";
import { TRADES_HEADER, chunksOf, runValidation, splitLine } from "./validation-harness";

/** Characters that stress quoting: delimiters, quotes, spaces, multi-byte UTF-8 (no line breaks). */
const fieldChar = fc.constantFrom("a", "Z", "0", ",", '"', " ", "é", "日", "🙂", ";", "\t");
const field = fc.array(fieldChar, { maxLength: 8 }).map((chars) => chars.join(""));

function quoteIfNeeded(value: string, forceQuotes: boolean): string {
  return forceQuotes || /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Every physical line of `text` split by the production line splitter (chunked) and field splitter. */
function parseWithOwnParser(text: string, chunkBytes: number): string[][] {
  const rows: string[][] = [];
  const splitter = new LineSplitter((buf, start, end) => {
    const fields = splitLine(buf.toString("utf8", start, end));
    if (typeof fields === "string") throw new Error(`unexpected problem ${fields}`);
    rows.push(fields);
  }, 1 << 20);
  for (const chunk of chunksOf(Buffer.from(text, "utf8"), chunkBytes)) splitter.push(chunk);
  splitter.end();
  return rows;
}

describe("CSV parser property tests", () => {
  it("parses well-formed random CSV exactly like csv-parse, line for line", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(field, { minLength: 1, maxLength: 6 }), fc.boolean()), { minLength: 1, maxLength: 20 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        (records, lineEnding, trailingNewline, chunkBytes) => {
          // Prepare: a record of one empty field would be a blank line, which neither parser emits
          const rows = records.map(([fields, forceQuotes]) =>
            fields.map((value) => quoteIfNeeded(value, forceQuotes || (fields.length === 1 && value === ""))),
          );
          const text = rows.map((fields) => fields.join(",")).join(lineEnding) + (trailingNewline ? lineEnding : "");
          // Act
          const ours = parseWithOwnParser(text, chunkBytes);
          const reference = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
          // Assess
          expect(ours).toEqual(reference);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("accepts and rejects arbitrary single lines exactly where csv-parse does", () => {
    fc.assert(
      fc.property(fc.array(fieldChar, { minLength: 1, maxLength: 24 }), (chars) => {
        // Prepare
        const line = chars.join("");
        // Act
        const ours = splitLine(line);
        let reference: string[] | "error";
        try {
          reference = (parse(line, { relax_column_count: true }) as string[][])[0] ?? [""];
        } catch {
          reference = "error";
        }
        // Assess
        if (reference === "error") expect(typeof ours).toBe("string");
        else expect(ours).toEqual(reference);
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the same outcome for a line whether the fast path or the general path reads it", async () => {
    const pick = <T>(...values: T[]) => fc.constantFrom(...values);
    const tradeLine = fc.tuple(
      pick("T1", "T2", "T3", "", "x y", "T\u0001", "t".repeat(65)),
      pick("AAPL", "aapl", "BRK.B", "", "1BAD", "A B", "ABCDEFGHIJKLMNOPQ"),
      pick(
        "2026-11-20T14:30:00Z",
        "2026-11-20T14:30:00.123456789Z",
        "2026-11-20T13:30:00.5+01:00",
        "2026-11-20T14:30:00",
        "2026-11-21T00:00:00Z",
        "1795185000123",
        "1795185000.5",
        "2026-11-20",
        "",
        "noon",
      ),
      pick("189.5", "190", "0", "-1", "1e2", "007.5", ".5", "5.", "abc", "", "1e400", "250"),
      pick("100", "0", "-5", "1.5", "100.0", "1e2", "", "x", "9007199254740993"),
      pick("Q", "", "N"),
      pick("@", "", "F T"),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(tradeLine, { minLength: 1, maxLength: 12 }), async (lines) => {
        // Prepare: quoting every field forces the general path without changing the CSV's meaning
        const plain = [TRADES_HEADER, ...lines.map((fields) => fields.join(","))].join("\n");
        const quoted = [TRADES_HEADER, ...lines.map((fields) => fields.map((v) => `"${v}"`).join(","))].join("\n");
        // Act
        const fast = await runValidation(plain);
        const general = await runValidation(quoted);
        // Assess
        expect(fast.output).toBe(general.output);
        expect(fast.rejected.map((r) => [r.rule, r.message, r.line])).toEqual(general.rejected.map((r) => [r.rule, r.message, r.line]));
      }),
      { numRuns: 300 },
    );
  });
});
