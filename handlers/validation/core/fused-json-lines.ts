import { hashBytes, mixHash } from "./byte-key-table";
import { CanonicalTimestampReader } from "./canonical-timestamp";
import { checkDatasetRules, referencePrice } from "./dataset-rules";
import { FLAG_TEXT, POW10, SYMBOL_BYTE, terminatorAt } from "./fused-bytes";
import { BAIL, commitSymbolState, orderVerdict } from "./fused-file-state";
import { FusedLineRuns, MAX_OUTPUT_OVERHEAD } from "./fused-line-runs";
import { JsonlWriter } from "./jsonl-writer";
import { FileContext } from "./record-validator";
import { ValidationSummary } from "./validation-summary";

const QUOTE = 0x22;
const DOT = 0x2e;
const ZERO = 0x30;
const CLOSE_BRACE = 0x7d;

/** Bytes a JSON string may hold and reach the output unchanged: no control character, quote or backslash. */
const STRING_BYTE = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x20 && c !== QUOTE && c !== 0x5c ? 1 : 0));
/** Trade id: additionally no DEL (trade_id.format rejects it). */
const ID_BYTE = Uint8Array.from(STRING_BYTE, (allowed, c) => (c === 0x7f ? 0 : allowed));

// Field kinds as FileContext.kindCodes numbers them.
const TRADE_ID = 0;
const SYMBOL = 1;
const TIMESTAMP = 2;
const PRICE = 3;

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
export class FusedJsonLines extends FusedLineRuns {
  /** Per slot: `{"name":` for the first field, `,"name":` for the others. */
  private readonly keys: Uint8Array[];
  private readonly kinds: Uint8Array;
  private readonly required: boolean[];
  private readonly timestamp: CanonicalTimestampReader;
  /** Input bytes [runStart, runEnd) are clean lines whose output (the same bytes) is not copied yet. */
  private runStart = 0;
  private runEnd = 0;
  /** Where in the output chunk the pending run goes. */
  private runOut = 0;

  private constructor(
    context: FileContext,
    private readonly writer: JsonlWriter,
    summary: ValidationSummary,
    date: string,
  ) {
    super(context, summary);
    const fields = context.schema.fields;
    this.keys = fields.map((f, slot) => Buffer.from(`${slot === 0 ? "{" : ","}"${f.name}":`, "latin1"));
    this.kinds = context.kindCodes;
    this.required = fields.map((f) => f.required);
    this.timestamp = new CanonicalTimestampReader(date, context.dayStart);
  }

  /** The fused path for this object, or null when it does not apply. */
  static create(context: FileContext, writer: JsonlWriter, summary: ValidationSummary, date: string): FusedJsonLines | null {
    if (!CanonicalTimestampReader.appliesTo(date) || !context.schema.fields[0]!.required) return null;
    return new FusedJsonLines(context, writer, summary, date);
  }

