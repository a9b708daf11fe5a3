import { hashBytes, mixHash } from "./byte-key-table";
import { CanonicalTimestampReader } from "./canonical-timestamp";
import { checkDatasetRules, referencePrice } from "./dataset-rules";
import { DOT, ZERO } from "./ascii";
import { POW10, SYMBOL_BYTE } from "./fused-bytes";
import { BAIL, commitSymbolState, orderVerdict } from "./fused-file-state";
import { FusedLineRuns } from "./fused-line-runs";
import { JsonlWriter } from "./jsonl-writer";
import { FileContext } from "./record-validator";
import { ValidationSummary } from "./validation-summary";

// Field kinds as FileContext.kindCodes numbers them.
export const KIND_TRADE_ID = 0;
export const KIND_SYMBOL = 1;
export const KIND_TIMESTAMP = 2;
export const KIND_PRICE = 3;
export const KIND_COUNT = 4;

/**
 * What the schema-driven fused paths (CSV of quotes and bars, JSON lines in the output form) share:
 * the field kinds and keys of the schema, reading a symbol, a number or the timestamp where it lies,
 * and settling a line whose fields are read (dataset rules, then the file state in validateRecord's
 * order). Each path reads its own layout and writes its own output.
 */
export abstract class SchemaDrivenLineRuns extends FusedLineRuns {
  protected readonly kinds: Uint8Array;
  protected readonly required: boolean[];
  /** Per slot: `{"name":` for the first field, `,"name":` for the others (the output's key texts). */
  protected readonly keyTexts: string[];
  protected readonly timestamp: CanonicalTimestampReader;
  // The symbol and trade id of the line being read (idStart -1: none).
  protected symbolStart = 0;
  protected symbolEnd = 0;
  protected symbolHash = 0;
  protected idStart = -1;
  protected idEnd = -1;

  protected constructor(
    context: FileContext,
    writer: JsonlWriter,
    summary: ValidationSummary,
    date: string,
  ) {
    super(context, writer, summary);
    const fields = context.schema.fields;
    this.kinds = context.kindCodes;
    this.required = fields.map((f) => f.required);
    this.keyTexts = fields.map((f, slot) => `${slot === 0 ? "{" : ","}"${f.name}":`);
    this.timestamp = new CanonicalTimestampReader(date, context.dayStart, context.windowStart, context.windowEnd);
  }

  /** Whether a schema-driven path can run at all: a date partition it can read, a first field that is always there. */
  protected static applies(context: FileContext, date: string): boolean {
    return CanonicalTimestampReader.appliesTo(date) && context.schema.fields[0]!.required;
  }

  /** An uppercase symbol ([A-Z][A-Z0-9.\-/]{0,15}) at `i`: remembered, and the index after it; BAIL otherwise. */
  protected symbol(buf: Buffer, i: number, end: number): number {
    const start = i;
    let c = 0;
    if (i >= end || (c = buf[i]!) < 0x41 || c > 0x5a) return BAIL;
    let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
    i++;
    while (i < end && SYMBOL_BYTE[(c = buf[i]!)] === 1) {
      h = Math.imul(h ^ c, 0x01000193);
      i++;
    }
    if (i - start > 16) return BAIL;
    this.symbolStart = start;
    this.symbolEnd = i;
    this.symbolHash = mixHash(h);
    return i;
  }

  /**
   * A number whose text the output can repeat, stored as the slot's value: a price is digits[.digits]
   * with no leading zero, at most 15 digits and > 0; a count a plain integer of at most 15 digits.
   * `asPrinted` also asks for JavaScript's own form (no trailing fraction zero, nothing below 1e-6),
   * for paths that copy the text where the general path prints the value. Returns the index after
   * it, or BAIL.
   */
  protected number(buf: Buffer, start: number, end: number, slot: number, isPrice: boolean, asPrinted: boolean): number {
    let i = start;
    let mantissa = 0;
    while (i < end) {
      const v = buf[i]! - ZERO;
      if (v < 0 || v > 9) break;
      mantissa = mantissa * 10 + v;
      i++;
    }
    const intDigits = i - start;
    if (intDigits === 0 || (intDigits > 1 && buf[start] === ZERO)) return BAIL;
    let fractionDigits = 0;
    if (i < end && buf[i] === DOT) {
      if (!isPrice) return BAIL;
      const fractionStart = ++i;
      while (i < end) {
        const v = buf[i]! - ZERO;
        if (v < 0 || v > 9) break;
        mantissa = mantissa * 10 + v;
        i++;
      }
      fractionDigits = i - fractionStart;
      if (fractionDigits === 0) return BAIL;
      // `1.50` prints as 1.5; below 1e-6 (`0.0000005`) JavaScript prints an exponent.
      if (asPrinted && (buf[i - 1] === ZERO || (intDigits === 1 && buf[start] === ZERO && fractionDigits - String(mantissa).length > 5))) return BAIL;
    }
    if (intDigits + fractionDigits > 15) return BAIL;
    const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
    if (isPrice && !(value > 0)) return BAIL;
    this.context.normalised.values[slot] = value;
    return i;
  }

  /**
   * The rest of validateRecord for a line whose fields are read and clean: the dataset rules, the
   * order check, the duplicate check (which commits the trade id) and the state commit. Flag bits,
   * or BAIL (nothing committed) when the general path must take the line.
   */
  protected settle(buf: Buffer): number {
    const context = this.context;
    const values = context.normalised.values;
    if (checkDatasetRules(context, values) !== null) return BAIL;
    const states = context.symbols;
    const symbolId = states.idOf(buf, this.symbolStart, this.symbolEnd, this.symbolHash);
    const seconds = this.timestamp.seconds;
    const nanos = this.timestamp.nanos;
    const flags = orderVerdict(states, symbolId, seconds, nanos, this.rejectOutOfOrder);
    if (flags === BAIL) return BAIL;
    if (this.idStart >= 0 && !context.tradeIds!.addIfAbsent(buf, this.idStart, this.idEnd, hashBytes(buf, this.idStart, this.idEnd))) return BAIL;
    return flags | commitSymbolState(states, symbolId, seconds, nanos, referencePrice(context, values), context.config.priceJumpRatio);
  }
}
