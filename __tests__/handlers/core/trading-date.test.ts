import { isValidTimeZone, tradingDateOf, tradingDayBounds } from "../../../handlers/validation/core/trading-date";

const NY = "America/New_York";
const at = (iso: string) => Date.parse(iso);

describe("tradingDateOf", () => {
  it.each([
    ["a winter post-market trade, 19:30 New York = 00:30Z next day", "2026-01-16T00:30:00Z", NY, "2026-01-15"],
    ["a summer post-market trade, 20:30 New York (EDT) = 00:30Z next day", "2026-07-16T00:30:00Z", NY, "2026-07-15"],
    ["the same instant in UTC", "2026-01-16T00:30:00Z", "UTC", "2026-01-16"],
    ["local midnight in winter (05:00Z)", "2026-01-16T05:00:00Z", NY, "2026-01-16"],
    ["a millisecond before it", "2026-01-16T04:59:59.999Z", NY, "2026-01-15"],
    ["the hour a spring-forward happens (07:00Z = 03:00 EDT)", "2026-03-08T07:30:00Z", NY, "2026-03-08"],
    ["a half-hour zone (St John's, NDT = UTC-2:30): 02:29:59Z is 23:59:59 the day before", "2026-11-01T02:29:59Z", "America/St_Johns", "2026-10-31"],
    ["Tokyo, ahead of UTC", "2026-01-15T15:00:00Z", "Asia/Tokyo", "2026-01-16"],
  ])("%s", (_case, iso, zone, date) => {
    expect(tradingDateOf(at(iso), zone)).toBe(date);
  });

  it("agrees with Intl on every 7 minutes of a year with two transitions (the hour cache is exact)", () => {
    // Prepare
    const reference = new Intl.DateTimeFormat("en-CA", { timeZone: NY, year: "numeric", month: "2-digit", day: "2-digit" });
    // Act / Assess
    for (let t = at("2026-01-01T00:00:00Z"); t < at("2027-01-01T00:00:00Z"); t += 7 * 60_000 + 13_000) {
      if (tradingDateOf(t, NY) !== reference.format(t)) throw new Error(`differs at ${new Date(t).toISOString()}`);
    }
  });

  it("gives each zone its own date when zones and days alternate (the last-hour and last-day memo)", () => {
    // Prepare: one instant that is the 15th in New York and the 16th in Tokyo and UTC, and one a day earlier
    const late = at("2026-01-16T00:30:00Z");
    const dayBefore = at("2026-01-15T00:30:00Z");
    // Act
    const dates = [tradingDateOf(late, NY), tradingDateOf(late, "Asia/Tokyo"), tradingDateOf(late, NY), tradingDateOf(dayBefore, NY), tradingDateOf(late, "UTC"), tradingDateOf(dayBefore, "Asia/Tokyo")];
    // Assess
    expect(dates).toEqual(["2026-01-15", "2026-01-16", "2026-01-15", "2026-01-14", "2026-01-16", "2026-01-15"]);
  });

  it("refuses an instant that is not a time, as Date does", () => {
    expect(() => tradingDateOf(Number.NaN, NY)).toThrow(RangeError);
  });
});

describe("tradingDayBounds", () => {
  it.each([
    ["a winter day: 24 h from 05:00Z", "2026-01-15", NY, "2026-01-15T05:00:00.000Z", 24],
    ["spring forward: 23 h", "2026-03-08", NY, "2026-03-08T05:00:00.000Z", 23],
    ["fall back: 25 h", "2026-11-01", NY, "2026-11-01T04:00:00.000Z", 25],
    ["UTC", "2026-03-08", "UTC", "2026-03-08T00:00:00.000Z", 24],
  ])("%s", (_case, date, zone, start, hours) => {
    // Act
    const { startMs, endMs } = tradingDayBounds(date, zone);
    // Assess
    expect(new Date(startMs).toISOString()).toBe(start);
    expect((endMs - startMs) / 3_600_000).toBe(hours);
    expect(tradingDateOf(startMs, zone)).toBe(date);
    expect(tradingDateOf(endMs - 1, zone)).toBe(date);
    expect(tradingDateOf(endMs, zone)).not.toBe(date);
  });

  it("refuses a malformed date", () => {
    expect(() => tradingDayBounds("2026-1-5", NY)).toThrow('not a date (YYYY-MM-DD): "2026-1-5"');
  });
});

describe("isValidTimeZone", () => {
  it.each([[NY, true], ["UTC", true], ["America/New_Yrok", false], ["", false], ["EST5EDT", true]])("%s -> %s", (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});
