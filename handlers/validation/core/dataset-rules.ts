import { RULES } from "./rules";
import { slotOf, SCHEMAS } from "./datasets";
import type { FileContext, RejectedOutcome } from "./record-validator";

/** Cross-field rules of one dataset, run after every field parsed; values are indexed by slot. */

const QUOTE_BID = slotOf(SCHEMAS.quotes, "bid_price");
const QUOTE_ASK = slotOf(SCHEMAS.quotes, "ask_price");
const BAR_OPEN = slotOf(SCHEMAS.bars, "open");
const BAR_HIGH = slotOf(SCHEMAS.bars, "high");
const BAR_LOW = slotOf(SCHEMAS.bars, "low");
const BAR_CLOSE = slotOf(SCHEMAS.bars, "close");
const TRADE_PRICE = slotOf(SCHEMAS.trades, "price");

export function checkDatasetRules(context: FileContext, values: Float64Array): RejectedOutcome | null {
  switch (context.schema.dataset) {
    case "quotes": {
      const bid = values[QUOTE_BID]!;
      const ask = values[QUOTE_ASK]!;
      if (bid > ask) return { ok: false, rule: RULES.quoteCrossed, message: `bid_price ${bid} is above ask_price ${ask}` };
      const spreadRatio = (ask - bid) / ((ask + bid) / 2);
      if (spreadRatio > context.config.maxSpreadRatio) {
        return {
          ok: false,
          rule: RULES.quoteSpread,
          message: `spread ${(ask - bid).toPrecision(6)} is ${spreadRatio.toFixed(4)} of the mid, above ${context.config.maxSpreadRatio}`,
        };
      }
      return null;
    }
    case "bars": {
      const open = values[BAR_OPEN]!;
      const high = values[BAR_HIGH]!;
      const low = values[BAR_LOW]!;
      const close = values[BAR_CLOSE]!;
      if (low > open || low > close || high < open || high < close) {
        return {
          ok: false,
          rule: RULES.barRange,
          message: `low ${low} and high ${high} do not bracket open ${open} and close ${close}`,
        };
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * The price a symbol's jump check compares from record to record: the trade price, the quote mid,
 * the bar close.
 */
export function referencePrice(context: FileContext, values: Float64Array): number {
  switch (context.schema.dataset) {
    case "quotes":
      return (values[QUOTE_BID]! + values[QUOTE_ASK]!) / 2;
    case "bars":
      return values[BAR_CLOSE]!;
    default:
      return values[TRADE_PRICE]!;
  }
}
