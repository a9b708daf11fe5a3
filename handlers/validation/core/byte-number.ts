import { ZERO, DOT, PLUS, MINUS } from "./ascii";

/**
 * Decimal number parsing straight from bytes, without creating a substring on the common path.
 *
 * Grammar: [+-]? digits [. digits] [(e|E) [+-]? digits], with at least one mantissa digit on either
 * side of the dot. No whitespace, no hex, no NaN/Infinity.
 *
 * Exactness: when the mantissa has at most 15 digits and there is no exponent, mantissa / 10^k is a
 * single division of two exactly representable doubles, hence correctly rounded, i.e. equal to
 * Number(text). Longer mantissas and exponents take the slow path through Number(text).
 */
export interface ParsedNumber {
  value: number;
  /**
   * The text is already valid JSON for this value without a sign (no leading zeros, no bare dot),
   * so a writer may copy the producer's digits instead of re-formatting the number.
   */
  jsonText: boolean;
  /** Digits only, no leading zero: copyable as a JSON integer. */
  plainInteger: boolean;
}


const POW10: number[] = [];
for (let k = 0; k <= 22; k++) POW10.push(Number(`1e${k}`));

/**
 * Parses the number starting at `start` and stops at the first byte that cannot continue it (or at
 * `limit`). Returns that stop position, or -1 when no number starts at `start`. A caller that owns the
 * whole field checks `stop === fieldEnd`; a CSV scanner checks that a comma or the line end follows.
 */
export function scanDecimal(buf: Buffer, start: number, limit: number, out: ParsedNumber): number {
  let i = start;
  let negative = false;
  let signed = false;
  const first = i < limit ? buf[i] : 0;
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    signed = true;
    i++;
  }
  const intStart = i;
  let mantissa = 0;
  while (i < limit) {
    const v = buf[i]! - ZERO;
    if (v < 0 || v > 9) break;
    mantissa = mantissa * 10 + v;
    i++;
  }
  const intDigits = i - intStart;
  let fractionDigits = 0;
  const hasDot = i < limit && buf[i] === DOT;
  if (hasDot) {
    const fractionStart = ++i;
    while (i < limit) {
      const v = buf[i]! - ZERO;
      if (v < 0 || v > 9) break;
      mantissa = mantissa * 10 + v;
      i++;
    }
    fractionDigits = i - fractionStart;
  }
  if (intDigits + fractionDigits === 0) return -1;
  const leadingZero = intDigits > 1 && buf[intStart] === ZERO;
  const bareDot = hasDot && (intDigits === 0 || fractionDigits === 0);
  out.jsonText = !signed && !leadingZero && !bareDot;

  const e = i < limit ? buf[i] : 0;
  if (e !== 0x65 && e !== 0x45) {
    out.plainInteger = out.jsonText && !hasDot;
    if (intDigits + fractionDigits <= 15) {
      const magnitude = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
      out.value = negative ? -magnitude : magnitude;
    } else {
      out.value = slowNumber(buf, start, i);
    }
    return i;
  }

  // Exponent part.
  i++;
  if (i < limit && (buf[i] === PLUS || buf[i] === MINUS)) i++;
  const exponentStart = i;
  while (i < limit) {
    const v = buf[i]! - ZERO;
    if (v < 0 || v > 9) break;
    i++;
  }
  if (i === exponentStart) return -1;
  out.plainInteger = false;
  out.value = slowNumber(buf, start, i);
  return i;
}

/** The whole of buf[start, end) is one number. */
export function parseDecimalBytes(buf: Buffer, start: number, end: number, out: ParsedNumber): boolean {
  return scanDecimal(buf, start, end, out) === end;
}

function slowNumber(buf: Buffer, start: number, end: number): number {
  // Grammar already checked above, and Number() accepts a superset of it with the same meaning.
  return Number(buf.toString("latin1", start, end));
}
