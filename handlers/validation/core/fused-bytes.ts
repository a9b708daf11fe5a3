import { RULES, RuleId } from "./rules";
import { COMMA, CR, LF, QUOTE } from "./ascii";

/**
 * The byte-level constants and word tricks of the fused trades CSV path (fused-trades-csv.ts): which
 * bytes each field may hold, the output's key fragments as 32-bit words, the flag suffixes, and
 * digit checks on little-endian words.
 */

/** Flag bits of an accepted line: index into FLAG_TEXT. */
export const FLAG_ORDER = 1;
export const FLAG_JUMP = 2;

/** Bytes a field may hold and be copied into a JSON string as is (no comma, quote, backslash, control). */
export const TEXT_BYTE = byteTable((c) => c >= 0x20 && c !== COMMA && c !== QUOTE && c !== 0x5c);
/** Trade id: additionally no DEL (trade_id.format rejects it). */
export const ID_BYTE = byteTable((c) => TEXT_BYTE[c] === 1 && c !== 0x7f);
/** Bytes a JSON string may hold and reach the output unchanged (commas allowed, unlike in CSV). */
export const JSON_STRING_BYTE = byteTable((c) => c >= 0x20 && c !== QUOTE && c !== 0x5c);
/** JSON trade id: additionally no DEL. */
export const JSON_ID_BYTE = byteTable((c) => JSON_STRING_BYTE[c] === 1 && c !== 0x7f);
/** Symbol bytes after the first: A-Z 0-9 . - / (lowercase takes the general path, which uppercases). */
export const SYMBOL_BYTE = byteTable((c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2f);

function byteTable(allowed: (c: number) => boolean): Uint8Array {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) table[c] = allowed(c) ? 1 : 0;
  return table;
}

/** `text` as little-endian 32-bit words (zero-padded): stored whole, the padding is overwritten next. */
export function words(text: string): Uint32Array {
  const bytes = Buffer.alloc(Math.ceil(text.length / 4) * 4);
  bytes.write(text, "latin1");
  return Uint32Array.from({ length: bytes.length / 4 }, (_, k) => bytes.readUInt32LE(k * 4));
}

export const K_TRADE_ID = words('{"trade_id":"'); // 13
export const K_SYMBOL = words('","symbol":"'); // 12
export const K_TS = words('","ts":"'); // 8
export const K_PRICE = words('","price":'); // 10
export const K_SIZE = words(',"size":'); // 8
export const K_EXCHANGE = words(',"exchange":"'); // 13
export const K_CONDITIONS = words(',"conditions":"'); // 15

/** Exact powers of ten (a price is its digits as an integer over one of them). */
export const POW10: number[] = [];
for (let k = 0; k <= 22; k++) POW10.push(Number(`1e${k}`));

function flagBytes(flags: RuleId[]): Buffer {
  return Buffer.from(`,"flags":[${flags.map((f) => `"${f}"`).join(",")}]`, "latin1");
}
/** The output suffix per flag bits. */
export const FLAG_TEXT: readonly Buffer[] = [
  Buffer.alloc(0),
  flagBytes([RULES.timestampOrder]),
  flagBytes([RULES.priceJump]),
  flagBytes([RULES.timestampOrder, RULES.priceJump]),
];

/** 1 at an LF, 2 at a CR LF, 0 elsewhere (buf[i + 1] exists after a CR: a line run ends with an LF). */
export function terminatorAt(buf: Buffer, i: number): number {
  const c = buf[i];
  return c === LF ? 1 : c === CR && buf[i + 1] === LF ? 2 : 0;
}

/**
 * Whether all four bytes of the little-endian word are ASCII digits: high nibble 3, and adding 6 does
 * not carry out of the low nibble (a carry between bytes only comes from a byte that already fails).
 */
export function fourDigits(w: number): boolean {
  return (w & 0xf0f0f0f0) === 0x30303030 && ((w + 0x06060606) & 0xf0f0f0f0) === 0x30303030;
}

/** The decimal value of four ASCII digits in a little-endian word (first byte most significant). */
export function digitsValue(w: number): number {
  return (w & 0xf) * 1000 + ((w >>> 8) & 0xf) * 100 + ((w >>> 16) & 0xf) * 10 + ((w >>> 24) & 0xf);
}
