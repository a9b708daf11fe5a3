import { DatasetSchema } from "./datasets";
import { NormalisedRecord } from "./normalised-record";
import { ABSENT } from "./raw-fields";
import { ALL_RULE_IDS } from "./rules";

/**
 * Serialises accepted records as JSON lines straight into Buffer chunks (no JSON.stringify, no
 * intermediate strings): text fields are copied as bytes (escaped only where JSON requires), numbers
 * are copied as the producer wrote them when that text is already JSON, the timestamp is written as
 * `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (always 9 fraction digits, so the text sorts like the instant).
 *
 * Full chunks are handed to `deliver` and never touched again: the receiver owns them (it may keep
 * them, e.g. as multipart upload parts).
 */
export class JsonlWriter {
  private chunk: Buffer;
  private view: DataView;
  private pos = 0;
  /** Per slot: `"name":` preceded by `,` (the first field's has `{` instead). */
  private readonly fieldPrefixes: ConstantBytes[];
  private readonly fixedBound: number;
  private readonly kindIsText: boolean[];
  private readonly tsSlot: number;
  private readonly datePrefix: ConstantBytes;

  constructor(
    private readonly schema: DatasetSchema,
    /** `YYYY-MM-DD` of the partition: every accepted timestamp lies in this UTC day. */
    date: string,
    private readonly dayStart: number,
    private readonly deliver: (chunk: Buffer) => void,
    private readonly chunkBytes: number,
  ) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    this.view = viewOf(this.chunk);
    this.kindIsText = schema.fields.map((f) => f.kind === "trade-id" || f.kind === "symbol" || f.kind === "text");
    // A text field's prefix includes its opening quote: one constant write instead of two.
    this.fieldPrefixes = schema.fields.map((f, slot) => new ConstantBytes(`,"${f.name}":${this.kindIsText[slot] ? '"' : ""}`));
    this.tsSlot = schema.fields.findIndex((f) => f.kind === "timestamp");
    this.datePrefix = new ConstantBytes(`"${date}T`);
    // Names, separators, 32 bytes per number or timestamp, the flags list.
    this.fixedBound = schema.fields.reduce((sum, f) => sum + f.name.length + 36, 16) + ALL_RULE_IDS.join('","').length + 16;
  }

  /**
   * Appends one record. `sourceBytes` is the length of the line it came from: text copied from it,
   * even if every byte needs a 6-byte escape, bounds the size, so one check per record suffices.
   */
  write(record: NormalisedRecord, sourceBytes: number): void {
    const raw = record.raw;
    const fields = this.schema.fields;
    const bound = this.fixedBound + sourceBytes * 6;
    if (this.pos + bound > this.chunk.length) this.startChunk(bound);

    const out = this.chunk;
    let pos = this.pos;
    const open = pos;
    for (let slot = 0; slot < fields.length; slot++) {
      if (raw.kinds[slot] === ABSENT) continue;
      pos = this.fieldPrefixes[slot]!.writeTo(this.view, out, pos);
      if (slot === this.tsSlot) pos = this.writeTimestamp(record, out, pos);
      else if (this.kindIsText[slot]) {
        pos = writeJsonStringContent(raw.buffers[slot]!, raw.starts[slot]!, raw.ends[slot]!, out, pos);
        out[pos++] = 0x22; // closing quote
      }
      else if (record.copyNumberText[slot] === 1) pos = copy(raw.buffers[slot]!, raw.starts[slot]!, raw.ends[slot]!, out, pos);
      else pos = writeLatin1(String(record.values[slot]), out, pos);
    }
    if (record.flags.length > 0) {
      pos = writeLatin1(',"flags":[', out, pos);
      for (let i = 0; i < record.flags.length; i++) {
        if (i > 0) out[pos++] = 0x2c;
        pos = writeLatin1(`"${record.flags[i]}"`, out, pos);
      }
      out[pos++] = 0x5d; // ]
    }
    out[open] = 0x7b; // { replaces the first field's comma
    out[pos++] = 0x7d; // }
    out[pos++] = 0x0a; // \n
    this.pos = pos;
  }

  /** Hands over what is buffered (call at the end of the object). */
  flush(): void {
    if (this.pos === 0) return;
    const full = this.chunk.subarray(0, this.pos);
    this.chunk = Buffer.allocUnsafe(this.chunkBytes);
    this.view = viewOf(this.chunk);
    this.pos = 0;
    this.deliver(full);
  }

  private startChunk(bound: number): void {
    this.flush();
    if (bound > this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(bound);
      this.view = viewOf(this.chunk);
    }
  }

  private writeTimestamp(record: NormalisedRecord, out: Buffer, start: number): number {
    let pos = this.datePrefix.writeTo(this.view, out, start);
    const secondOfDay = record.tsSeconds - this.dayStart;
    const hours = (secondOfDay / 3600) | 0;
    const minuteOfHour = secondOfDay - hours * 3600;
    const minutes = (minuteOfHour / 60) | 0;
    pos = writeDigits(TWO_DIGITS, hours, 2, out, pos);
    out[pos++] = 0x3a;
    pos = writeDigits(TWO_DIGITS, minutes, 2, out, pos);
    out[pos++] = 0x3a;
    pos = writeDigits(TWO_DIGITS, minuteOfHour - minutes * 60, 2, out, pos);
    out[pos++] = 0x2e;
    const nanos = record.tsNanos;
    const millis = (nanos / 1_000_000) | 0;
    const belowMillis = nanos - millis * 1_000_000;
    const micros = (belowMillis / 1000) | 0;
    pos = writeDigits(THREE_DIGITS, millis, 3, out, pos);
    pos = writeDigits(THREE_DIGITS, micros, 3, out, pos);
    pos = writeDigits(THREE_DIGITS, belowMillis - micros * 1000, 3, out, pos);
    out[pos++] = 0x5a; // Z
    out[pos++] = 0x22; // "
    return pos;
  }
}

