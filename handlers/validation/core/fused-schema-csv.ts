import { COMMA, QUOTE } from "./ascii";
import { FLAG_TEXT, TEXT_BYTE, terminatorAt, words } from "./fused-bytes";
import { BAIL } from "./fused-file-state";
import { columnsInSchemaOrder } from "./fused-line-runs";
import { KIND_COUNT, KIND_PRICE, KIND_SYMBOL, KIND_TIMESTAMP, SchemaDrivenLineRuns } from "./fused-schema-lines";
import { JsonlWriter } from "./jsonl-writer";
import { FileContext } from "./record-validator";
import { ValidationSummary } from "./validation-summary";

/**
 * The fused path for CSV of the datasets without trade ids (quotes, bars; trades have the
 * hand-unrolled FusedTradesCsv) whose header lists the schema's columns in schema order, trailing
 * optional ones possibly left out. A loop over the columns checks and decodes each field where it
 * lies and writes it behind its key, then the line is settled as in validateRecord. Clean lines are
 * those whose output copies their bytes: as in the trades path, an uppercase symbol, text without
 * anything to escape, numbers in JSON form (at most 15 digits), the timestamp already as
 * `<partition date>THH:MM:SS.nnnnnnnnnZ`. Anything else returns BAIL before any state changed except
 * the symbol table lookup, and the general path takes the line. A property test checks that both
 * give byte-identical output, rejects and summaries.
 */
export class FusedSchemaCsv extends SchemaDrivenLineRuns {
  /** Per column: the key text as words (see `words`), and its length. */
  private readonly keys: Uint32Array[];
  private readonly keyLengths: Uint8Array;

  private constructor(
    context: FileContext,
    writer: JsonlWriter,
    summary: ValidationSummary,
    date: string,
    private readonly columns: number,
  ) {
    super(context, writer, summary, date);
    this.keys = this.keyTexts.map(words);
    this.keyLengths = Uint8Array.from(this.keyTexts, (key) => key.length);
  }

  /** The fused path for this header (schema slot per column), or null when it does not apply. */
  static create(context: FileContext, writer: JsonlWriter, summary: ValidationSummary, date: string, columnSlots: Int32Array): FusedSchemaCsv | null {
    const fields = context.schema.fields;
    const columns = columnSlots.length;
    if (context.tradeIds !== null || !SchemaDrivenLineRuns.applies(context, date) || columns > fields.length) return null;
    if (!columnsInSchemaOrder(columnSlots)) return null;
    for (let slot = columns; slot < fields.length; slot++) if (fields[slot]!.required) return null;
    return new FusedSchemaCsv(context, writer, summary, date, columns);
  }

  protected line(buf: Buffer, start: number, limit: number): number {
    const end = this.lineBound(start, limit);
    if (end === BAIL) return BAIL;
    const writer = this.writer;
    const out = writer.chunk;
    const kinds = this.kinds;
    const ov = writer.view;
    let o = writer.pos;
    let i = start;

    for (let slot = 0; slot < this.columns; slot++) {
      if (slot > 0) {
        if (i >= end || buf[i] !== COMMA) return BAIL;
        i++;
      }
      const valueStart = i;
      if (i >= end || buf[i] === COMMA || terminatorAt(buf, i) !== 0) {
        if (this.required[slot]) return BAIL; // the general path reports it missing
        continue; // an empty optional field is absent: no key in the output
      }
      const kind = kinds[slot]!;
      if (kind === KIND_PRICE || kind === KIND_COUNT) i = this.number(buf, i, end, slot, kind === KIND_PRICE, false);
      else if (kind === KIND_TIMESTAMP) i = i + 30 <= end && this.timestamp.read(this.inputView, i) ? i + 30 : BAIL;
      else if (kind === KIND_SYMBOL) i = this.symbol(buf, i, end);
      else while (i < end && TEXT_BYTE[buf[i]!] === 1) i++; // text
      if (i === BAIL) return BAIL;
      const key = this.keys[slot]!;
      for (let k = 0; k < key.length; k++) ov.setUint32(o + 4 * k, key[k]!, true);
      o += this.keyLengths[slot]!;
      const quoted = kind !== KIND_PRICE && kind !== KIND_COUNT;
      if (quoted) out[o++] = QUOTE;
      for (let k = valueStart; k < i; k++) out[o++] = buf[k]!;
      if (quoted) out[o++] = QUOTE;
    }
    const terminator = terminatorAt(buf, i);
    if (terminator === 0) return BAIL;
    // Where the general path would start a new output chunk, it writes this line.
    if (writer.pos + writer.fixedBound + (i - start) * 6 > out.length) return BAIL;
    const flags = this.settle(buf);
    if (flags === BAIL) return BAIL;

    if (flags !== 0) {
      const text = FLAG_TEXT[flags]!;
      for (let k = 0; k < text.length; k++) out[o++] = text[k]!;
      this.countFlags(flags);
    }
    out[o++] = 0x7d; // }
    out[o++] = 0x0a; // \n
    writer.pos = o;
    return i + terminator;
  }
}
