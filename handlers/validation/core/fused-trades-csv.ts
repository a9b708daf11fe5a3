import { FileContext } from "./record-validator";
import { JsonlWriter } from "./jsonl-writer";
import { hashBytes, mixHash } from "./byte-key-table";
import { FusedLineRuns, columnsInSchemaOrder } from "./fused-line-runs";
import { ValidationSummary } from "./validation-summary";
import { COMMA, DOT, ZERO } from "./ascii";
import { BAIL, commitSymbolState, orderVerdict } from "./fused-file-state";
import {
  FLAG_TEXT,
  ID_BYTE,
  K_CONDITIONS,
  K_EXCHANGE,
  K_PRICE,
  K_SIZE,
  K_SYMBOL,
  K_TRADE_ID,
  K_TS,
  POW10,
  SYMBOL_BYTE,
  TEXT_BYTE,
  digitsValue,
  fourDigits,
  terminatorAt,
} from "./fused-bytes";

/**
 * The fused path for the common case: a trades CSV whose header is the canonical column order
 * (`trade_id,symbol,ts,price,size[,exchange[,conditions]]`) and clean lines. It consumes runs of
 * whole lines (see LineRunHandler): one left-to-right pass over each line's bytes finds the commas
 * and the line end, checks and decodes each field, stages the trade id, hashes the symbol and copies
 * the field bytes straight into the output chunk behind the key fragments; then the per-symbol and
 * duplicate checks run and the line is committed. No per-line search for the newline, no call per
 * line from the splitter.
 *
 * It only handles lines whose output is a copy of their bytes: uppercase symbol, trade id and text
 * without anything JSON would escape, a price in JSON form (`189.50`, at most 15 digits), a plain
 * integer size, a timestamp already in the output form (`<partition date>THH:MM:SS.nnnnnnnnnZ`),
 * at most MAX_FUSED_LINE_BYTES (1 KiB) long. Anything else (a quote, an empty required field or line, any rule
 * that would reject, a reject-policy order violation, a duplicate, no room left in the output chunk)
 * stops the run before any state changed except the symbol table lookup (which the general path
 * repeats with the same result); the splitter hands that line to the general path, which defines
 * the semantics and writes the messages, and then offers the next lines to this path again.
 * A property test checks that both give byte-identical output, rejects and summaries.
 */

/** The trade_id.format rule's limit. */
const MAX_TRADE_ID_BYTES = 64;

export class FusedTradesCsv extends FusedLineRuns {
  private readonly date0: number;
  private readonly date1: number;
  /** Bytes 8-9 of the date and the `T`. */
  private readonly date2T: number;
  /** Written so the early loads of the duplicate table are not optimised away. @internal */
  touched = 0;

  private constructor(
    context: FileContext,
    writer: JsonlWriter,
    summary: ValidationSummary,
    /** 5, 6 or 7. */
    private readonly columns: number,
    date: string,
  ) {
    super(context, writer, summary);
    const dateBytes = Buffer.from(date, "latin1");
    this.date0 = dateBytes.readUInt32LE(0);
    this.date1 = dateBytes.readUInt32LE(4);
    this.date2T = dateBytes.readUInt16LE(8) | (0x54 << 16);
  }

