/**
 * Deterministic synthetic market data (trades, quotes, bars as CSV or JSON lines) generated as a
 * stream, so tests and benchmarks can produce objects of any size without storing them.
 * The same options and seed always give the same bytes.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type GeneratedDataset = "trades" | "quotes" | "bars";

export interface MarketDataOptions {
  readonly dataset: GeneratedDataset;
  readonly format: "csv" | "jsonl";
  /** `YYYY-MM-DD`; timestamps fall in this UTC day. */
  readonly date: string;
  /** Generation stops after the record that reaches this many bytes. */
  readonly targetBytes: number;
  readonly seed?: number;
  /** Size of the symbol universe (default 500). */
  readonly symbolCount?: number;
  /** Fraction of records made invalid on purpose, each breaking one rule (default 0). */
  readonly invalidRate?: number;
  readonly lineEnding?: "\n" | "\r\n";
  /** Trades' ids are this plus the record's index: a distinct prefix per object keeps ids unique across objects. @default "T" */
  readonly tradeIdPrefix?: string;
  /** Mean time between records, ms (spacing is uniform on 0..2x this). @default 1 */
  readonly meanSpacingMs?: number;
  /** Second of the UTC day the first record is at. @default 3600 (01:00 UTC) */
  readonly firstSecondUtc?: number;
}

const FIELDS: Record<GeneratedDataset, readonly string[]> = {
  trades: ["trade_id", "symbol", "ts", "price", "size", "exchange", "conditions"],
  quotes: ["symbol", "ts", "bid_price", "bid_size", "ask_price", "ask_size", "exchange"],
  bars: ["symbol", "ts", "open", "high", "low", "close", "volume", "vwap", "trade_count"],
};

const EXCHANGES = ["Q", "N", "P", "Z", "K", "V"];
const CONDITIONS = ["@", "F", "@ I", "", "T"];

/** mulberry32: tiny, fast, good enough for test data, and fully determined by the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Value = string | number | undefined;

/** Yields the object's bytes in chunks of about `chunkBytes`. */
export function* generateMarketData(options: MarketDataOptions, chunkBytes = 1 << 20): Generator<Buffer> {
  const random = seededRandom(options.seed ?? 20261120);
  const eol = options.lineEnding ?? "\n";
  const names = FIELDS[options.dataset];
  const symbols = makeSymbols(random, options.symbolCount ?? 500);
  const prices = symbols.map(() => 10 + random() * 490);
  const dayStartMs = Date.parse(`${options.date}T00:00:00Z`);
  const invalidRate = options.invalidRate ?? 0;
  const spacingRangeNs = 2e6 * (options.meanSpacingMs ?? 1);
  let clockNs = (options.firstSecondUtc ?? 3_600) * 1e9; // 01:00 UTC by default, then ~1 ms per record, held just before midnight
  let written = 0;
  let index = 0;
  let parts: string[] = [];
  let partBytes = 0;

  if (options.format === "csv") {
    parts.push(names.join(",") + eol);
    partBytes += parts[0]!.length;
  }
  while (written + partBytes < options.targetBytes) {
    index++;
    clockNs = Math.min(clockNs + Math.floor(random() * spacingRangeNs), 86_399.9e9);
    const pick = Math.floor(symbols.length * random() * random()); // skewed: a few symbols dominate
    prices[pick] = prices[pick]! * (1 + (random() - 0.5) * 0.001);
    const ts = isoTimestamp(dayStartMs, clockNs);
    const values = makeValues(options.dataset, `${options.tradeIdPrefix ?? "T"}${index}`, index, symbols[pick]!, ts, prices[pick]!, random);
    if (invalidRate > 0 && random() < invalidRate) breakOneRule(values, options.dataset, random);
    const line = options.format === "csv" ? toCsv(values) : toJson(names, values);
    parts.push(line + eol);
    partBytes += line.length + eol.length; // generated text is ASCII: length = bytes
    if (partBytes >= chunkBytes) {
      yield Buffer.from(parts.join(""), "latin1");
      written += partBytes;
      parts = [];
      partBytes = 0;
    }
  }
  if (partBytes > 0) yield Buffer.from(parts.join(""), "latin1");
}

