import { gzipSync } from "node:zlib";
import { generateMarketData, seededRandom, type GeneratedDataset, type MarketDataOptions } from "../../bench/validator/generate-market-data";
import { RULES, type RuleId } from "../../handlers/validation/core/rules";

/** A row the run broke on purpose: the validator must quarantine exactly these, for these rules. */
export interface BadRow {
  /** 1-based physical line in the decompressed object (the CSV header is line 1), as in quarantine records. */
  readonly line: number;
  readonly rule: RuleId;
}

/** One raw object the run uploads, and what the lake must make of it. */
export interface InputObject {
  readonly key: string;
  readonly body: Buffer;
  readonly contentEncoding?: string;
  /** Records in the object (lines minus the CSV header and blank lines). */
  readonly records: number;
  /** Rows broken on purpose, by line; every other record is valid. Empty for objects expected to fail. */
  readonly badRows: readonly BadRow[];
  readonly expect: { readonly status: "VALIDATED" } | { readonly status: "FAILED"; readonly reason: RegExp };
  /** Records that repeat another object's (a vendor's resend): raw-to-processed drops them as duplicates. @default 0 */
  readonly resent?: number;
}

export const E2E_DATE = "2026-11-20";

/**
 * One field damage per rule. Each leaves every other field valid, and field checks run before
 * cross-field ones, so the row trips exactly this rule (a price of 0 on a bar's open is a
 * price.range, not a bar.range).
 */
const DAMAGES: readonly { readonly rule: RuleId; readonly field: Readonly<Record<GeneratedDataset, string>>; readonly value: string | number }[] = [
  { rule: RULES.priceRange, field: { trades: "price", quotes: "bid_price", bars: "open" }, value: 0 },
  { rule: RULES.sizeRange, field: { trades: "size", quotes: "bid_size", bars: "volume" }, value: -5 },
  { rule: RULES.symbolFormat, field: { trades: "symbol", quotes: "symbol", bars: "symbol" }, value: "BAD SYMBOL" },
  { rule: RULES.timestampPartition, field: { trades: "ts", quotes: "ts", bars: "ts" }, value: "1999-01-01T00:00:00Z" },
];

/**
 * Breaks about `invalidRate` of the records of a clean generated object (seeded, so the same
 * arguments give the same bytes), one field each, and returns which lines it broke for which rule.
 * The run does this itself rather than with the generator's own `invalidRate`, so it knows every
 * bad row instead of trusting the validator to find them.
 */
export function breakRows(text: string, dataset: GeneratedDataset, format: "csv" | "jsonl", invalidRate: number, seed: number): { text: string; badRows: BadRow[] } {
  const random = seededRandom(seed);
  const lines = text.split("\n");
  const header = format === "csv" ? lines[0]!.split(",") : [];
  const badRows: BadRow[] = [];
  for (let i = format === "csv" ? 1 : 0; i < lines.length; i++) {
    if (lines[i] === "" || random() >= invalidRate) continue;
    const damage = DAMAGES[Math.floor(random() * DAMAGES.length)]!;
    const field = damage.field[dataset];
    if (format === "csv") {
      const values = lines[i]!.split(",");
      const slot = header.indexOf(field);
      if (slot < 0 || values.length !== header.length) throw new Error(`cannot break line ${i + 1}: no ${field} column or a quoted comma`);
      values[slot] = String(damage.value);
      lines[i] = values.join(",");
    } else {
      const record = JSON.parse(lines[i]!) as Record<string, unknown>;
      if (!(field in record)) throw new Error(`cannot break line ${i + 1}: no ${field} field`);
      record[field] = damage.value;
      lines[i] = JSON.stringify(record);
    }
    badRows.push({ line: i + 1, rule: damage.rule });
  }
  return { text: lines.join("\n"), badRows };
}

/** A generated object with about `invalidRate` of its records broken on purpose. */
export function generated(options: Omit<MarketDataOptions, "date" | "invalidRate">, invalidRate = 0): { body: Buffer; records: number; badRows: BadRow[] } {
  // Trade ids unique across objects (a prefix per seed), so the only duplicates are the resends the
  // run makes; records 50 ms apart from the New York open (14:30 UTC in November), so an object
  // spans minutes of its trading day (dev dates partitions in America/New_York) and the ETL builds
  // many bars a symbol.
  const clean = Buffer.concat([...generateMarketData({ tradeIdPrefix: `T${options.seed ?? 0}-`, meanSpacingMs: 50, firstSecondUtc: 14.5 * 3600, ...options, date: E2E_DATE })]).toString("latin1");
  const { text, badRows } = invalidRate > 0 ? breakRows(clean, options.dataset, options.format, invalidRate, (options.seed ?? 0) + 0x5eed) : { text: clean, badRows: [] };
  const lines = text.split("\n").filter((l) => l.trim() !== "").length;
  return { body: Buffer.from(text, "latin1"), records: options.format === "csv" ? lines - 1 : lines, badRows };
}

