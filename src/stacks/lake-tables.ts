import type { CatalogColumn } from "../constructs/parquet-table";
import type { LakeDataset } from "../config";

/**
 * The catalog's view of the Parquet the Glue jobs write; glue-scripts/lib/market_lake/schemas.py
 * is the writer's side. A test reads both and fails when they differ, so a column added to a job
 * cannot be missing here (or the other way round).
 */
const col = (name: string, type: string, comment?: string): CatalogColumn => ({ name, type, ...(comment ? { comment } : {}) });

const TS = [col("ts", "timestamp", "Event time, UTC, microseconds (truncated)"), col("ts_ns", "bigint", "Event time, UTC, epoch nanoseconds (exact)")];
const LINEAGE = [
  col("flags", "array<string>", "Validation flags (rule ids) the record carried"),
  col("source_object", "string", "validated/ object the row came from"),
  col("source_line", "bigint", "Line of the row in that object"),
  col("source_modified", "timestamp", "When that object was written (arrival order)"),
];

export const PROCESSED_COLUMNS: Readonly<Record<LakeDataset, readonly CatalogColumn[]>> = {
  trades: [
    col("trade_id", "string", "Venue or vendor trade id; with the symbol, what identifies a trade"),
    col("symbol", "string"),
    ...TS,
    col("price", "double"),
    col("size", "bigint"),
    col("exchange", "string"),
    col("conditions", "string", "Sale condition codes"),
    ...LINEAGE,
  ],
  quotes: [col("symbol", "string"), ...TS, col("bid_price", "double"), col("bid_size", "bigint"), col("ask_price", "double"), col("ask_size", "bigint"), col("exchange", "string"), ...LINEAGE],
  bars: [
    col("symbol", "string"),
    ...TS,
    col("open", "double"),
    col("high", "double"),
    col("low", "double"),
    col("close", "double"),
    col("volume", "bigint"),
    col("vwap", "double"),
    col("trade_count", "bigint"),
    ...LINEAGE,
  ],
};

const OHLC = [col("open", "double"), col("high", "double"), col("low", "double"), col("close", "double"), col("vwap", "double", "Volume-weighted average price of the priced trades")];
const VOLUME = [
  col("volume", "bigint", "Shares traded, every trade"),
  col("trade_count", "bigint"),
  col("priced_volume", "bigint", "Shares of the trades that set prices (sale conditions not in the no-price list)"),
  col("notional", "double", "Sum of price x size of the priced trades"),
];

/** Curated tables, each under `<curated bucket>/<table>/date=YYYY-MM-DD/`. */
export const CURATED_COLUMNS: Readonly<Record<"bars_1m" | "daily_bars" | "quote_stats", readonly CatalogColumn[]>> = {
  bars_1m: [col("symbol", "string"), col("bar_start", "timestamp", "Start of the minute, UTC"), ...OHLC, ...VOLUME],
  daily_bars: [col("symbol", "string"), ...OHLC, ...VOLUME, col("bar_count", "bigint"), col("first_bar_start", "timestamp"), col("last_bar_start", "timestamp")],
  quote_stats: [
    col("symbol", "string"),
    col("quote_count", "bigint"),
    col("crossed_count", "bigint", "Quotes with bid > ask"),
    col("locked_count", "bigint", "Quotes with bid = ask"),
    col("mean_spread", "double"),
    col("median_spread", "double"),
    col("max_spread", "double"),
  ],
};
export type CuratedTable = keyof typeof CURATED_COLUMNS;