/** Zero-padded decimal digits of 0..99 and 0..999, so timestamps are written without divisions by 10. */
const TWO_DIGITS = digitTable(100, 2);
const THREE_DIGITS = digitTable(1000, 3);

function digitTable(count: number, width: number): Uint8Array {
  const table = new Uint8Array(count * width);
  for (let n = 0; n < count; n++) table.set(Buffer.from(String(n).padStart(width, "0"), "latin1"), n * width);
  return table;
}

function writeDigits(table: Uint8Array, value: number, width: number, out: Buffer, pos: number): number {
  const at = value * width;
  for (let i = 0; i < width; i++) out[pos + i] = table[at + i]!;
  return pos + width;
}

/**
 * ASCII text written 4 bytes per store through a DataView: on this hot path, where most output bytes
 * are field names, that is 2-3x faster than a byte loop and far cheaper than a native copy call.
 */
class ConstantBytes {
  private readonly words: Uint32Array;
  private readonly tail: Buffer;

  constructor(text: string) {
    const bytes = Buffer.from(text, "latin1");
    const wordCount = bytes.length >> 2;
    this.words = new Uint32Array(wordCount);
    for (let w = 0; w < wordCount; w++) this.words[w] = bytes.readUInt32LE(w * 4);
    this.tail = bytes.subarray(wordCount * 4);
  }

  writeTo(view: DataView, out: Buffer, pos: number): number {
    const words = this.words;
    for (let w = 0; w < words.length; w++, pos += 4) view.setUint32(pos, words[w]!, true);
    const tail = this.tail;
    for (let i = 0; i < tail.length; i++) out[pos++] = tail[i]!;
    return pos;
  }
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function copy(source: Uint8Array, start: number, end: number, out: Buffer, pos: number): number {
  // Fields are short: a plain loop beats the native call behind Buffer.copy below ~64 bytes.
  if (end - start > 64) {
    out.set(source.subarray(start, end), pos);
    return pos + (end - start);
  }
  for (let i = start; i < end; i++) out[pos++] = source[i]!;
  return pos;
}

function writeLatin1(text: string, out: Buffer, pos: number): number {
  for (let i = 0; i < text.length; i++) out[pos++] = text.charCodeAt(i);
  return pos;
}

const HEX = "0123456789abcdef";

/** 1 for the bytes a JSON string cannot hold as they are: control characters, quote, backslash. */
const NEEDS_ESCAPE = Uint8Array.from({ length: 256 }, (_, c) => (c < 0x20 || c === 0x22 || c === 0x5c ? 1 : 0));

/** Writes buf[start, end) (valid UTF-8) as the inside of a JSON string, escaping where JSON requires. */
function writeJsonStringContent(buf: Uint8Array, start: number, end: number, out: Buffer, pos: number): number {
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (NEEDS_ESCAPE[c] === 0) {
      out[pos++] = c;
    } else if (c === 0x22 || c === 0x5c) {
      out[pos++] = 0x5c;
      out[pos++] = c;
    } else {
      // Control character: \u00XX (valid JSON for all of them, and rare enough not to special-case \n).
      pos = writeLatin1(`\\u00${HEX[c >> 4]}${HEX[c & 15]}`, out, pos);
    }
  }
  return pos;
}