  /** The fused path for this header (schema slot per column), or null when it does not apply. */
  static create(
    context: FileContext,
    writer: JsonlWriter,
    summary: ValidationSummary,
    date: string,
    columnSlots: Int32Array,
  ): FusedTradesCsv | null {
    const names = context.schema.fields.map((f) => f.name).join(",");
    if (context.schema.dataset !== "trades" || names !== "trade_id,symbol,ts,price,size,exchange,conditions") return null;
    if (context.tradeIds === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
    const columns = columnSlots.length;
    if (columns < 5 || columns > 7) return null;
    if (!columnsInSchemaOrder(columnSlots)) return null;
    return new FusedTradesCsv(context, writer, summary, columns, date);
  }

  /**
   * Validates and writes the line starting at `start` (its LF is at or before `limit`) when it is
   * clean, and returns where the next line starts; BAIL when the general path must handle it
   * (nothing was committed then).
   */
  protected line(buf: Buffer, start: number, limit: number): number {
    const end = this.lineBound(start, limit);
    if (end === BAIL) return BAIL;
    const writer = this.writer;
    const out = writer.chunk;
    const ov = writer.view;
    const iv = this.inputView;
    let o = writer.pos;
    let i = start;
    let c = 0;

    // trade_id: 1..64 bytes, no control character, nothing to escape. The same loop stages the id in
    // the duplicate log and compares it with the log's last id (see AscendingIdLog: an ascending id
    // needs no lookup). Reading the last id past its end reads the staged bytes: harmless, since
    // then the lengths differ and decide the order.
    ov.setUint32(o, K_TRADE_ID[0]!, true);
    ov.setUint32(o + 4, K_TRADE_ID[1]!, true);
    ov.setUint32(o + 8, K_TRADE_ID[2]!, true);
    ov.setUint32(o + 12, K_TRADE_ID[3]!, true);
    o += 13;
    const idLog = this.context.tradeIds!.logForNextId();
    const idArena = idLog.ids;
    idArena.reserve(MAX_TRADE_ID_BYTES + 1);
    const staged = idArena.bytes;
    let s = idArena.used;
    const lastId = idArena.size - 1;
    const lastIdStart = lastId < 0 ? s : idArena.start(lastId);
    let l = lastIdStart;
    let order = 0;
    const idStart = i;
    const idLimit = Math.min(end, i + MAX_TRADE_ID_BYTES + 1);
    while (i < idLimit && ID_BYTE[(c = buf[i]!)] === 1) {
      out[o++] = c;
      staged[s++] = c;
      if (order === 0) order = c - staged[l++]!;
      i++;
    }
    const idEnd = i;
    const idLength = idEnd - idStart;
    if (idLength === 0 || idLength > MAX_TRADE_ID_BYTES || i >= end || buf[i] !== COMMA) return BAIL;
    const lastIdLength = idArena.used - lastIdStart;
    const idAscending = lastId < 0 || idLength > lastIdLength || (idLength === lastIdLength && order > 0);
    // Otherwise start the duplicate table's cache misses now, so they overlap the rest of the scan.
    const idHash = idAscending ? 0 : hashBytes(buf, idStart, idEnd);
    if (!idAscending) this.touched = this.context.tradeIds!.touch(idHash);
    i++;

    // symbol: [A-Z][A-Z0-9.\-/]{0,15}, already uppercase.
    ov.setUint32(o, K_SYMBOL[0]!, true);
    ov.setUint32(o + 4, K_SYMBOL[1]!, true);
    ov.setUint32(o + 8, K_SYMBOL[2]!, true);
    o += 12;
    const symbolStart = i;
    if (i >= end) return BAIL;
    c = buf[i]!;
    if (c < 0x41 || c > 0x5a) return BAIL;
    let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
    out[o++] = c;
    i++;
    while (i < end && SYMBOL_BYTE[(c = buf[i]!)] === 1) {
      h = Math.imul(h ^ c, 0x01000193);
      out[o++] = c;
      i++;
    }
    const symbolEnd = i;
    if (symbolEnd - symbolStart > 16 || i >= end || buf[i] !== COMMA) return BAIL;
    const symbolHash = mixHash(h);
    i++;

    // ts: `<partition date>THH:MM:SS.nnnnnnnnnZ` followed by a comma, checked and decoded from the
    // eight words it is copied with (bytes 0-27 as words w0-w6, 28-29 as w7). The same decoding as
    // CanonicalTimestampReader.read, kept inline on purpose: this function is past V8's inlining
    // budget, and calling the reader (then loading the words again to copy them) measured ~6% slower.
    if (i + 30 >= end || buf[i + 30] !== COMMA) return BAIL;
    const w0 = iv.getUint32(i, true);
    const w1 = iv.getUint32(i + 4, true);
    const w2 = iv.getUint32(i + 8, true); // date 8-9, T, H1
    const w3 = iv.getUint32(i + 12, true); // H2 : M1 M2
    const w4 = iv.getUint32(i + 16, true); // : S1 S2 .
    const w5 = iv.getUint32(i + 20, true); // n1-n4
    const w6 = iv.getUint32(i + 24, true); // n5-n8
    const w7 = iv.getUint16(i + 28, true); // n9 Z
    if (w0 !== this.date0 || w1 !== this.date1 || (w2 & 0xffffff) !== this.date2T) return BAIL;
    if ((w3 & 0xff00) !== 0x3a00 || (w4 & 0xff0000ff) !== 0x2e00003a || w7 >>> 8 !== 0x5a) return BAIL;
    const hm = (w2 >>> 24) | ((w3 & 0xff) << 8) | (w3 & 0xffff0000); // H1 H2 M1 M2
    const sn = ((w4 >>> 8) & 0xffff) | ((w7 & 0xff) << 16) | 0x30000000; // S1 S2 n9 0
    if (!fourDigits(hm) || !fourDigits(sn) || !fourDigits(w5) || !fourDigits(w6)) return BAIL;
    const hour = (hm & 0xf) * 10 + ((hm >>> 8) & 0xf);
    const minute = ((hm >>> 16) & 0xf) * 10 + ((hm >>> 24) & 0xf);
    const second = (sn & 0xf) * 10 + ((sn >>> 8) & 0xf);
    if (hour > 23 || minute > 59 || second > 59) return BAIL;
    const nanos = digitsValue(w5) * 100_000 + digitsValue(w6) * 10 + ((sn >>> 16) & 0xf);
    const seconds = this.context.dayStart + hour * 3600 + minute * 60 + second;
    if (seconds < this.context.windowStart || seconds >= this.context.windowEnd) return BAIL; // zoned day: the general path rejects it
    ov.setUint32(o, K_TS[0]!, true);
    ov.setUint32(o + 4, K_TS[1]!, true);
    ov.setUint32(o + 8, w0, true);
    ov.setUint32(o + 12, w1, true);
    ov.setUint32(o + 16, w2, true);
    ov.setUint32(o + 20, w3, true);
    ov.setUint32(o + 24, w4, true);
    ov.setUint32(o + 28, w5, true);
    ov.setUint32(o + 32, w6, true);
    ov.setUint16(o + 36, w7, true);
    o += 38;
    i += 31;

    // price: digits[.digits], JSON form (no sign, no leading zero), <= 15 digits, > 0.
    ov.setUint32(o, K_PRICE[0]!, true);
    ov.setUint32(o + 4, K_PRICE[1]!, true);
    ov.setUint32(o + 8, K_PRICE[2]!, true);
    o += 10;
    const priceStart = i;
    let mantissa = 0;
    while (i < end) {
      c = buf[i]!;
      const v = c - ZERO;
      if (v < 0 || v > 9) break;
      mantissa = mantissa * 10 + v;
      out[o++] = c;
      i++;
    }
    const intDigits = i - priceStart;
    if (intDigits === 0 || (intDigits > 1 && buf[priceStart] === ZERO) || i >= end) return BAIL;
    let fractionDigits = 0;
    if (buf[i] === DOT) {
      out[o++] = DOT;
      const fractionStart = ++i;
      while (i < end) {
        c = buf[i]!;
        const v = c - ZERO;
        if (v < 0 || v > 9) break;
        mantissa = mantissa * 10 + v;
        out[o++] = c;
        i++;
      }
      fractionDigits = i - fractionStart;
      if (fractionDigits === 0) return BAIL;
    }
    if (intDigits + fractionDigits > 15 || i >= end || buf[i] !== COMMA) return BAIL;
    const price = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
    if (!(price > 0)) return BAIL;
    i++;

    // size: a plain integer (no leading zero), <= 15 digits.
    ov.setUint32(o, K_SIZE[0]!, true);
    ov.setUint32(o + 4, K_SIZE[1]!, true);
    o += 8;
    const sizeStart = i;
    while (i < end) {
      c = buf[i]!;
      if (c < ZERO || c > 0x39) break;
      out[o++] = c;
      i++;
    }
    const sizeDigits = i - sizeStart;
    if (sizeDigits === 0 || sizeDigits > 15 || (sizeDigits > 1 && buf[sizeStart] === ZERO)) return BAIL;
    const columns = this.columns;
    if (columns > 5) {
      if (i >= end || buf[i] !== COMMA) return BAIL;
      i++;
      // exchange (optional text)
      if (i < end && buf[i] !== COMMA && terminatorAt(buf, i) === 0) {
        ov.setUint32(o, K_EXCHANGE[0]!, true);
        ov.setUint32(o + 4, K_EXCHANGE[1]!, true);
        ov.setUint32(o + 8, K_EXCHANGE[2]!, true);
        ov.setUint32(o + 12, K_EXCHANGE[3]!, true);
        o += 13;
        while (i < end && TEXT_BYTE[(c = buf[i]!)] === 1) {
          out[o++] = c;
          i++;
        }
        out[o++] = 0x22;
      }
      if (columns === 7) {
        if (i >= end || buf[i] !== COMMA) return BAIL;
        i++;
        // conditions (optional text), the last column
        if (i < end && terminatorAt(buf, i) === 0) {
          ov.setUint32(o, K_CONDITIONS[0]!, true);
          ov.setUint32(o + 4, K_CONDITIONS[1]!, true);
          ov.setUint32(o + 8, K_CONDITIONS[2]!, true);
          ov.setUint32(o + 12, K_CONDITIONS[3]!, true);
          o += 15;
          while (i < end && TEXT_BYTE[(c = buf[i]!)] === 1) {
            out[o++] = c;
            i++;
          }
          out[o++] = 0x22;
        }
      }
    }
    const terminator = terminatorAt(buf, i);
    if (terminator === 0) return BAIL;
    // Where the general path would start a new output chunk, it writes this line.
    if (writer.pos + writer.fixedBound + (i - start) * 6 > out.length) return BAIL;

    // File state, in validateRecord's order: order check, duplicate check (commits), jump check.
    const context = this.context;
    const states = context.symbols;
    const symbolId = states.idOf(buf, symbolStart, symbolEnd, symbolHash);
    let flags = orderVerdict(states, symbolId, seconds, nanos, this.rejectOutOfOrder);
    if (flags === BAIL) return BAIL;
    if (idAscending) idArena.commit(idLength);
    else if (!context.tradeIds!.addIfAbsent(buf, idStart, idEnd, idHash, false)) return BAIL;
    flags |= commitSymbolState(states, symbolId, seconds, nanos, price, context.config.priceJumpRatio);

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
