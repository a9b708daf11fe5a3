import { ObjectKeyError, parseObjectKey, partitionDayStart } from "../../../handlers/validation/core";

function keyErrorCode(key: string): string | undefined {
  try {
    parseObjectKey(key);
    return undefined;
  } catch (error) {
    return error instanceof ObjectKeyError ? error.code : `unexpected ${String(error)}`;
  }
}

describe("parseObjectKey", () => {
  it.each([
    ["dataset=trades/date=2026-11-20/feed-001.csv.gz", { dataset: "trades", date: "2026-11-20", format: "csv", gzip: true }],
    ["dataset=quotes/date=2026-11-20/feed.jsonl", { dataset: "quotes", date: "2026-11-20", format: "jsonl", gzip: false }],
    ["raw/vendor-a/dataset=bars/date=2024-02-29/b.NDJSON.GZ", { dataset: "bars", date: "2024-02-29", format: "jsonl", gzip: true }],
    ["dataset=trades/date=2026-11-20/x.csv", { dataset: "trades", date: "2026-11-20", format: "csv", gzip: false }],
  ])("reads %s", (key, expected) => {
    // Act
    const info = parseObjectKey(key);
    // Assess
    expect(info).toEqual(expected);
  });

  it.each([
    ["date=2026-11-20/feed.csv", "missing-dataset-partition"],
    ["dataset=options/date=2026-11-20/feed.csv", "unknown-dataset"],
    ["dataset=trades/feed.csv", "missing-date-partition"],
    ["dataset=trades/date=2026-02-30/feed.csv", "invalid-date"],
    ["dataset=trades/date=20261120/feed.csv", "invalid-date"],
    ["dataset=trades/date=2026-11-20/feed.parquet", "unknown-extension"],
    ["dataset=trades/date=2026-11-20/.csv", "unknown-extension"],
    ["dataset%3Dtrades/date%3D2026-11-20/feed.csv", "missing-dataset-partition"],
  ])("refuses %s with %s", (key, code) => {
    // Act
    const actual = keyErrorCode(key);
    // Assess
    expect(actual).toBe(code);
  });

  it("names the allowed datasets and hints at URL-encoded keys", () => {
    // Act
    const unknown = () => parseObjectKey("dataset=fx/date=2026-11-20/a.csv");
    const encoded = () => parseObjectKey("dataset%3Dtrades/a.csv");
    // Assess
    expect(unknown).toThrow(/allowed values are trades, quotes, bars/);
    expect(encoded).toThrow(/URL-encoded/);
  });

  it("gives the first second of the partition's UTC day", () => {
    // Act
    const start = partitionDayStart("2026-11-20");
    // Assess
    expect(start).toBe(Date.UTC(2026, 10, 20) / 1000);
  });
});
