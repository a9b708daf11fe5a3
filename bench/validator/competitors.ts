/** The reference workloads the validator is compared with: library parsers and bare decompression. */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { LineSplitter } from "../../handlers/validation/core/line-splitter";
import { CsvFieldRanges, splitCsvLine } from "../../handlers/validation/core/csv-fields";
import { Dataset, RecordFormat, openRecordStream, validateObject } from "../../handlers/validation/core";
import { OutputCompressor } from "../../handlers/validation/output-compressor";

export const READ_CHUNK_BYTES = 1 << 20;

export function readFile(path: string) {
  return createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
}

/** csv-parse's streaming API, parse only (arrays of strings); resolves with the record count. */
export function csvParseOnly(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let records = 0;
    readFile(path)
      .pipe(parse({ relax_column_count: true }))
      .on("data", () => records++)
      .on("error", reject)
      .on("end", () => resolve(records));
  });
}

/** The hand-written parser alone (line and field splitting, no typing or rules): the like-for-like figure. */
export async function ownParseOnly(path: string): Promise<number> {
  const ranges = new CsvFieldRanges();
  let records = 0;
  const splitter = new LineSplitter((buf, start, end) => {
    if (splitCsvLine(buf, start, end, ranges) === null) records++;
  }, 1 << 20);
  for await (const chunk of readFile(path)) splitter.push(chunk as Buffer);
  splitter.end();
  return records;
}

/** Gunzip alone, through the same stream setup the validator uses; resolves with decompressed bytes. */
export async function gunzipOnly(path: string): Promise<number> {
  let bytes = 0;
  for await (const chunk of openRecordStream(readFile(path), { gzip: true })) bytes += chunk.length;
  return bytes;
}

/** Split lines and JSON.parse each: the floor for any JSON lines validator built on JSON.parse. */
export async function jsonParseOnly(path: string): Promise<number> {
  let records = 0;
  let carry = "";
  for await (const chunk of readFile(path)) {
    const text = carry + (chunk as Buffer).toString("utf8");
    const lines = text.split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) if (line !== "" && JSON.parse(line) !== null) records++;
  }
  if (carry !== "" && JSON.parse(carry) !== null) records++;
  return records;
}

/**
 * Machine calibration: the simplest possible JS pass over the bytes (a sum). Every byte-level parser
 * in JS is bounded by this, and comparing it across machines tells how much faster a run would be.
 */
export async function byteSumLoop(path: string): Promise<number> {
  let sum = 0;
  for await (const chunk of readFile(path)) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]!) | 0;
  }
  return sum;
}

/**
 * What one Lambda instance spends CPU on per object, without the network: gunzip the input, validate,
 * and gzip the accepted output with the handler's own compressor (the compressed bytes are dropped).
 * Resolves with the record count.
 */
export async function validateAndCompress(path: string, dataset: Dataset, format: RecordFormat, date: string): Promise<number> {
  const compressor = new OutputCompressor();
  const drained = (async () => {
    for await (const _ of compressor.gzip) void _;
  })();
  const summary = await validateObject(
    openRecordStream(readFile(path), { gzip: path.endsWith(".gz") }),
    { dataset, date, format },
    { accepted: (chunk) => compressor.write(chunk, drained), rejected: () => undefined },
  );
  compressor.end();
  await drained;
  return summary.records_in;
}
