import { DatasetSchema } from "./datasets";
import { NormalisedRecord } from "./normalised-record";
import { ALL_RULE_IDS } from "./rules";
import { isCanonicalTimestamp } from "./timestamp";
import { ViewCache, copyBytes, copyWords, writeJsonStringWords, writeLatin1, writeTimeOfDay } from "./output-bytes";

/**
 * Serialises accepted records as JSON lines straight into Buffer chunks (no JSON.stringify, no
 * intermediate strings): text fields are copied as bytes (escaped only where JSON requires), numbers
 * are copied as the producer wrote them when that text is already JSON, the timestamp is written as
 * `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (always 9 fraction digits, so the text sorts like the instant).
 *
 * Full chunks are handed to `deliver` and never touched again: the receiver owns them (it may keep
 * them, e.g. as multipart upload parts).
 *
 * Most output bytes are key names (`,"trade_id":"`). They are written by a function generated once
 * per schema (see compileRecordWriter) whose body is straight-line 4-byte stores of constants, and
 * field bytes are copied 4 at a time (output-bytes.ts): the writer alone went from ~275 to ~160 ns per
 * trades record (bench/validator/writer-cost.ts) against per-field constant tables and byte loops.
 */
export class JsonlWriter {
  // Read and advanced by the fused trades CSV path (fused-trades-csv.ts), which writes records itself.
  /** @internal */ chunk: Buffer;
  /** @internal */ view: DataView;
  /** @internal */ pos = 0;
  /** Room reserved per record besides 6 bytes per source byte (see write). @internal */
  readonly fixedBound: number;
  private readonly writeFields: RecordWriter;
  private readonly datePrefix: Buffer;
  private readonly views = new ViewCache();

  constructor(
    schema: DatasetSchema,
    /** `YYYY-MM-DD` of the partition; accepted timestamps lie in its UTC day, or next to it for zoned trading days. */
    date: string,
    private readonly dayStart: number,
    private readonly deliver: (chunk: Buffer) => void,
    private readonly chunkBytes: number,
  ) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    this.view = viewOf(this.chunk);
    this.writeFields = compileRecordWriter(schema);
    this.datePrefix = Buffer.from(`"${date}T`, "latin1");
    // Names, separators, 32 bytes per number or timestamp, the flags list.
    this.fixedBound = schema.fields.reduce((sum, f) => sum + f.name.length + 36, 16) + ALL_RULE_IDS.join('","').length + 16;
  }

  /**
   * Appends one record. `sourceBytes` is the length of the line it came from: text copied from it,
   * even if every byte needs a 6-byte escape, bounds the size, so one check per record suffices.
   */
  write(record: NormalisedRecord, sourceBytes: number): void {
    const bound = this.fixedBound + sourceBytes * 6;
    if (this.pos + bound > this.chunk.length) this.startChunk(bound);
    const out = this.chunk;
    const open = this.pos;
    let pos = this.writeFields(record, out, this.view, open, this);
    const flags = record.flags;
    if (flags.length > 0) {
      pos = writeLatin1(',"flags":[', out, pos);
      for (let i = 0; i < flags.length; i++) {
        if (i > 0) out[pos++] = 0x2c;
        pos = writeLatin1(`"${flags[i]}"`, out, pos);
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

  /** The quoted timestamp; the producer's bytes are copied when they already are the output form. */
  timestamp(record: NormalisedRecord, slot: number, out: Buffer, view: DataView, pos: number): number {
    const raw = record.raw;
    const buf = raw.buffers[slot]!;
    const start = raw.starts[slot]!;
    const end = raw.ends[slot]!;
    out[pos++] = 0x22; // "
    if (isCanonicalTimestamp(buf, start, end)) {
      pos = copyWords(this.views.of(buf), start, end, view, pos);
    } else {
      const secondOfDay = record.tsSeconds - this.dayStart;
      if (secondOfDay >= 0 && secondOfDay < 86_400) {
        pos = copyBytes(this.datePrefix, 1, this.datePrefix.length, out, pos);
        pos = writeTimeOfDay(secondOfDay, record.tsNanos, out, pos);
      } else {
        // A zoned trading day reaches into the UTC day before or after the partition date's.
        const day = Math.floor(record.tsSeconds / 86_400);
        pos = copyBytes(Buffer.from(new Date(day * 86_400_000).toISOString().slice(0, 11), "latin1"), 0, 11, out, pos);
        pos = writeTimeOfDay(record.tsSeconds - day * 86_400, record.tsNanos, out, pos);
      }
    }
    out[pos++] = 0x22;
    return pos;
  }

  /** Text field content, JSON-escaped. */
  text(buf: Buffer, start: number, end: number, out: Buffer, view: DataView, pos: number): number {
    return writeJsonStringWords(this.views.of(buf), buf, start, end, view, out, pos);
  }

  /** A number: the producer's digits when they are already the output form, else JS's shortest form. */
  number(record: NormalisedRecord, slot: number, view: DataView, out: Buffer, pos: number): number {
    const raw = record.raw;
    if (record.copyNumberText[slot] === 1) {
      const buf = raw.buffers[slot]!;
      return copyWords(this.views.of(buf), raw.starts[slot]!, raw.ends[slot]!, view, pos);
    }
    return writeLatin1(String(record.values[slot]), out, pos);
  }

  private startChunk(bound: number): void {
    this.flush();
    if (bound > this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(bound);
      this.view = viewOf(this.chunk);
    }
  }
}

type RecordWriter = (record: NormalisedRecord, out: Buffer, view: DataView, pos: number, writer: JsonlWriter) => number;

/**
 * Generates `(record, out, view, pos, writer) => end` writing `,"name":value` for every present field
 * in schema order (the caller turns the first comma into `{`). Only schema constants (field names,
 * which are plain identifiers) reach the generated source.
 */
export function compileRecordWriter(schema: DatasetSchema): RecordWriter {
  const lines = ["const raw = record.raw, kinds = raw.kinds;"];
  schema.fields.forEach((field, slot) => {
    if (!/^[a-z_]+$/.test(field.name)) throw new Error(`field name ${field.name} is not a plain identifier`);
    const isText = field.kind === "trade-id" || field.kind === "symbol" || field.kind === "text";
    lines.push(`if (kinds[${slot}] !== 0) {`, ...constantStores(`,"${field.name}":${isText ? '"' : ""}`));
    if (field.kind === "timestamp") lines.push(`pos = writer.timestamp(record, ${slot}, out, view, pos);`);
    else if (isText) lines.push(`pos = writer.text(raw.buffers[${slot}], raw.starts[${slot}], raw.ends[${slot}], out, view, pos);`, "out[pos++] = 0x22;");
    else lines.push(`pos = writer.number(record, ${slot}, view, out, pos);`);
    lines.push("}");
  });
  lines.push("return pos;");
  return new Function("record", "out", "view", "pos", "writer", lines.join("\n")) as RecordWriter;
}

/** Source of statements storing `text` (ASCII) at `pos` and advancing it: 4 bytes per store. */
function constantStores(text: string): string[] {
  const bytes = Buffer.from(text, "latin1");
  const stores: string[] = [];
  let offset = 0;
  for (; offset + 4 <= bytes.length; offset += 4) stores.push(`view.setUint32(pos + ${offset}, ${bytes.readUInt32LE(offset)}, true);`);
  for (; offset < bytes.length; offset++) stores.push(`out[pos + ${offset}] = ${bytes[offset]};`);
  stores.push(`pos += ${bytes.length};`);
  return stores;
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