  protected line(buf: Buffer, start: number, limit: number): number {
    const writer = this.writer;
    if (writer.pos + this.maxLineBytes + MAX_OUTPUT_OVERHEAD > writer.chunk.length) return BAIL;
    const end = Math.min(limit, start + this.maxLineBytes);
    const context = this.context;
    const values = context.normalised.values;
    const kinds = this.kinds;
    let i = start;
    let symbolStart = 0;
    let symbolEnd = 0;
    let symbolHash = 0;
    let idStart = -1;
    let idEnd = -1;

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
      if (kind === PRICE || kind === 4) {
        i = this.number(buf, i, end, slot, kind === PRICE);
        if (i < 0) return BAIL;
        continue;
      }
      if (i >= end || buf[i] !== QUOTE) return BAIL;
      const valueStart = ++i;
      if (kind === TIMESTAMP) {
        if (i + 30 >= end || buf[i + 30] !== QUOTE || !this.timestamp.read(this.inputView, i)) return BAIL;
        i += 31;
        continue;
      }
      if (kind === SYMBOL) {
        const c = buf[i]!;
        if (c < 0x41 || c > 0x5a) return BAIL;
        let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
        i++;
        while (i < end && SYMBOL_BYTE[buf[i]!] === 1) h = Math.imul(h ^ buf[i++]!, 0x01000193);
        if (i - valueStart > 16) return BAIL;
        symbolStart = valueStart;
        symbolEnd = i;
        symbolHash = mixHash(h);
      } else {
        const allowed = kind === TRADE_ID ? ID_BYTE : STRING_BYTE;
        while (i < end && allowed[buf[i]!] === 1) i++;
        if (i === valueStart || (kind === TRADE_ID && i - valueStart > 64)) return BAIL; // "" is absent in the general path
        if (kind === TRADE_ID) {
          idStart = valueStart;
          idEnd = i;
        }
      }
      if (i >= end || buf[i] !== QUOTE) return BAIL;
      i++;
    }
    if (i >= end || buf[i] !== CLOSE_BRACE) return BAIL;
    const closeBrace = i++;
    const terminator = terminatorAt(buf, i);
    if (terminator === 0) return BAIL;
    // Where the general path would start a new output chunk, it writes this line.
    if (writer.pos + writer.fixedBound + (i - start) * 6 > writer.chunk.length) return BAIL;
    if (checkDatasetRules(context, values) !== null) return BAIL;

    // File state, in validateRecord's order: order check, duplicate check (commits), jump check.
    const states = context.symbols;
    const symbolId = states.idOf(buf, symbolStart, symbolEnd, symbolHash);
    const seconds = this.timestamp.seconds;
    const nanos = this.timestamp.nanos;
    let flags = orderVerdict(states, symbolId, seconds, nanos, this.rejectOutOfOrder);
    if (flags === BAIL) return BAIL;
    if (idStart >= 0 && !context.tradeIds!.addIfAbsent(buf, idStart, idEnd, hashBytes(buf, idStart, idEnd))) return BAIL;
    flags |= commitSymbolState(states, symbolId, seconds, nanos, referencePrice(context, values), context.config.priceJumpRatio);

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
    if (this.runEnd === this.runStart) return;
    buf.copy(this.writer.chunk, this.runOut, this.runStart, this.runEnd);
    this.runStart = this.runEnd = 0;
  }

  /**
   * A JSON number in the form the writer prints (so the output may repeat the input): a price is
   * digits[.digits] with no leading zero, no trailing fraction zero, at most 15 digits and > 0; a
   * count is a plain integer of at most 15 digits. Stores the value; returns the index after it or -1.
   */
  private number(buf: Buffer, start: number, end: number, slot: number, isPrice: boolean): number {
    let i = start;
    let mantissa = 0;
    while (i < end) {
      const v = buf[i]! - ZERO;
      if (v < 0 || v > 9) break;
      mantissa = mantissa * 10 + v;
      i++;
    }
    const intDigits = i - start;
    if (intDigits === 0 || (intDigits > 1 && buf[start] === ZERO)) return -1;
    let fractionDigits = 0;
    if (i < end && buf[i] === DOT) {
      if (!isPrice) return -1;
      const fractionStart = ++i;
      while (i < end) {
        const v = buf[i]! - ZERO;
        if (v < 0 || v > 9) break;
        mantissa = mantissa * 10 + v;
        i++;
      }
      fractionDigits = i - fractionStart;
      // `1.50` prints as 1.5; below 1e-6 (`0.0000005`) JavaScript prints an exponent.
      if (fractionDigits === 0 || buf[i - 1] === ZERO || (intDigits === 1 && buf[start] === ZERO && fractionDigits - String(mantissa).length > 5)) return -1;
    }
    if (intDigits + fractionDigits > 15) return -1;
    const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
    if (isPrice && !(value > 0)) return -1;
    this.context.normalised.values[slot] = value;
    return i;
  }
}
