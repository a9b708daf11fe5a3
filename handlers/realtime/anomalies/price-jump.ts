import { RULES, type RuleId } from "../../validation/core";
import type { Anomaly, Tick } from "./anomaly";

/**
 * Price jumps of trades. Whether a trade jumped is the shared rules' verdict (validateRecord flags
 * `price.jump` when the price moved more than priceJumpRatio from the symbol's previous accepted
 * price in the same context, i.e. the previous trade of the symbol in this batch): this detector does
 * not decide again, it turns the flag into an anomaly, keeping the previous price only to say from
 * what the price jumped.
 */
export class PriceJumpDetector {
  private readonly last = new Map<string, { price: number; sequenceNumber: string }>();

  constructor(private readonly ratio: number) {}

  /** `contextKey` names the validation context (dataset and trading date) the flag came from. */
  observe(contextKey: string, tick: Tick, price: number, flags: readonly RuleId[]): Anomaly | null {
    const key = `${contextKey}|${tick.symbol}`;
    const previous = this.last.get(key);
    this.last.set(key, { price, sequenceNumber: tick.sequenceNumber });
    if (previous === undefined || !flags.includes(RULES.priceJump)) return null;
    return {
      kind: "price-jump",
      ...tick,
      seenAgainst: [previous.sequenceNumber],
      detail: { price, previousPrice: previous.price, change: Number((price / previous.price - 1).toFixed(6)), maxRatio: this.ratio },
    };
  }
}
