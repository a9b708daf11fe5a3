import { digitsValue, fourDigits } from "./fused-bytes";

/**
 * Reads a timestamp that is already in the output form, `<partition date>THH:MM:SS.nnnnnnnnnZ`
 * (30 bytes), from eight little-endian words instead of byte by byte: the fused paths' check and
 * decode of the field, which the general timestamp parser would accept with the same result.
 * (The trades CSV path inlines the same steps; see the note there.)
 */
export class CanonicalTimestampReader {
  /** After a successful `read`: epoch second and nanoseconds. */
  seconds = 0;
  nanos = 0;
  private readonly date0: number;
  private readonly date1: number;
  /** Bytes 8-9 of the date and the `T`. */
  private readonly date2T: number;

  /**
   * `date` is the partition date, `YYYY-MM-DD`; `dayStart` its first epoch second (UTC);
   * [windowStart, windowEnd) the trading day's epoch seconds: a timestamp of the date's UTC day
   * outside it is not read here, so the general path rejects it (zoned partitions only).
   */
  constructor(
    date: string,
    private readonly dayStart: number,
    private readonly windowStart = dayStart,
    private readonly windowEnd = dayStart + 86_400,
  ) {
    const dateBytes = Buffer.from(date, "latin1");
    this.date0 = dateBytes.readUInt32LE(0);
    this.date1 = dateBytes.readUInt32LE(4);
    this.date2T = dateBytes.readUInt16LE(8) | (0x54 << 16);
  }

  static appliesTo(date: string): boolean {
    return /^\d{4}-\d{2}-\d{2}$/.test(date);
  }

  /** Whether the 30 bytes at `i` are a canonical timestamp of the partition day (the caller checked they exist). */
  read(view: DataView, i: number): boolean {
    const w2 = view.getUint32(i + 8, true); // date 8-9, T, H1
    if (view.getUint32(i, true) !== this.date0 || view.getUint32(i + 4, true) !== this.date1 || (w2 & 0xffffff) !== this.date2T) return false;
    const w3 = view.getUint32(i + 12, true); // H2 : M1 M2
    const w4 = view.getUint32(i + 16, true); // : S1 S2 .
    const w5 = view.getUint32(i + 20, true); // n1-n4
    const w6 = view.getUint32(i + 24, true); // n5-n8
    const w7 = view.getUint16(i + 28, true); // n9 Z
    if ((w3 & 0xff00) !== 0x3a00 || (w4 & 0xff0000ff) !== 0x2e00003a || w7 >>> 8 !== 0x5a) return false;
    const hm = (w2 >>> 24) | ((w3 & 0xff) << 8) | (w3 & 0xffff0000); // H1 H2 M1 M2
    const sn = ((w4 >>> 8) & 0xffff) | ((w7 & 0xff) << 16) | 0x30000000; // S1 S2 n9 0
    if (!fourDigits(hm) || !fourDigits(sn) || !fourDigits(w5) || !fourDigits(w6)) return false;
    const hour = (hm & 0xf) * 10 + ((hm >>> 8) & 0xf);
    const minute = ((hm >>> 16) & 0xf) * 10 + ((hm >>> 24) & 0xf);
    const second = (sn & 0xf) * 10 + ((sn >>> 8) & 0xf);
    if (hour > 23 || minute > 59 || second > 59) return false;
    this.nanos = digitsValue(w5) * 100_000 + digitsValue(w6) * 10 + ((sn >>> 16) & 0xf);
    this.seconds = this.dayStart + hour * 3600 + minute * 60 + second;
    return this.seconds >= this.windowStart && this.seconds < this.windowEnd;
  }
}
