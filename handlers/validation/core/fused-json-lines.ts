import { QUOTE } from "./ascii";
import { FLAG_TEXT, JSON_ID_BYTE, JSON_STRING_BYTE, terminatorAt } from "./fused-bytes";
import { BAIL } from "./fused-file-state";
import { KIND_COUNT, KIND_PRICE, KIND_SYMBOL, KIND_TIMESTAMP, KIND_TRADE_ID, SchemaDrivenLineRuns } from "./fused-schema-lines";
import { JsonlWriter } from "./jsonl-writer";
import { FileContext } from "./record-validator";
import { ValidationSummary } from "./validation-summary";

const CLOSE_BRACE = 0x7d;

/**
 * The fused path for JSON lines that are already in the output form: the schema's keys in schema
 * order, no whitespace, strings without escapes, numbers as the writer prints them (`220.17`, not
 * `220.170` or `2.2017e2`), the timestamp as `<partition date>THH:MM:SS.nnnnnnnnnZ`, absent optional
 * fields left out. That is the normalised output's own form, which producers that serialise
 * records plainly write too. For such a line the output is its own bytes, so clean lines are only
 * checked, and whole runs of them are copied to the output chunk with one native copy.
 *
 * Anything else (another key order, an unknown key, whitespace, an escape, null or "", a number in
 * another form, any rule that would reject, a reject-policy order violation, a duplicate trade id,
 * no room in the output chunk) returns BAIL before any state changed except the symbol table
 * lookup, and the general path (JSON.parse) takes the line. A property test checks that both give
 * byte-identical output, rejects and summaries.
 */
export class FusedJsonLines extends SchemaDrivenLineRuns {
  /** Per slot: the key text's bytes. */
  private readonly keys: Uint8Array[];
  /** Input bytes [runStart, runEnd) are clean lines whose output (the same bytes) is not copied yet; runEnd -1: none. */
  private runStart = 0;
  private runEnd = -1;
  /** Where in the output chunk the pending run goes. */
  private runOut = 0;

  private constructor(context: FileContext, writer: JsonlWriter, summary: ValidationSummary, date: string) {
    super(context, writer, summary, date);
    this.keys = this.keyTexts.map((key) => Buffer.from(key, "latin1"));
  }

  /** The fused path for this object, or null when it does not apply. */
  static create(context: FileContext, writer: JsonlWriter, summary: ValidationSummary, date: string): FusedJsonLines | null {
    return SchemaDrivenLineRuns.applies(context, date) ? new FusedJsonLines(context, writer, summary, date) : null;
  }

  protected line(buf: Buffer, start: number, limit: number): number {
    const end = this.lineBound(start, limit);
    if (end === BAIL) return BAIL;
    const writer = this.writer;
    const kinds = this.kinds;
    let i = start;
    this.idStart = -1;

    for (let slot = 0; slot < kinds.length; slot++) {
      const key = this.keys[slot]!;
      let k = 0;
      while (k < key.length && i + k < end && buf[i + k] === key[k]) k++;
      if (k < key.length) {
        if (this.required[slot]) return BAIL;
        continue; // an optional field left out
      }
      i += key.length;
      const kind = kinds[slot]!;
      if (kind === KIND_PRICE || kind === KIND_COUNT) {
        i = this.number(buf, i, end, slot, kind === KIND_PRICE, true);
        if (i === BAIL) return BAIL;
        continue;
      }
      if (i >= end || buf[i] !== QUOTE) return BAIL;
      const valueStart = ++i;
      if (kind === KIND_TIMESTAMP) i = i + 30 < end && this.timestamp.read(this.inputView, i) ? i + 30 : BAIL;
      else if (kind === KIND_SYMBOL) i = this.symbol(buf, i, end);
      else {
        const allowed = kind === KIND_TRADE_ID ? JSON_ID_BYTE : JSON_STRING_BYTE;
        while (i < end && allowed[buf[i]!] === 1) i++;
        if (i === valueStart || (kind === KIND_TRADE_ID && i - valueStart > 64)) return BAIL; // "" is absent in the general path
        if (kind === KIND_TRADE_ID) {
          this.idStart = valueStart;
          this.idEnd = i;
        }
      }
      if (i === BAIL || i >= end || buf[i] !== QUOTE) return BAIL;
      i++;
    }
    if (i >= end || buf[i] !== CLOSE_BRACE) return BAIL;
    const closeBrace = i++;
    const terminator = terminatorAt(buf, i);
    if (terminator === 0) return BAIL;
    // Where the general path would start a new output chunk, it writes this line.
    if (writer.pos + writer.fixedBound + (i - start) * 6 > writer.chunk.length) return BAIL;
    const flags = this.settle(buf);
    if (flags === BAIL) return BAIL;

    if (flags === 0 && terminator === 1) {
      // Output = input, LF included: extend the pending run (or start one).
      if (this.runEnd !== start) {
        this.endRun(buf);
        this.runStart = start;
        this.runOut = writer.pos;
      }
      this.runEnd = i + 1;
      writer.pos += i + 1 - start;
      return i + 1;
    }
    this.endRun(buf);
    const out = writer.chunk;
    let o = writer.pos + buf.copy(out, writer.pos, start, closeBrace);
    if (flags !== 0) {
      const text = FLAG_TEXT[flags]!;
      for (let k = 0; k < text.length; k++) out[o++] = text[k]!;
      this.countFlags(flags);
    }
    out[o++] = CLOSE_BRACE;
    out[o++] = 0x0a; // \n
    writer.pos = o;
    return i + terminator;
  }

  protected override endRun(buf: Buffer): void {
    if (this.runEnd < 0) return;
    buf.copy(this.writer.chunk, this.runOut, this.runStart, this.runEnd);
    this.runEnd = -1;
  }
}
