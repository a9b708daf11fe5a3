import { QUOTE, COMMA } from "./ascii";

/**
 * Splits one CSV line (RFC 4180, comma delimiter, double-quote quoting) into field byte ranges.
 *
 * Matches csv-parse's default behaviour on a single line (proved by a property test): a quote may
 * open a field only at its first byte; `""` inside a quoted field is one quote; a closing quote must
 * be followed by a comma or the end of the line. An empty line is one empty field.
 *
 * Embedded newlines inside quoted fields are NOT supported: the caller splits lines on LF first, so
 * such a record arrives as two lines whose first one has an unterminated quote. Both lines then fail
 * as malformed (rule csv.quoting or csv.column-count) and are quarantined with their text, so nothing
 * is lost silently. Market data has no multi-line fields, and supporting them would let one stray
 * quote swallow the rest of a file into a single record.
 */
export class CsvFieldRanges {
  /** Number of fields found by the last split. */
  count = 0;
  /** Start of each field's content (after an opening quote). */
  starts = new Int32Array(16);
  /** End (exclusive) of each field's content (before a closing quote). */
  ends = new Int32Array(16);
  /** 1 when the field contains `""` escapes that must be collapsed before use. */
  escaped = new Uint8Array(16);

  push(start: number, end: number, escaped: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.escaped[this.count] = escaped;
    this.count++;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const escaped = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }
}

export type CsvLineProblem = "unterminated-quote" | "text-after-closing-quote" | "quote-in-unquoted-field";


/** Fills `out` with the fields of buf[start, end); returns the problem when the line is malformed. */
export function splitCsvLine(buf: Uint8Array, start: number, end: number, out: CsvFieldRanges): CsvLineProblem | null {
  out.count = 0;
  let i = start;
  for (;;) {
    if (i < end && buf[i] === QUOTE) {
      let j = i + 1;
      let escaped = 0;
      for (;;) {
        while (j < end && buf[j] !== QUOTE) j++;
        if (j >= end) return "unterminated-quote";
        if (j + 1 < end && buf[j + 1] === QUOTE) {
          escaped = 1;
          j += 2;
          continue;
        }
        break;
      }
      out.push(i + 1, j, escaped);
      const next = j + 1;
      if (next === end) return null;
      if (buf[next] !== COMMA) return "text-after-closing-quote";
      i = next + 1;
    } else {
      let j = i;
      while (j < end) {
        const c = buf[j];
        if (c === COMMA) break;
        if (c === QUOTE) return "quote-in-unquoted-field";
        j++;
      }
      out.push(i, j, 0);
      if (j === end) return null;
      i = j + 1;
    }
  }
}

/** Copies a quoted field's content into `target` at `offset`, collapsing `""`; returns the end offset. */
export function unescapeCsvField(buf: Uint8Array, start: number, end: number, target: Uint8Array, offset: number): number {
  let o = offset;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    target[o++] = c;
    if (c === QUOTE) i++; // the second quote of a pair
  }
  return o;
}
