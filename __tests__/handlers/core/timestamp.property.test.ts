/**
 * Differential test of the timestamp parser against a plain reference written from its documented
 * contract (handlers/validation/core/timestamp.ts): regular expressions for the shape, BigInt epoch
 * nanoseconds for the value, the textbook Gregorian leap rule and Date for the day number only.
 */
import fc from "fast-check";
import { TimestampParts, parseTimestampBytes, scanTimestamp } from "../../../handlers/validation/core/timestamp";

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;
const EPOCH = /^(\d+)(?:\.(\d+))?$/;
const NS_PER_S = 1_000_000_000n;

function isLeap(year: number): boolean {
  return year % 400 === 0 || (year % 4 === 0 && year % 100 !== 0);
}

function monthLength(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function referenceIso(m: RegExpExecArray): TimestampParts | null {
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [offsetHours, offsetMinutes] = [Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const days = BigInt(new Date(0).setUTCFullYear(year, month - 1, day) / 86_400_000);
  const offset = BigInt((offsetHours * 3600 + offsetMinutes * 60) * (m[8] === "-" ? -1 : 1));
  const seconds = days * 86_400n + BigInt(hour * 3600 + minute * 60 + second) - offset;
  return { seconds: Number(seconds), nanos: Number((m[7] ?? "").padEnd(9, "0")) };
}

function referenceEpoch(m: RegExpExecArray): TimestampParts | null {
  const integer = BigInt(m[1]!);
  const fraction = m[2] ?? "";
  // Digits of the integer part below one second, by magnitude: s, ms, us, ns.
  const unitDigits = integer < 10n ** 11n ? 0 : integer < 10n ** 14n ? 3 : integer < 10n ** 17n ? 6 : integer < 10n ** 20n ? 9 : -1;
  if (unitDigits < 0 || fraction.length > 9 - unitDigits) return null;
  const nanos = integer * 10n ** BigInt(9 - unitDigits) + BigInt(fraction.padEnd(9 - unitDigits, "0") || "0");
  return { seconds: Number(nanos / NS_PER_S), nanos: Number(nanos % NS_PER_S) };
}

function reference(text: string): TimestampParts | null {
  const iso = ISO.exec(text);
  if (iso) return referenceIso(iso);
  const epoch = EPOCH.exec(text);
  return epoch ? referenceEpoch(epoch) : null;
}

/** Asserts parser and reference agree on `text` alone and at the start of a CSV line; returns whether it was valid. */
function checkAgainstReference(text: string, tail: string): boolean {
  // Prepare
  const expected = reference(text);
  const alone = Buffer.from(text, "latin1");
  const line = Buffer.from(`${text},${tail}`, "latin1");
  const out = { seconds: -1, nanos: -1 };
  const inLine = { seconds: -1, nanos: -1 };
  // Act
  const ok = parseTimestampBytes(alone, 0, alone.length, out);
  const stop = scanTimestamp(line, 0, line.length, inLine);
  // Assess
  expect({ text, parsed: ok ? out : null }).toEqual({ text, parsed: expected });
  if (expected) expect({ text, stop, inLine }).toEqual({ text, stop: alone.length, inLine: expected });
  else expect({ text, stopsAtComma: stop === alone.length }).toEqual({ text, stopsAtComma: false });
  return expected !== null;
}

/** Integers in [min, max] (the valid range), or one of the edge values (valid or not) one time in four. */
const edgy = (min: number, max: number, ...edges: number[]) =>
  fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 3 }, { arbitrary: fc.constantFrom(...edges), weight: 1 });
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
const junkChar = fc.constantFrom(..."0123456789-:.TtZz+ ,X\u00e9");
const tail = fc.constantFrom("189.5", "", "2026-11-20T14:30:00Z", "12");

/** One random edit (replace, insert or delete a character) or none, to make near-valid inputs. */
function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.option(fc.tuple(fc.constantFrom("replace", "insert", "delete"), fc.nat(), junkChar), { freq: 2 });
  return fc.tuple(base, edit).map(([s, e]) => {
    if (!e) return s;
    const [kind, at, c] = e;
    const i = at % (s.length + 1);
    return s.slice(0, i) + (kind === "delete" ? "" : c) + s.slice(kind === "replace" ? i + 1 : i);
  });
}

