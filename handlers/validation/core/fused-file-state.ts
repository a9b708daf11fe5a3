import { FLAG_JUMP, FLAG_ORDER } from "./fused-bytes";
import { SymbolStates } from "./symbol-states";

/** A fused path's answer when the general path must take the line. */
export const BAIL = -1;

/**
 * validateRecord's order check, for the fused paths: FLAG_ORDER when the record is earlier than the
 * symbol's last accepted one (flag policy), BAIL under the reject policy (the general path writes
 * the reject), else 0. Changes nothing.
 */
export function orderVerdict(states: SymbolStates, symbolId: number, seconds: number, nanos: number, rejectOutOfOrder: boolean): number {
  const lastSeconds = states.lastSeconds[symbolId]!;
  if (lastSeconds < 0 || seconds > lastSeconds || (seconds === lastSeconds && nanos >= states.lastNanos[symbolId]!)) return 0;
  return rejectOutOfOrder ? BAIL : FLAG_ORDER;
}

/**
 * validateRecord's last step, for an accepted record: FLAG_JUMP when the reference price moved more
 * than `jumpRatio` from the symbol's last one, then the record becomes the symbol's last.
 */
export function commitSymbolState(states: SymbolStates, symbolId: number, seconds: number, nanos: number, price: number, jumpRatio: number): number {
  const jumped = states.lastSeconds[symbolId]! >= 0 && Math.abs(price / states.lastPrice[symbolId]! - 1) > jumpRatio;
  states.lastSeconds[symbolId] = seconds;
  states.lastNanos[symbolId] = nanos;
  states.lastPrice[symbolId] = price;
  return jumped ? FLAG_JUMP : 0;
}
