import { RULES } from "../../validation/core";
import type { Anomaly, Tick } from "./anomaly";

/**
 * Crossed (bid above ask) and locked (bid equal to ask) quotes. A crossed quote is rejected by the
 * shared rules (`quote.crossed`): the record is still evidence that the market, or the feed, was
 * crossed at that time, so it is an anomaly too, told by the rule's verdict rather than a second
 * comparison. A locked quote passes the rules (a zero spread is a real, if brief, market state) and
 * is an anomaly by itself.
 */
export function quoteAnomaly(tick: Tick, bid: number, ask: number, rejectedRule: string | null): Anomaly | null {
  if (rejectedRule === RULES.quoteCrossed) return { kind: "crossed-quote", ...tick, detail: { bidPrice: bid, askPrice: ask } };
  if (rejectedRule === null && bid === ask) return { kind: "locked-quote", ...tick, detail: { bidPrice: bid, askPrice: ask } };
  return null;
}
