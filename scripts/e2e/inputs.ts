import { gzipSync } from "node:zlib";
import { generateMarketData, type MarketDataOptions } from "../../bench/validator/generate-market-data";

/** One raw object the run uploads, and what the lake must make of it. */
export interface InputObject {
  readonly key: string;
  readonly body: Buffer;
  readonly contentEncoding?: string;
  /** Records in the object (lines minus the CSV header and blank lines). */
  readonly records: number;
  readonly expect: { readonly status: "VALIDATED" } | { readonly status: "FAILED"; readonly reason: RegExp };
}

export const E2E_DATE = "2026-11-20";

function generated(options: Omit<MarketDataOptions, "date">): { body: Buffer; records: number } {
  const body = Buffer.concat([...generateMarketData({ ...options, date: E2E_DATE })]);
  const lines = body.toString("utf8").split("\n").filter((l) => l.trim() !== "").length;
  return { body, records: options.format === "csv" ? lines - 1 : lines };
}

const key = (dataset: string, file: string) => `dataset=${dataset}/date=${E2E_DATE}/${file}`;

/** The plain run: every format, bad rows, and each kind of unreadable object. */
export function plainRunInputs(): InputObject[] {
  const trades = generated({ dataset: "trades", format: "csv", targetBytes: 200_000, seed: 1 });
  const badTrades = generated({ dataset: "trades", format: "csv", targetBytes: 100_000, seed: 2, invalidRate: 0.03 });
  const quotes = generated({ dataset: "quotes", format: "jsonl", targetBytes: 150_000, seed: 3 });
  const bars = generated({ dataset: "bars", format: "csv", targetBytes: 50_000, seed: 4 });
  const truncated = gzipSync(generated({ dataset: "trades", format: "csv", targetBytes: 200_000, seed: 5 }).body);
  return [
    { key: key("trades", "nyse trades+1.csv"), body: trades.body, records: trades.records, expect: { status: "VALIDATED" } },
    { key: key("trades", "with-bad-rows.csv"), body: badTrades.body, records: badTrades.records, expect: { status: "VALIDATED" } },
    { key: key("quotes", "quotes.jsonl.gz"), body: gzipSync(quotes.body), records: quotes.records, expect: { status: "VALIDATED" } },
    // gzip announced only by Content-Encoding, not by the key.
    { key: key("bars", "bars-1m.csv"), body: gzipSync(bars.body), contentEncoding: "gzip", records: bars.records, expect: { status: "VALIDATED" } },
    { key: key("trades", "truncated.csv.gz"), body: truncated.subarray(0, Math.floor(truncated.length / 2)), records: 0, expect: { status: "FAILED", reason: /truncated-gzip/ } },
    { key: key("trades", "empty.csv"), body: Buffer.alloc(0), records: 0, expect: { status: "FAILED", reason: /empty/ } },
    { key: key("options", "chain.csv"), body: Buffer.from("symbol,ts\n"), records: 0, expect: { status: "FAILED", reason: /unknown-dataset/ } },
  ];
}

/** The object the run makes fail on every attempt until it is redriven from the DLQ. */
export function poisonInput(): InputObject {
  const poison = generated({ dataset: "trades", format: "csv", targetBytes: 20_000, seed: 6 });
  return { key: key("trades", "poison.csv"), body: poison.body, records: poison.records, expect: { status: "VALIDATED" } };
}

/** The load run: `count` objects of ~`recordsEach` records, trades CSV and quotes JSONL (gzip). */
export function loadRunInputs(count: number, recordsEach: number): InputObject[] {
  return Array.from({ length: count }, (_, i) => {
    const quotes = i % 3 === 2;
    const bytesPerRecord = quotes ? 125 : 62;
    const data = generated({ dataset: quotes ? "quotes" : "trades", format: quotes ? "jsonl" : "csv", targetBytes: recordsEach * bytesPerRecord, seed: 100 + i, invalidRate: 0.005 });
    const file = quotes ? `load-${String(i).padStart(4, "0")}.jsonl.gz` : `load-${String(i).padStart(4, "0")}.csv.gz`;
    return { key: key(quotes ? "quotes" : "trades", file), body: gzipSync(data.body), records: data.records, expect: { status: "VALIDATED" } };
  });
}
