/**
 * The fields of one record as the format readers hand them to the record validator, indexed by
 * schema slot. Reused from record to record so the hot path allocates nothing.
 *
 * A value is one of:
 * - BYTES: undecoded text (CSV text, or a JSON string copied into `scratch`); the validator decodes it;
 * - NUMBER: a number already decoded (a JSON number, or a CSV number decoded while scanning the line),
 *   with `numberText` telling whether its byte range may be copied to the output as is;
 * - TIMESTAMP: a timestamp decoded while scanning (whole seconds in `numbers`, rest in `nanos`);
 * - WRONG_TYPE: a JSON value no field accepts (boolean, object, array).
 * Text stays bytes so numbers and timestamps parse without substrings and strings reach the output
 * without being decoded.
 */
export const ABSENT = 0;
export const BYTES = 1;
export const NUMBER = 2;
export const TIMESTAMP = 3;
export const WRONG_TYPE = 4;

/**
 * numberText bits: the slot's byte range holds the source text / that text is valid JSON for the
 * value / it is a plain integer (digits only, no leading zero).
 */
export const SOURCE_TEXT = 1;
export const JSON_TEXT = 2;
export const PLAIN_INTEGER = 4;

export class RawFields {
  readonly kinds: Uint8Array;
  readonly buffers: Buffer[];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly numbers: Float64Array;
  readonly nanos: Int32Array;
  readonly numberText: Uint8Array;
  /** Room for text that is not already a byte range of the line (JSON strings, unescaped CSV fields). */
  scratch: Buffer = Buffer.allocUnsafe(4096);
  scratchUsed = 0;

  constructor(readonly slotCount: number) {
    this.kinds = new Uint8Array(slotCount);
    this.buffers = new Array<Buffer>(slotCount).fill(this.scratch);
    this.starts = new Int32Array(slotCount);
    this.ends = new Int32Array(slotCount);
    this.numbers = new Float64Array(slotCount);
    this.nanos = new Int32Array(slotCount);
    this.numberText = new Uint8Array(slotCount);
  }

  reset(): void {
    // A loop beats TypedArray.fill for a handful of slots.
    for (let slot = 0; slot < this.slotCount; slot++) this.kinds[slot] = ABSENT;
    this.scratchUsed = 0;
  }

  setBytes(slot: number, buf: Buffer, start: number, end: number): void {
    this.kinds[slot] = BYTES;
    this.buffers[slot] = buf;
    this.starts[slot] = start;
    this.ends[slot] = end;
  }

  /** A decoded number without source text (a JSON number). */
  setNumber(slot: number, value: number): void {
    this.kinds[slot] = NUMBER;
    this.numbers[slot] = value;
    this.numberText[slot] = 0;
  }

  /** A number decoded from buf[start, end); `textBits` are JSON_TEXT and PLAIN_INTEGER as they apply. */
  setNumberFromText(slot: number, value: number, textBits: number, buf: Buffer, start: number, end: number): void {
    this.kinds[slot] = NUMBER;
    this.numbers[slot] = value;
    this.numberText[slot] = textBits | SOURCE_TEXT;
    this.buffers[slot] = buf;
    this.starts[slot] = start;
    this.ends[slot] = end;
  }

  /** A timestamp decoded from buf[start, end) (kept for messages). */
  setTimestamp(slot: number, seconds: number, nanos: number, buf: Buffer, start: number, end: number): void {
    this.kinds[slot] = TIMESTAMP;
    this.numbers[slot] = seconds;
    this.nanos[slot] = nanos;
    this.buffers[slot] = buf;
    this.starts[slot] = start;
    this.ends[slot] = end;
  }

  setWrongType(slot: number): void {
    this.kinds[slot] = WRONG_TYPE;
  }

  /** Encodes a string as UTF-8 into the scratch buffer and points the slot at it. */
  setString(slot: number, value: string): void {
    this.reserveScratch(value.length * 3);
    const start = this.scratchUsed;
    this.scratchUsed += this.scratch.write(value, start, "utf8");
    this.setBytes(slot, this.scratch, start, this.scratchUsed);
  }

  /**
   * Makes room for `bytes` more bytes of scratch. Growing replaces the buffer, so earlier slots
   * that point into the old one keep valid bytes (the old buffer is not reused).
   */
  reserveScratch(bytes: number): void {
    if (this.scratchUsed + bytes <= this.scratch.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratchUsed + bytes));
    this.scratch.copy(bigger, 0, 0, this.scratchUsed);
    this.scratch = bigger;
  }

  /** The text of a slot, for messages and tests (the hot path never decodes). */
  text(slot: number): string {
    if (this.kinds[slot] === NUMBER && (this.numberText[slot]! & SOURCE_TEXT) === 0) return String(this.numbers[slot]);
    return this.buffers[slot]!.toString("utf8", this.starts[slot], this.ends[slot]);
  }
}
