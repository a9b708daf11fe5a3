import { createReadStream } from "node:fs";
import { pipeline, Transform, type Readable, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import { parse, type CsvError, type Info } from "csv-parse";
import type { InputFile } from "./input-file";

/** One record of the file, as the validator reads it (CSV: header name to text; JSON lines: the object). */
export interface FileRecord {
  readonly kind: "record";
  /** 1-based line the record ends on. */
  readonly line: number;
  readonly record: Readonly<Record<string, unknown>>;
}

/** A line that holds no record the producer can send (not JSON, not an object, a CSV row of the wrong width). */
export interface SkippedLine {
  readonly kind: "skipped";
  readonly line: number;
  readonly reason: string;
}

export type ReadItem = FileRecord | SkippedLine;

export interface ReadOptions {
  /** Called with the number of file bytes (compressed, for .gz) read so far. */
  readonly onFileBytes?: (bytes: number) => void;
}

/** Counts the bytes that pass, for a progress bar over the file's size. */
function byteCounter(onBytes?: (bytes: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      total += chunk.length;
      onBytes?.(total);
      done(null, chunk);
    },
  });
}

/** The file's bytes, gunzipped when it is .gz, read as a stream (bounded memory whatever the size). */
function openBytes(file: InputFile, options: ReadOptions, ...rest: Transform[]): Readable {
  const stages = [createReadStream(file.path), byteCounter(options.onFileBytes), ...(file.gzip ? [createGunzip()] : []), ...rest] as const;
  // The callback form returns the last stage; an error in any stage destroys it, so a reader of it sees the error.
  return (pipeline as (...streams: unknown[]) => Readable)(...stages, () => undefined);
}

/**
 * The records of a CSV file, with csv-parse (streaming): the header names the fields, a BOM and
 * CRLF line ends are accepted, empty lines are ignored, and a row that cannot be parsed (wrong
 * number of columns, a bad quote) is yielded as a SkippedLine with csv-parse's reason.
 */
async function* readCsv(file: InputFile, options: ReadOptions): AsyncGenerator<ReadItem> {
  const parser = parse({ columns: true, bom: true, info: true, skip_empty_lines: true, skip_records_with_error: true });
  const skipped: SkippedLine[] = [];
  parser.on("skip", (error: CsvError & { lines?: number }) => skipped.push({ kind: "skipped", line: error.lines ?? 0, reason: error.message }));
  const rows = openBytes(file, options, parser);
  for await (const row of rows as AsyncIterable<{ record: Record<string, string>; info: Info }>) {
    // csv-parse reports a skipped row as it parses it, which can be before the rows ahead of it are read here.
    while (skipped.length && skipped[0]!.line < row.info.lines) yield skipped.shift()!;
    yield { kind: "record", line: row.info.lines, record: row.record };
  }
  while (skipped.length) yield skipped.shift()!;
}

function jsonLine(text: string, line: number): ReadItem | undefined {
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "skipped", line, reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "skipped", line, reason: `a JSON line must hold an object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}` };
  }
  return { kind: "record", line, record: value as Record<string, unknown> };
}

/** The records of a JSON-lines file: lines split on LF as bytes (CR before it dropped), each decoded as UTF-8 and parsed alone. */
async function* readJsonLines(file: InputFile, options: ReadOptions): AsyncGenerator<ReadItem> {
  let carry: Buffer = Buffer.alloc(0);
  let line = 0;
  const decode = (bytes: Buffer) => {
    line++;
    const end = bytes.length && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return jsonLine(bytes.toString("utf8", 0, end), line);
  };
  for await (const chunk of openBytes(file, options) as AsyncIterable<Buffer>) {
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(0x0a, start); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
      const item = decode(bytes.subarray(start, nl));
      if (item) yield item;
      start = nl + 1;
    }
    carry = Buffer.from(bytes.subarray(start));
  }
  if (carry.length) {
    const item = decode(carry);
    if (item) yield item;
  }
}

/** The file's records in file order, streamed. */
export function readRecords(file: InputFile, options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  return file.format === "csv" ? readCsv(file, options) : readJsonLines(file, options);
}
