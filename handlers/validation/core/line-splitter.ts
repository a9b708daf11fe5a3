import { isUtf8 } from "node:buffer";
import { UnreadableObjectError } from "./errors";
import { LF, CR } from "./ascii";

/** Receives one line without its terminator; `lineNumber` is 1-based and counts every physical line. */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNumber: number) => void;

/**
 * A fast path that takes runs of whole lines without a call per line: given a region of complete
 * lines (UTF-8 checked), it consumes as many leading lines as it can, sets `linesConsumed` and
 * returns where the first line it did not take starts. The splitter hands that line to the
 * LineHandler and offers the rest to the fast path again. Lines it consumes must not be blank and
 * must be at most `maxLineBytes` long (without the terminator): it takes over those checks.
 */
export interface LineRunHandler {
  linesConsumed: number;
  consumeLines(buf: Buffer, start: number, lastLf: number): number;
}


/**
 * Splits a byte stream into lines on LF (a CR before it is dropped, so CRLF works), without copying
 * except for the one line that straddles two chunks. Also:
 * - checks UTF-8 once per chunk over the complete lines (LF never occurs inside a multi-byte
 *   sequence, so a region of whole lines can be checked on its own) and raises "encoding";
 * - drops a UTF-8 byte order mark at the start of the object;
 * - skips blank lines (counted in `blankLines`, they are not records);
 * - bounds memory: a line longer than `maxLineBytes` raises "line-too-long".
 */
export class LineSplitter {
  /** Physical lines seen so far, blank ones included. */
  lineNumber = 0;
  blankLines = 0;
  /** Offered every run of lines after the first line; set once the header says a fast path applies. */
  lineRuns: LineRunHandler | null = null;
  private pieces: Buffer[] = [];
  private carried = 0;

  constructor(
    private readonly onLine: LineHandler,
    private readonly maxLineBytes: number,
  ) {}

  push(chunk: Buffer): void {
    const firstLf = chunk.indexOf(LF);
    if (firstLf < 0) {
      this.carry(chunk);
      return;
    }
    let start = 0;
    if (this.carried > 0) {
      this.carry(chunk.subarray(0, firstLf));
      this.emitCarried();
      start = firstLf + 1;
    }
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf >= start) {
      if (!isUtf8(chunk.subarray(start, lastLf))) this.raiseEncoding(chunk, start, lastLf);
      const onLine = this.onLine;
      while (start <= lastLf) {
        const lineRuns = this.lineRuns; // set by the header line's handler, within this loop
        if (lineRuns !== null) {
          start = lineRuns.consumeLines(chunk, start, lastLf);
          this.lineNumber += lineRuns.linesConsumed;
          if (start > lastLf) break;
        }
        const lf = chunk.indexOf(LF, start);
        let end = lf;
        if (end > start && chunk[end - 1] === CR) end--;
        const lineNumber = ++this.lineNumber;
        if (end - start > this.maxLineBytes) this.raiseTooLong(lineNumber);
        if (end === start) this.blankLines++;
        else if (lineNumber === 1) this.emitFirst(chunk, start, end);
        else onLine(chunk, start, end, lineNumber);
        start = lf + 1;
      }
    }
    if (start < chunk.length) this.carry(chunk.subarray(start));
  }

  /** Emits the last line when the object does not end with a newline. */
  end(): void {
    if (this.carried > 0) this.emitCarried();
  }

  private carry(piece: Buffer): void {
    this.pieces.push(piece);
    this.carried += piece.length;
    if (this.carried > this.maxLineBytes + 1) this.raiseTooLong(this.lineNumber + 1); // + 1: a CR may follow
  }

  private emitCarried(): void {
    const line = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces, this.carried);
    this.pieces = [];
    this.carried = 0;
    const lineNumber = ++this.lineNumber;
    if (!isUtf8(line)) throw encodingError(lineNumber);
    let end = line.length;
    if (end > 0 && line[end - 1] === CR) end--;
    if (end > this.maxLineBytes) this.raiseTooLong(lineNumber);
    if (end === 0) this.blankLines++;
    else if (lineNumber === 1) this.emitFirst(line, 0, end);
    else this.onLine(line, 0, end, lineNumber);
  }

  private emitFirst(buf: Buffer, start: number, end: number): void {
    const hasBom = end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf;
    const from = hasBom ? start + 3 : start;
    if (from === end) this.blankLines++;
    else this.onLine(buf, from, end, 1);
  }

  /** Finds the offending line for the message (the object fails as a whole either way). */
  private raiseEncoding(chunk: Buffer, start: number, lastLf: number): never {
    let lineNumber = this.lineNumber;
    for (let s = start; s <= lastLf; ) {
      const lf = chunk.indexOf(LF, s);
      lineNumber++;
      if (!isUtf8(chunk.subarray(s, lf))) throw encodingError(lineNumber);
      s = lf + 1;
    }
    throw encodingError(lineNumber);
  }

  private raiseTooLong(lineNumber: number): never {
    throw new UnreadableObjectError(
      "line-too-long",
      `line ${lineNumber} is longer than ${this.maxLineBytes} bytes; the object is not line-oriented market data`,
      lineNumber,
    );
  }
}

function encodingError(lineNumber: number): UnreadableObjectError {
  return new UnreadableObjectError("encoding", `line ${lineNumber} is not valid UTF-8`, lineNumber);
}
