import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describeInputFile, readRecords, UsageError, type ReadItem } from "../../../src/operations/produce";

const dir = mkdtempSync(join(tmpdir(), "produce-read-"));
const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
};
const readAll = async (path: string, dataset?: string): Promise<ReadItem[]> => {
  const out: ReadItem[] = [];
  for await (const item of readRecords(describeInputFile(path, dataset))) out.push(item);
  return out;
};

describe("reading input files", () => {
  it("reads CSV with a real parser: header names, quoted commas and newlines, CRLF, BOM; a row of the wrong width is skipped with its line", async () => {
    // Prepare
    const csv = '\ufefftrade_id,symbol,ts,price,size,exchange,conditions\r\nT1,AAPL,2026-01-15T15:30:00Z,189.50,100,Q,"@,F"\r\nT2,MSFT,2026-01-15T15:30:01Z,410.00,5\r\n\r\nT3,SPY,2026-01-15T15:30:02Z,580.10,7,P,"line\nbreak"\r\n';
    const path = write("dataset=trades/date=2026-01-15/feed.csv", csv);
    // Act
    const items = await readAll(path);
    // Assess
    expect(items).toEqual([
      { kind: "record", line: 2, record: { trade_id: "T1", symbol: "AAPL", ts: "2026-01-15T15:30:00Z", price: "189.50", size: "100", exchange: "Q", conditions: "@,F" } },
      { kind: "skipped", line: 3, reason: expect.stringContaining("Invalid Record Length") },
      { kind: "record", line: 6, record: { trade_id: "T3", symbol: "SPY", ts: "2026-01-15T15:30:02Z", price: "580.10", size: "7", exchange: "P", conditions: "line\nbreak" } },
    ]);
  });

  it("reads gzipped JSON lines as a stream: objects as they are, empty lines ignored, bad lines skipped with the reason", async () => {
    // Prepare
    const lines = ['{"symbol":"AAPL","ts":1768491000000,"bid_price":189.5,"bid_size":3,"ask_price":189.52,"ask_size":1}', "", "{not json", "[1,2]", '{"symbol":"Ü","ts":"2026-01-15T15:30:00Z"}\r'];
    const path = write("quotes.jsonl.gz", gzipSync(lines.join("\n")));
    // Act
    const items = await readAll(path, "quotes");
    // Assess
    expect(items).toEqual([
      { kind: "record", line: 1, record: { symbol: "AAPL", ts: 1768491000000, bid_price: 189.5, bid_size: 3, ask_price: 189.52, ask_size: 1 } },
      { kind: "skipped", line: 3, reason: expect.stringMatching(/^invalid JSON: /) },
      { kind: "skipped", line: 4, reason: "a JSON line must hold an object, got an array" },
      { kind: "record", line: 5, record: { symbol: "Ü", ts: "2026-01-15T15:30:00Z" } },
    ]);
  });

  it("reads a gzipped CSV, and a UTF-8 character split across chunks of a large JSON-lines file", async () => {
    // Prepare: 200,000 lines of 2-byte characters cross many 64 KiB read chunks
    const csv = write("b.csv.gz", gzipSync("symbol,ts,open,high,low,close,volume\nAAPL,1768491000,1,2,0.5,1.5,10\n"));
    const jsonl = write("big.ndjson", Array.from({ length: 200_000 }, (_, i) => JSON.stringify({ symbol: "ÄÖÜ", i })).join("\n") + "\n");
    // Act
    const bars = await readAll(csv, "bars");
    const big = await readAll(jsonl, "trades");
    // Assess
    expect(bars).toEqual([{ kind: "record", line: 2, record: { symbol: "AAPL", ts: "1768491000", open: "1", high: "2", low: "0.5", close: "1.5", volume: "10" } }]);
    expect(big).toHaveLength(200_000);
    expect(big.every((item, i) => item.kind === "record" && item.record.symbol === "ÄÖÜ" && item.record.i === i)).toBe(true);
  });

  it.each([
    ["feed.txt", undefined, /^--file: feed.txt: the name must end with one of \.csv, \.csv\.gz, \.jsonl, \.jsonl\.gz, \.ndjson, \.ndjson\.gz$/],
    ["feed.csv", undefined, /^--dataset: required, as the path feed.csv has no dataset=<d> segment; allowed values are trades, quotes, bars$/],
    ["feed.csv", "orders", /^--dataset: got "orders", allowed values are trades, quotes, bars$/],
    ["raw/dataset=orderbook/feed.csv", undefined, /^the path's dataset= segment: got "orderbook", allowed values are trades, quotes, bars$/],
    ["raw/dataset=trades/feed.csv", "quotes", /^--dataset quotes disagrees with the path's dataset=trades segment/],
  ])("refuses %s with --dataset %s as a usage error", (path, dataset, message) => {
    expect(() => describeInputFile(path, dataset)).toThrow(UsageError);
    expect(() => describeInputFile(path, dataset)).toThrow(message);
  });

  it("takes the dataset from the path's dataset= segment, or from --dataset", () => {
    expect(describeInputFile("/data/raw/dataset=quotes/date=2026-01-15/q.jsonl.gz")).toEqual({ path: "/data/raw/dataset=quotes/date=2026-01-15/q.jsonl.gz", dataset: "quotes", format: "jsonl", gzip: true });
    expect(describeInputFile("bars.CSV", "bars")).toMatchObject({ dataset: "bars", format: "csv", gzip: false });
  });
});
