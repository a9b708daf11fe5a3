import { DatasetSchema } from "./datasets";
import { UnreadableObjectError } from "./errors";
import { CsvFieldRanges, CsvLineProblem, splitCsvLine, unescapeCsvField } from "./csv-fields";
import { RawFields } from "./raw-fields";
import { scanNumberInto, scanTimestampInto } from "./field-decoding";
import { RULES } from "./rules";
import { RejectedOutcome, reject } from "./record-validator";
import { COMMA, QUOTE } from "./ascii";

const PROBLEM_TEXT: Record<CsvLineProblem, string> = {
  "unterminated-quote": "a quoted field is not closed on this line (fields with embedded newlines are not supported)",
  "text-after-closing-quote": "a closing quote is followed by something other than a comma",
  "quote-in-unquoted-field": "a quote appears inside an unquoted field",
};

/** Column decoders of the fast path. */
const SKIP = 0;
const TEXT = 1;
const NUMBER_COLUMN = 2;
const TIMESTAMP_COLUMN = 3;

/**
 * Turns CSV lines into RawFields by header position. Columns are matched to schema fields by exact
 * header name; columns the schema does not know are ignored (listed in the summary); an empty field
 * counts as absent.
 *
 * Two paths with one meaning. The fast path handles lines without any quote in one pass: it walks the
 * columns, decoding numbers and timestamps as it finds the commas. Whenever it meets anything it does
 * not expect (a quote, a bad number, too few or many columns) it gives up and the general path splits
 * the line first and leaves decoding to the validator, which produces the precise rejection. The
 * fast path only ever accepts what the general path accepts (shown by a property test).
 */
export class CsvRecordReader {
  private readonly ranges = new CsvFieldRanges();
  private readonly columnDecoders: Uint8Array;
  /** Position of the next quote at or after the current line in `quoteSearchBuffer` (or its length). */
  private nextQuote = -1;
  private quoteSearchBuffer: Buffer | null = null;

  private constructor(
    /** Schema slot per column, -1 for an ignored column. */
    readonly columnSlots: Int32Array,
    readonly ignoredColumns: readonly string[],
    schema: DatasetSchema,
  ) {
    this.columnDecoders = Uint8Array.from(columnSlots, (slot) => {
      if (slot < 0) return SKIP;
      const kind = schema.fields[slot]!.kind;
      return kind === "price" || kind === "count" ? NUMBER_COLUMN : kind === "timestamp" ? TIMESTAMP_COLUMN : TEXT;
    });
  }

  /** Reads the header line; a header that cannot serve the schema makes the object unreadable. */
  static fromHeader(buf: Buffer, start: number, end: number, lineNumber: number, schema: DatasetSchema): CsvRecordReader {
    const ranges = new CsvFieldRanges();
    const problem = splitCsvLine(buf, start, end, ranges);
    if (problem !== null) throw headerError(lineNumber, `header: ${PROBLEM_TEXT[problem]}`);
    const names: string[] = [];
    for (let c = 0; c < ranges.count; c++) names.push(fieldText(buf, ranges, c));

    const columnSlots = new Int32Array(names.length).fill(-1);
    const ignored: string[] = [];
    names.forEach((name, column) => {
      const slot = schema.fields.findIndex((f) => f.name === name);
      if (slot < 0) ignored.push(name);
      else if (columnSlots.includes(slot)) throw headerError(lineNumber, `header: column ${name} appears twice`);
      else columnSlots[column] = slot;
    });
    const missing = schema.fields.filter((f, slot) => f.required && !columnSlots.includes(slot)).map((f) => f.name);
    if (missing.length > 0) {
      throw headerError(
        lineNumber,
        `header lacks required ${schema.dataset} column(s) ${missing.join(", ")}; found ${names.join(", ")}`,
      );
    }
    return new CsvRecordReader(columnSlots, ignored, schema);
  }

  /** Fills `raw` from one data line, or says why the line is malformed. */
  read(buf: Buffer, start: number, end: number, raw: RawFields): RejectedOutcome | null {
    if (!this.lineHasQuote(buf, start, end) && this.readFast(buf, start, end, raw)) return null;
    return this.readGeneral(buf, start, end, raw);
  }

  /**
   * One native search per quote (or per buffer when there is none) instead of a quote test per byte:
   * lines of one buffer arrive in order, so the cached position stays valid until passed.
   */
  private lineHasQuote(buf: Buffer, start: number, end: number): boolean {
    if (buf !== this.quoteSearchBuffer || this.nextQuote < start) {
      const found = buf.indexOf(QUOTE, start);
      this.nextQuote = found < 0 ? buf.length : found;
      this.quoteSearchBuffer = buf;
    }
    return this.nextQuote < end;
  }

  /** The quote-free single pass; false means "take the general path". */
  private readFast(buf: Buffer, start: number, end: number, raw: RawFields): boolean {
    raw.reset();
    const decoders = this.columnDecoders;
    const slots = this.columnSlots;
    const last = decoders.length - 1;
    let i = start;
    for (let column = 0; column <= last; column++) {
      const decoder = decoders[column];
      let stop: number;
      if (i === end || buf[i] === COMMA) {
        stop = i; // empty field: absent
      } else if (decoder === NUMBER_COLUMN) {
        stop = scanNumberInto(raw, slots[column]!, buf, i, end);
      } else if (decoder === TIMESTAMP_COLUMN) {
        stop = scanTimestampInto(raw, slots[column]!, buf, i, end);
      } else {
        stop = i;
        while (stop < end && buf[stop] !== COMMA) stop++;
        if (decoder === TEXT) raw.setBytes(slots[column]!, buf, i, stop);
      }
      if (column === last) return stop === end;
      if (stop < 0 || stop >= end || buf[stop] !== COMMA) return false;
      i = stop + 1;
    }
    return false; // no columns
  }

  private readGeneral(buf: Buffer, start: number, end: number, raw: RawFields): RejectedOutcome | null {
    const ranges = this.ranges;
    const problem = splitCsvLine(buf, start, end, ranges);
    if (problem !== null) return reject(RULES.csvQuoting, PROBLEM_TEXT[problem]);
    const columnSlots = this.columnSlots;
    if (ranges.count !== columnSlots.length) {
      return reject(RULES.csvColumnCount, `expected ${columnSlots.length} columns as in the header, got ${ranges.count}`);
    }
    raw.reset();
    for (let column = 0; column < columnSlots.length; column++) {
      const slot = columnSlots[column]!;
      const fieldStart = ranges.starts[column]!;
      const fieldEnd = ranges.ends[column]!;
      if (slot < 0 || fieldStart === fieldEnd) continue;
      if (ranges.escaped[column] === 1) {
        raw.reserveScratch(fieldEnd - fieldStart);
        const target = raw.scratchUsed;
        raw.scratchUsed = unescapeCsvField(buf, fieldStart, fieldEnd, raw.scratch, target);
        raw.setBytes(slot, raw.scratch, target, raw.scratchUsed);
      } else {
        raw.setBytes(slot, buf, fieldStart, fieldEnd);
      }
    }
    return null;
  }
}

/** The decoded text of field `column` of the last split (quotes collapsed). */
export function fieldText(buf: Buffer, ranges: CsvFieldRanges, column: number): string {
  const text = buf.toString("utf8", ranges.starts[column], ranges.ends[column]);
  return ranges.escaped[column] === 1 ? text.replace(/""/g, '"') : text;
}

function headerError(lineNumber: number, message: string): UnreadableObjectError {
  return new UnreadableObjectError("header", message, lineNumber);
}