const key = (dataset: string, file: string) => `dataset=${dataset}/date=${E2E_DATE}/${file}`;

/** The plain run: every format, bad rows of every dataset, and each kind of unreadable object. */
export function plainRunInputs(): InputObject[] {
  const trades = generated({ dataset: "trades", format: "csv", targetBytes: 200_000, seed: 1 });
  const badTrades = generated({ dataset: "trades", format: "csv", targetBytes: 100_000, seed: 2 }, 0.03);
  const badQuotes = generated({ dataset: "quotes", format: "jsonl", targetBytes: 60_000, seed: 7 }, 0.03);
  const badBars = generated({ dataset: "bars", format: "csv", targetBytes: 40_000, seed: 8 }, 0.03);
  const quotes = generated({ dataset: "quotes", format: "jsonl", targetBytes: 150_000, seed: 3 });
  const bars = generated({ dataset: "bars", format: "csv", targetBytes: 50_000, seed: 4 });
  const resend = resendOf(trades.body, 150);
  const truncated = gzipSync(generated({ dataset: "trades", format: "csv", targetBytes: 200_000, seed: 5 }).body);
  return [
    { key: key("trades", "nyse trades+1.csv"), body: trades.body, records: trades.records, badRows: [], expect: { status: "VALIDATED" } },
    { key: key("trades", "nyse trades+1.resend.csv"), body: resend.body, records: resend.records, badRows: [], expect: { status: "VALIDATED" }, resent: resend.records },
    { key: key("trades", "with-bad-rows.csv"), body: badTrades.body, records: badTrades.records, badRows: badTrades.badRows, expect: { status: "VALIDATED" } },
    { key: key("quotes", "with-bad-rows.jsonl.gz"), body: gzipSync(badQuotes.body), records: badQuotes.records, badRows: badQuotes.badRows, expect: { status: "VALIDATED" } },
    { key: key("bars", "with-bad-rows.csv"), body: badBars.body, records: badBars.records, badRows: badBars.badRows, expect: { status: "VALIDATED" } },
    { key: key("quotes", "quotes.jsonl.gz"), body: gzipSync(quotes.body), records: quotes.records, badRows: [], expect: { status: "VALIDATED" } },
    // gzip announced only by Content-Encoding, not by the key.
    { key: key("bars", "bars-1m.csv"), body: gzipSync(bars.body), contentEncoding: "gzip", records: bars.records, badRows: [], expect: { status: "VALIDATED" } },
    { key: key("trades", "truncated.csv.gz"), body: truncated.subarray(0, Math.floor(truncated.length / 2)), records: 0, badRows: [], expect: { status: "FAILED", reason: /truncated-gzip/ } },
    { key: key("trades", "empty.csv"), body: Buffer.alloc(0), records: 0, badRows: [], expect: { status: "FAILED", reason: /empty/ } },
    { key: key("options", "chain.csv"), body: Buffer.from("symbol,ts\n"), records: 0, badRows: [], expect: { status: "FAILED", reason: /unknown-dataset/ } },
  ];
}

/** A vendor's resend: the CSV header and the first `records` records of `csv`, in a new object. */
function resendOf(csv: Buffer, records: number): { body: Buffer; records: number } {
  const lines = csv.toString("latin1").split("\n").filter((l) => l !== "");
  if (lines.length <= records) throw new Error(`cannot resend ${records} records of an object that has ${lines.length - 1}`);
  return { body: Buffer.from(`${lines.slice(0, records + 1).join("\n")}\n`, "latin1"), records };
}

/** The object the run makes fail on every attempt until it is redriven from the DLQ. */
export function poisonInput(): InputObject {
  const poison = generated({ dataset: "trades", format: "csv", targetBytes: 20_000, seed: 6 });
  return { key: key("trades", "poison.csv"), body: poison.body, records: poison.records, badRows: [], expect: { status: "VALIDATED" } };
}

/** The load run: `count` objects of ~`recordsEach` records, trades CSV and quotes JSONL (gzip). */
export function loadRunInputs(count: number, recordsEach: number): InputObject[] {
  return Array.from({ length: count }, (_, i) => {
    const quotes = i % 3 === 2;
    const bytesPerRecord = quotes ? 125 : 62;
    const data = generated({ dataset: quotes ? "quotes" : "trades", format: quotes ? "jsonl" : "csv", targetBytes: recordsEach * bytesPerRecord, seed: 100 + i }, 0.005);
    const file = quotes ? `load-${String(i).padStart(4, "0")}.jsonl.gz` : `load-${String(i).padStart(4, "0")}.csv.gz`;
    return { key: key(quotes ? "quotes" : "trades", file), body: gzipSync(data.body), records: data.records, badRows: data.badRows, expect: { status: "VALIDATED" } };
  });
}
