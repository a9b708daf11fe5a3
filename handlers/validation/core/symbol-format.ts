/**
 * Symbol format, checked on bytes after uppercasing: /^[A-Z][A-Z0-9.\-\/]{0,15}$/.
 *
 * Why this pattern: it admits equities and share classes (AAPL, BRK.B, BRK/B, BF-B), futures roots
 * with month codes (ESZ6), FX pairs (EUR/USD) and index tickers, and refuses spaces, commas and
 * control characters that would corrupt partitioning or downstream joins. OCC option symbols (with
 * padding spaces) and symbols longer than 16 characters are refused: widen the pattern deliberately
 * if a feed carries them. Lowercase input is accepted and normalised to uppercase.
 */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.\-/]{0,15}$/;

export const SYMBOL_INVALID = -1;
export const SYMBOL_UPPERCASE = 0;
export const SYMBOL_HAS_LOWERCASE = 1;

/** Classifies buf[start, end) as invalid, valid uppercase, or valid once uppercased. */
export function checkSymbolBytes(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 1 || length > 16) return SYMBOL_INVALID;
  let lowercase = 0;
  const first = buf[start]!;
  if (first >= 0x61 && first <= 0x7a) lowercase = 1;
  else if (first < 0x41 || first > 0x5a) return SYMBOL_INVALID;
  for (let i = start + 1; i < end; i++) {
    const c = buf[i]!;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) continue;
    if (c >= 0x61 && c <= 0x7a) lowercase = 1;
    else if (c !== 0x2e && c !== 0x2d && c !== 0x2f) return SYMBOL_INVALID; // . - /
  }
  return lowercase === 1 ? SYMBOL_HAS_LOWERCASE : SYMBOL_UPPERCASE;
}

/** Copies buf[start, end) uppercased (ASCII) into target at offset. */
export function copyUppercase(buf: Uint8Array, start: number, end: number, target: Uint8Array, offset: number): void {
  for (let i = start, o = offset; i < end; i++, o++) {
    const c = buf[i]!;
    target[o] = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
  }
}
