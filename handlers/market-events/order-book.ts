import { RULES, SYMBOL_PATTERN } from "../validation/core";
import { EVENT_RULES, type EventProblem } from "./event-rules";
import { isLakeTimestamp } from "./instant";

export interface BookLevel {
  readonly price: number;
  readonly size: number;
}

/** An order book snapshot as the bus carries it (symbol uppercased, as the lake does). */
export interface OrderBook {
  readonly symbol: string;
  readonly ts: string;
  readonly venue?: string;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

export type OrderBookOutcome = { readonly ok: true; readonly book: OrderBook } | { readonly ok: false; readonly problem: EventProblem };

const problem = (field: string, rule: string, reason: string): OrderBookOutcome => ({ ok: false, problem: { field, rule, reason } });

/**
 * The order book rules (pure): `data` is `{ symbol, ts, venue?, bids: [{price, size}], asks: [...] }`.
 * - symbol: the lake's symbol format (uppercased first); ts: a lake timestamp (ISO-8601 with zone or
 *   epoch digits), the venue's own stamp, carried as sent;
 * - each side an array of at most `maxDepth` levels, at least one level in the book;
 * - every price a finite number > 0 (the lake's price.range), every size a finite number > 0;
 * - bids strictly descending and asks strictly ascending by price (a repeated price is one level
 *   sent twice: refused);
 * - best bid < best ask when both sides have levels (a locked or crossed book is refused).
 * The first broken rule is reported, with the path of the offending field.
 */
export function validateOrderBook(data: Readonly<Record<string, unknown>>, maxDepth: number): OrderBookOutcome {
  const symbol = data.symbol;
  if (symbol === undefined || symbol === null || symbol === "") return problem("data.symbol", RULES.fieldMissing, "symbol is missing");
  if (typeof symbol !== "string") return problem("data.symbol", RULES.fieldType, "symbol must be a string");
  const upper = symbol.toUpperCase();
  if (!SYMBOL_PATTERN.test(upper)) return problem("data.symbol", RULES.symbolFormat, `symbol "${symbol}" does not match ${SYMBOL_PATTERN.source}`);
  const ts = data.ts;
  if (ts === undefined || ts === null || ts === "") return problem("data.ts", RULES.fieldMissing, "ts is missing");
  if (typeof ts !== "string") return problem("data.ts", RULES.fieldType, "ts must be a string");
  if (!isLakeTimestamp(ts)) return problem("data.ts", RULES.timestampFormat, `ts "${ts}" is not ISO-8601 with a zone or an epoch number`);
  const venue = data.venue;
  if (venue !== undefined && typeof venue !== "string") return problem("data.venue", RULES.fieldType, "venue must be a string");

  const bids = readSide(data.bids, "bids", maxDepth);
  if (!Array.isArray(bids)) return bids;
  const asks = readSide(data.asks, "asks", maxDepth);
  if (!Array.isArray(asks)) return asks;
  if (bids.length === 0 && asks.length === 0) return problem("data.bids", EVENT_RULES.bookEmpty, "the book has no level on either side");
  for (let i = 1; i < bids.length; i++) {
    if (!(bids[i]!.price < bids[i - 1]!.price)) return problem(`data.bids[${i}].price`, EVENT_RULES.bookOrder, `bid ${bids[i]!.price} is not below the previous bid ${bids[i - 1]!.price}: bids must be strictly descending`);
  }
  for (let i = 1; i < asks.length; i++) {
    if (!(asks[i]!.price > asks[i - 1]!.price)) return problem(`data.asks[${i}].price`, EVENT_RULES.bookOrder, `ask ${asks[i]!.price} is not above the previous ask ${asks[i - 1]!.price}: asks must be strictly ascending`);
  }
  if (bids.length > 0 && asks.length > 0 && !(bids[0]!.price < asks[0]!.price)) {
    return problem("data.asks[0].price", EVENT_RULES.bookCrossed, `best bid ${bids[0]!.price} is not below best ask ${asks[0]!.price}`);
  }
  const book: OrderBook = venue === undefined ? { symbol: upper, ts, bids, asks } : { symbol: upper, ts, venue, bids, asks };
  return { ok: true, book };
}

function readSide(value: unknown, side: "bids" | "asks", maxDepth: number): BookLevel[] | OrderBookOutcome {
  const field = `data.${side}`;
  if (value === undefined || value === null) return problem(field, RULES.fieldMissing, `${side} is missing (send [] for an empty side)`);
  if (!Array.isArray(value)) return problem(field, EVENT_RULES.bookLevels, `${side} must be an array of {price, size} levels`);
  if (value.length > maxDepth) return problem(field, EVENT_RULES.bookDepth, `${side} has ${value.length} levels, more than the depth of ${maxDepth}`);
  const levels: BookLevel[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const level = value[i] as { price?: unknown; size?: unknown } | null;
    const at = `${field}[${i}]`;
    if (typeof level !== "object" || level === null || Array.isArray(level)) return problem(at, EVENT_RULES.bookLevels, `${side}[${i}] must be an object {price, size}`);
    const { price, size } = level;
    if (typeof price !== "number") return problem(`${at}.price`, price === undefined ? RULES.fieldMissing : RULES.fieldType, `${side}[${i}].price must be a number`);
    if (!(price > 0 && price < Infinity)) return problem(`${at}.price`, RULES.priceRange, `${side}[${i}].price ${price} is not a finite number > 0`);
    if (typeof size !== "number") return problem(`${at}.size`, size === undefined ? RULES.fieldMissing : RULES.fieldType, `${side}[${i}].size must be a number`);
    if (!(size > 0 && size < Infinity)) return problem(`${at}.size`, EVENT_RULES.bookSize, `${side}[${i}].size ${size} is not a finite number > 0`);
    levels[i] = { price, size };
  }
  return levels;
}
