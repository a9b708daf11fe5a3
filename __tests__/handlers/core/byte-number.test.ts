import { ParsedNumber, parseDecimalBytes } from "../../../handlers/validation/core/byte-number";
import fc from "fast-check";

function parse(text: string): ParsedNumber | null {
  const out: ParsedNumber = { value: 0, jsonText: false, plainInteger: false };
  const bytes = Buffer.from(text, "latin1");
  return parseDecimalBytes(bytes, 0, bytes.length, out) ? { ...out } : null;
}

describe("decimal parsing from bytes", () => {
  it.each([
    ["189.5", 189.5, true, false],
    ["100", 100, true, true],
    ["0", 0, true, true],
    ["0.0001", 0.0001, true, false],
    ["007", 7, false, false],
    ["+5", 5, false, false],
    ["-2.5", -2.5, false, false],
    [".5", 0.5, false, false],
    ["5.", 5, false, false],
    ["1e3", 1000, true, false],
    ["2.5E-2", 0.025, true, false],
    ["12345678901234567890", 12345678901234567890, true, true],
  ])("reads %s", (text, value, jsonText, plainInteger) => {
    // Act
    const parsed = parse(text);
    // Assess
    expect(parsed).toEqual({ value, jsonText, plainInteger });
  });

  it.each(["", "-", ".", "1e", "1e+", "1.2.3", "12a", " 1", "1 ", "NaN", "Infinity", "0x10", "1,5"])("refuses %j", (text) => {
    // Act
    const parsed = parse(text);
    // Assess
    expect(parsed).toBeNull();
  });

  it("equals Number() on any decimal text it accepts", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[+-]?\d{1,20}(\.\d{0,20})?([eE][+-]?\d{1,3})?$/),
        (text) => {
          // Act
          const parsed = parse(text);
          // Assess
          const expected = Number(text);
          return parsed !== null && Object.is(parsed.value, expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("marks as JSON text only what JSON.parse reads to the same value", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[+-]?\d{0,4}(\.\d{0,4})?([eE][+-]?\d{1,2})?$/), (text) => {
        // Act
        const parsed = parse(text);
        // Assess
        if (parsed === null || !parsed.jsonText) return true;
        return Object.is(JSON.parse(text), parsed.value);
      }),
      { numRuns: 2000 },
    );
  });
});
