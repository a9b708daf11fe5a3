import { daysFromCivil, daysInMonth } from "./civil-date";
import { MINUS, COLON, DOT, PLUS, ZERO, NINE } from "./ascii";

/**
 * Timestamp parsing straight from bytes into (epoch seconds, nanoseconds), exact to the nanosecond.
 * A single JS number cannot hold epoch nanoseconds (they exceed 2^53), hence the pair.
 *
 * Accepted forms:
 * - ISO-8601 `YYYY-MM-DDTHH:MM:SS[.f{1,9}]<zone>`, separator `T`, `t` or a space, zone `Z`, `z`,
 *   `+HH:MM`, `+HHMM` or `+HH` (or `-`). A timestamp without zone is rejected: it is ambiguous.
 *   More than 9 fraction digits and leap second 60 are rejected.
 * - Epoch numbers of digits with an optional `.fraction`, unit decided by the magnitude of the integer
 *   part: < 1e11 seconds, < 1e14 milliseconds, < 1e17 microseconds, otherwise nanoseconds (up to 20
 *   digits). 1e11 s is year 5138 and 1e11 ms is 1973, so the bands cannot be confused for market data.
 *   Digits below one nanosecond are rejected rather than silently dropped.
 */
export interface TimestampParts {
  /** Whole seconds since 1970-01-01T00:00:00Z. */
  seconds: number;
  /** 0..999 999 999 */
  nanos: number;
}


const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

let cachedDateKey = -1;
let cachedDays = 0;

/**
 * Parses the timestamp starting at `start` and returns where it stops (the first byte that cannot
 * continue it), or -1 when no valid timestamp starts there. See scanDecimal for how callers use it.
 */
export function scanTimestamp(buf: Uint8Array, start: number, limit: number, out: TimestampParts): number {
  if (limit - start >= 20 && buf[start + 4] === MINUS) return scanIso(buf, start, limit, out);
  return scanEpoch(buf, start, limit, out);
}

/** The whole of buf[start, end) is one timestamp. */
export function parseTimestampBytes(buf: Uint8Array, start: number, end: number, out: TimestampParts): boolean {
  return scanTimestamp(buf, start, end, out) === end;
}

/** Two ASCII digits at i; a negative result means "not two digits" (out-of-range bytes go negative). */
function twoDigits(buf: Uint8Array, i: number): number {
  const a = buf[i]! - ZERO;
  const b = buf[i + 1]! - ZERO;
  // (v | (9 - v)) is negative exactly when v is outside 0..9: one test for both digits.
  if (((a | (9 - a)) | (b | (9 - b))) < 0) return -1;
  return a * 10 + b;
}

function scanIso(buf: Uint8Array, s: number, limit: number, out: TimestampParts): number {
  const century = twoDigits(buf, s);
  const yy = twoDigits(buf, s + 2);
  const month = twoDigits(buf, s + 5);
  const day = twoDigits(buf, s + 8);
  const hour = twoDigits(buf, s + 11);
  const minute = twoDigits(buf, s + 14);
  const second = twoDigits(buf, s + 17);
  const sep = buf[s + 10];
  if ((century | yy | month | day | hour | minute | second) < 0) return -1;
  if (buf[s + 7] !== MINUS || buf[s + 13] !== COLON || buf[s + 16] !== COLON) return -1;
  if (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) return -1; // T, t, space
  if (hour > 23 || minute > 59 || second > 59) return -1;

  let i = s + 19;
  let nanos = 0;
  if (i < limit && buf[i] === DOT) {
    const fractionStart = ++i;
    while (i < limit) {
      const v = buf[i]! - ZERO;
      if (v < 0 || v > 9) break;
      nanos = nanos * 10 + v;
      i++;
    }
    const digits = i - fractionStart;
    if (digits === 0 || digits > 9) return -1;
    nanos *= POW10[9 - digits]!;
  }

  if (i >= limit) return -1; // no zone
  let offsetSeconds = 0;
  const zone = buf[i];
  if (zone === 0x5a || zone === 0x7a) {
    i++;
  } else if (zone === PLUS || zone === MINUS) {
    // +HH, +HHMM or +HH:MM
    const offsetHours = limit - i >= 3 ? twoDigits(buf, i + 1) : -1;
    let offsetMinutes = 0;
    i += 3;
    if (limit - i >= 3 && buf[i] === COLON) {
      offsetMinutes = twoDigits(buf, i + 1);
      i += 3;
    } else if (limit - i >= 2 && isDigit(buf[i]!)) {
      offsetMinutes = twoDigits(buf, i);
      i += 2;
    }
    if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return -1;
    offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone === PLUS ? 1 : -1);
  } else {
    return -1;
  }

  const year = century * 100 + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  // Nearly every record of a file is on the same day: remember the last day number.
  const dateKey = year * 10_000 + month * 100 + day;
  if (dateKey !== cachedDateKey) {
    cachedDays = daysFromCivil(year, month, day);
    cachedDateKey = dateKey;
  }
  out.seconds = cachedDays * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  out.nanos = nanos;
  return i;
}

function scanEpoch(buf: Uint8Array, start: number, limit: number, out: TimestampParts): number {
  let intEnd = start;
  while (intEnd < limit && isDigit(buf[intEnd]!)) intEnd++;
  if (intEnd === start) return -1;
  let firstSignificant = start;
  while (firstSignificant < intEnd - 1 && buf[firstSignificant] === ZERO) firstSignificant++;
  const significant = intEnd - firstSignificant;
  const unitDigits = significant <= 11 ? 0 : significant <= 14 ? 3 : significant <= 17 ? 6 : significant <= 20 ? 9 : -1;
  if (unitDigits < 0) return -1;

  const secondsEnd = intEnd - unitDigits;
  let seconds = 0;
  for (let i = firstSignificant; i < secondsEnd; i++) seconds = seconds * 10 + (buf[i]! - ZERO);

  // Sub-second digits: the integer part's unit digits followed by the fraction digits.
  let nanos = 0;
  let subDigits = 0;
  for (let i = secondsEnd; i < intEnd; i++, subDigits++) nanos = nanos * 10 + (buf[i]! - ZERO);
  let stop = intEnd;
  if (intEnd < limit && buf[intEnd] === DOT) {
    stop = intEnd + 1;
    while (stop < limit && isDigit(buf[stop]!)) {
      nanos = nanos * 10 + (buf[stop]! - ZERO);
      stop++;
      subDigits++;
    }
    if (stop === intEnd + 1) return -1; // "123." has no fraction digits
  }
  if (subDigits > 9) return -1;
  out.seconds = seconds;
  out.nanos = nanos * POW10[9 - subDigits]!;
  return stop;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * Whether a timestamp that parsed (see scanTimestamp) is already in the output form
 * `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`: 30 bytes with `T` and `Z` where the form has them can only be
 * ISO with exactly nine fraction digits and zone Z. Its date is then the partition's (the validator
 * checked the instant lies in that UTC day), so the bytes can be copied instead of re-formatted.
 */
export function isCanonicalTimestamp(buf: Uint8Array, start: number, end: number): boolean {
  return end - start === 30 && buf[start + 10] === 0x54 && buf[start + 29] === 0x5a;
}