const year = fc.oneof(
  { arbitrary: fc.integer({ min: 1970, max: 2100 }), weight: 6 },
  { arbitrary: fc.constantFrom(0, 1, 4, 99, 100, 1600, 1899, 1900, 1969, 2000, 2024, 2100, 2400, 9999), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 9999 }), weight: 1 },
);
const zone = fc.oneof(
  fc.constantFrom("Z", "z"),
  fc.constantFrom("", "+", "-", "+1", "+01:0", "+012", "+01:", "UTC", "+0:00"),
  fc.tuple(fc.constantFrom("+", "-"), edgy(0, 23, 0, 14, 23, 24, 99), edgy(0, 59, 0, 30, 59, 60), fc.constantFrom(":", "", "none")).map(
    ([sign, h, m, sep]) => (sep === "none" ? `${sign}${pad(h)}` : `${sign}${pad(h)}${sep}${pad(m)}`),
  ),
);
const isoText = fc
  .record({
    year,
    month: edgy(1, 12, 0, 1, 2, 2, 12, 13),
    day: edgy(1, 28, 0, 1, 29, 29, 30, 31, 32),
    sep: fc.constantFrom("T", "t", " ", "T", "_"),
    hour: edgy(0, 23, 0, 23, 24),
    minute: edgy(0, 59, 0, 59, 60),
    second: edgy(0, 59, 0, 59, 60),
    fraction: fc.oneof(fc.constant(null), digits(0, 10)),
    zone,
  })
  .map((t) => {
    const fraction = t.fraction === null ? "" : `.${t.fraction}`;
    return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}${t.sep}${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${fraction}${t.zone}`;
  });

const BAND_EDGES = [0n, 10n ** 10n, 10n ** 11n, 10n ** 14n, 10n ** 17n, 10n ** 20n, 10n ** 21n];
const epochInteger = fc.oneof(
  fc.tuple(fc.constantFrom(...BAND_EDGES), fc.integer({ min: -3, max: 3 })).map(([edge, d]) => (edge + BigInt(d) < 0n ? 0n : edge + BigInt(d)).toString()),
  // Realistic instants (late 2023 to early 2027) written in seconds, ms, us or ns.
  fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }).map((ns) => ns.toString().slice(0, 10 + 3 * (Number(ns % 4n)))),
  digits(1, 22),
);
const epochText = fc
  .tuple(fc.constantFrom("", "", "0", "000"), epochInteger, fc.oneof(fc.constant(null), digits(0, 10)))
  .map(([zeros, integer, fraction]) => zeros + integer + (fraction === null ? "" : `.${fraction}`));

describe("timestamp parser against a BigInt reference", () => {
  const RUNS = 3000;

  it("agrees on ISO-8601 text: every separator, fraction length, zone form and calendar edge", () => {
    let valid = 0;
    fc.assert(
      fc.property(mutated(isoText), tail, (text, rest) => {
        if (checkAgainstReference(text, rest)) valid++;
      }),
      { numRuns: RUNS },
    );
    // Assess: both outcomes were exercised in quantity
    expect(valid).toBeGreaterThan(RUNS / 10);
    expect(valid).toBeLessThan(RUNS * 0.9);
  });

  it("agrees on epoch numbers: every unit band edge, leading zeros, fractions of 0-10 digits", () => {
    let valid = 0;
    fc.assert(
      fc.property(mutated(epochText), tail, (text, rest) => {
        if (checkAgainstReference(text, rest)) valid++;
      }),
      { numRuns: RUNS },
    );
    expect(valid).toBeGreaterThan(RUNS / 10);
    expect(valid).toBeLessThan(RUNS * 0.9);
  });

  it("agrees on junk made of timestamp characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: junkChar, maxLength: 32 }), tail, (text, rest) => {
        checkAgainstReference(text.replace(/,/g, ""), rest);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ["2000-02-29T00:00:00Z", true],
    ["1900-02-29T00:00:00Z", false],
    ["2100-02-29T00:00:00Z", false],
    ["2024-02-29T00:00:00Z", true],
    ["2025-02-29T00:00:00Z", false],
    ["2099-12-31T23:30:00-01:00", true], // crosses into 2100
    ["2000-01-01T00:15:00+0030", true], // back into 1999
  ])("reference sanity: %s", (text, valid) => {
    // Act / Assess: the reference itself follows the leap rule, and the parser agrees
    expect(checkAgainstReference(text, "1")).toBe(valid);
  });
});
