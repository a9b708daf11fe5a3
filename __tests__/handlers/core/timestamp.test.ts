import { TimestampParts, parseTimestampBytes, scanTimestamp } from "../../../handlers/validation/core/timestamp";

function parse(text: string): TimestampParts | null {
  const out = { seconds: 0, nanos: 0 };
  const bytes = Buffer.from(text, "latin1");
  return parseTimestampBytes(bytes, 0, bytes.length, out) ? out : null;
}

const BASE = Date.UTC(2026, 10, 20, 14, 30, 0) / 1000; // 2026-11-20T14:30:00Z

describe("timestamp parsing", () => {
  it.each([
    ["2026-11-20T14:30:00Z", BASE, 0],
    ["2026-11-20T14:30:00.5Z", BASE, 500_000_000],
    ["2026-11-20T14:30:00.123456789Z", BASE, 123_456_789],
    ["2026-11-20t14:30:00.000001z", BASE, 1_000],
    ["2026-11-20 14:30:00Z", BASE, 0],
    ["2026-11-20T15:30:00+01:00", BASE, 0],
    ["2026-11-20T09:00:00-0530", BASE, 0],
    ["2026-11-20T16:30:00+02", BASE, 0],
    ["2026-11-21T00:30:00+10:00", BASE, 0],
  ])("reads ISO-8601 %s", (text, seconds, nanos) => {
    // Act
    const parsed = parse(text);
    // Assess
    expect(parsed).toEqual({ seconds, nanos });
  });

  it.each([
    ["1795185000", BASE, 0], // seconds (10 digits)
    ["1795185000.25", BASE, 250_000_000],
    ["1795185000123", BASE, 123_000_000], // milliseconds
    ["1795185000123456", BASE, 123_456_000], // microseconds
    ["1795185000123456789", BASE, 123_456_789], // nanoseconds, beyond 2^53 yet exact
    ["1795185000123.456789", BASE, 123_456_789], // milliseconds with a fraction
    ["0001795185000", BASE, 0], // leading zeros do not change the unit
    ["99999999999", 99_999_999_999, 0], // largest seconds value
    ["100000000000", 100_000_000, 0], // smallest milliseconds value
  ])("reads epoch %s by magnitude", (text, seconds, nanos) => {
    // Act
    const parsed = parse(text);
    // Assess
    expect(parsed).toEqual({ seconds, nanos });
  });

  it.each([
    "2026-11-20T14:30:00", // no zone: ambiguous
    "2026-11-20T14:30:00.1234567891Z", // below a nanosecond
    "2026-11-20T24:00:00Z",
    "2026-11-20T14:60:00Z",
    "2026-11-20T14:30:60Z", // leap second
    "2026-02-29T14:30:00Z", // not a leap year
    "2026-13-01T14:30:00Z",
    "2026-11-20T14:30:00.Z",
    "2026-11-20T14:30:00+24:00",
    "2026-11-20T14:30:00+01:0",
    "2026-11-20X14:30:00Z",
    "2026-11-20",
    "1795185000.",
    "1795185000.1234567891",
    "179518500012345678901", // 21 digits
    "-1795185000",
    "1.7e9",
    "",
    "now",
  ])("refuses %j", (text) => {
    // Act
    const parsed = parse(text);
    // Assess
    expect(parsed).toBeNull();
  });

  it("stops at the end of the value when scanning a line", () => {
    // Prepare
    const line = Buffer.from("2026-11-20T14:30:00.5Z,189.5");
    const out = { seconds: 0, nanos: 0 };
    // Act
    const stop = scanTimestamp(line, 0, line.length, out);
    // Assess
    expect(stop).toBe(line.indexOf(","));
    expect(out).toEqual({ seconds: BASE, nanos: 500_000_000 });
  });
});