/** The generator as a Readable byte stream (what an S3 body looks like). */
export function marketDataStream(options: MarketDataOptions): Readable {
  return Readable.from(generateMarketData(options), { objectMode: false });
}

/** Writes a generated object to `path`; returns its size in bytes. */
export async function writeMarketDataFile(path: string, options: MarketDataOptions): Promise<number> {
  let bytes = 0;
  const counted = async function* () {
    for (const chunk of generateMarketData(options)) {
      bytes += chunk.length;
      yield chunk;
    }
  };
  await pipeline(Readable.from(counted()), createWriteStream(path));
  return bytes;
}

function makeValues(dataset: GeneratedDataset, tradeId: string, index: number, symbol: string, ts: string, price: number, random: () => number): Value[] {
  const exchange = EXCHANGES[index % EXCHANGES.length];
  if (dataset === "trades") {
    const conditions = CONDITIONS[Math.floor(random() * CONDITIONS.length)];
    return [tradeId, symbol, ts, price.toFixed(2), 1 + Math.floor(random() * 999), exchange, conditions];
  }
  if (dataset === "quotes") {
    const half = price * (0.0002 + random() * 0.0005);
    const bid = (price - half).toFixed(2);
    const ask = (price + half + 0.01).toFixed(2);
    return [symbol, ts, bid, 100 * (1 + Math.floor(random() * 9)), ask, 100 * (1 + Math.floor(random() * 9)), exchange];
  }
  const open = price * (1 + (random() - 0.5) * 0.002);
  const close = price;
  const high = Math.max(open, close) * (1 + random() * 0.001);
  const low = Math.min(open, close) * (1 - random() * 0.001);
  const vwap = (low + high) / 2;
  const trades = 1 + Math.floor(random() * 500);
  return [symbol, ts, open.toFixed(4), high.toFixed(4), low.toFixed(4), close.toFixed(4), trades * 100, vwap.toFixed(4), trades];
}

/** Damages one field so the record fails exactly one rule (price, size, symbol or timestamp). */
function breakOneRule(values: Value[], dataset: GeneratedDataset, random: () => number): void {
  const tsSlot = dataset === "trades" ? 2 : 1;
  const symbolSlot = dataset === "trades" ? 1 : 0;
  const priceSlot = tsSlot + 1;
  const sizeSlot = dataset === "bars" ? 6 : tsSlot + 2;
  const damage = Math.floor(random() * 4);
  if (damage === 0) values[priceSlot] = dataset === "bars" ? "-1" : "0";
  else if (damage === 1) values[sizeSlot] = -5;
  else if (damage === 2) values[symbolSlot] = "BAD SYMBOL";
  else values[tsSlot] = "1999-01-01T00:00:00Z";
}

function makeSymbols(random: () => number, count: number): string[] {
  const symbols = new Set<string>();
  while (symbols.size < count) {
    const length = 1 + Math.floor(random() * 4);
    let symbol = "";
    for (let i = 0; i < length; i++) symbol += String.fromCharCode(65 + Math.floor(random() * 26));
    if (random() < 0.03) symbol += ".B";
    symbols.add(symbol);
  }
  return [...symbols];
}

function isoTimestamp(dayStartMs: number, nanosOfDay: number): string {
  const millisOfDay = Math.floor(nanosOfDay / 1e6);
  const subMilli = Math.floor(nanosOfDay - millisOfDay * 1e6);
  const iso = new Date(dayStartMs + millisOfDay).toISOString(); // ...T01:00:00.123Z
  return `${iso.slice(0, 23)}${String(subMilli).padStart(6, "0")}Z`;
}

function toCsv(values: readonly Value[]): string {
  return values.map((v) => (v === undefined ? "" : String(v))).join(",");
}

function toJson(names: readonly string[], values: readonly Value[]): string {
  const object: Record<string, string | number> = {};
  names.forEach((name, i) => {
    const value = values[i];
    if (value === undefined || value === "") return;
    // Numbers as JSON numbers, except identifiers, symbols, timestamps and exchange codes.
    object[name] = typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) && name !== "trade_id" ? Number(value) : value;
  });
  return JSON.stringify(object);
}
