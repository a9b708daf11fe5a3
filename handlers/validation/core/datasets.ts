/**
 * The record schemas of the three datasets. CSV header names and JSON keys equal the field names.
 * Field order is the output order of normalised records.
 */

export const DATASETS = ["trades", "quotes", "bars"] as const;
export type Dataset = (typeof DATASETS)[number];

/**
 * How a field is parsed and checked:
 * - trade-id: opaque identifier, 1..64 bytes without control characters (bounded so the duplicate
 *   window can store it compactly);
 * - symbol: instrument symbol, uppercased, see SYMBOL_RULE in symbol-format.ts;
 * - timestamp: ISO-8601 with zone or epoch seconds/ms/us/ns;
 * - price: finite number > 0;
 * - count: integer >= 0 (sizes, volumes, trade counts);
 * - text: any string, copied as is.
 */
export type FieldKind = "trade-id" | "symbol" | "timestamp" | "price" | "count" | "text";

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
}

export interface DatasetSchema {
  readonly dataset: Dataset;
  readonly fields: readonly FieldSpec[];
}

const required = (name: string, kind: FieldKind): FieldSpec => ({ name, kind, required: true });
const optional = (name: string, kind: FieldKind): FieldSpec => ({ name, kind, required: false });

/**
 * Every schema has exactly one symbol and one timestamp field; trades alone have a trade id.
 * The record validator relies on the slot positions below (see record-validator.ts).
 */
export const SCHEMAS: Readonly<Record<Dataset, DatasetSchema>> = {
  trades: {
    dataset: "trades",
    fields: [
      required("trade_id", "trade-id"),
      required("symbol", "symbol"),
      required("ts", "timestamp"),
      required("price", "price"),
      required("size", "count"),
      optional("exchange", "text"),
      optional("conditions", "text"),
    ],
  },
  quotes: {
    dataset: "quotes",
    fields: [
      required("symbol", "symbol"),
      required("ts", "timestamp"),
      required("bid_price", "price"),
      required("bid_size", "count"),
      required("ask_price", "price"),
      required("ask_size", "count"),
      optional("exchange", "text"),
    ],
  },
  bars: {
    dataset: "bars",
    fields: [
      required("symbol", "symbol"),
      required("ts", "timestamp"),
      required("open", "price"),
      required("high", "price"),
      required("low", "price"),
      required("close", "price"),
      required("volume", "count"),
      optional("vwap", "price"),
      optional("trade_count", "count"),
    ],
  },
};

/** Slot (index into `fields`) of a named field; throws on a typo so slot constants stay honest. */
export function slotOf(schema: DatasetSchema, name: string): number {
  const slot = schema.fields.findIndex((f) => f.name === name);
  if (slot < 0) throw new Error(`field ${name} is not in the ${schema.dataset} schema`);
  return slot;
}

export function isDataset(value: string): value is Dataset {
  return (DATASETS as readonly string[]).includes(value);
}
