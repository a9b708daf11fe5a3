import type { ReadItem } from "../../../src/operations/produce";

/** A trade as the file validator reads one from CSV: every value text. */
export function trade(i: number, symbol: string, ts = `2026-01-15T15:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.000Z`): Record<string, string> {
  return { trade_id: `T${i}`, symbol, ts, price: (100 + (i % 7)).toFixed(2), size: String(1 + (i % 90)), exchange: "Q", conditions: "@" };
}

/** `count` trades over `symbols`, skewed as real feeds are (the first symbols take most of the prints). */
export function trades(count: number, symbols = ["AAPL", "MSFT", "SPY", "QQQ", "TSLA", "NVDA", "AMZN"]): Record<string, string>[] {
  return Array.from({ length: count }, (_, i) => trade(i, symbols[Math.floor(symbols.length * ((i * 7919) % 1000) / 1000 * ((i * 104729) % 997) / 997)]!));
}

export async function* items(records: readonly Record<string, unknown>[]): AsyncGenerator<ReadItem> {
  for (const [i, record] of records.entries()) yield { kind: "record", line: i + 2, record };
}

/** The file index of a trade event (its id is "T<index>"). */
export const tradeIndex = (event: Record<string, unknown>): number => Number(String(event.trade_id).slice(1));

/** A random number source with a fixed sequence, so jitter is reproducible. */
export function seeded(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
