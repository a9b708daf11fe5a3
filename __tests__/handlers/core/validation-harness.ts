/** Shared test helpers: run the core validator over in-memory objects and collect what it produced. */
import { Readable } from "node:stream";
import {
  Dataset,
  RecordFormat,
  RejectedRecord,
  ValidationConfig,
  ValidationSummary,
  createFileContext,
  fillFromObject,
  validateObject,
  validateRecord,
  FileContext,
  RecordOutcome,
  JsonlWriter,
} from "../../../handlers/validation/core";
import { CsvFieldRanges, splitCsvLine } from "../../../handlers/validation/core/csv-fields";
import { fieldText } from "../../../handlers/validation/core/csv-record-reader";

export const DATE = "2026-11-20";

export interface ValidationRun {
  summary: ValidationSummary;
  accepted: Record<string, unknown>[];
  rejected: RejectedRecord[];
  /** The accepted output exactly as the sink received it. */
  output: string;
}

export interface RunOptions {
  dataset?: Dataset;
  format?: RecordFormat;
  config?: Partial<ValidationConfig>;
  /** Split the input into chunks of this many bytes (default: one chunk). */
  chunkBytes?: number;
}

/** Validates `input` (text or bytes) as one object and collects sink output. */
export async function runValidation(input: string | Buffer, options: RunOptions = {}): Promise<ValidationRun> {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  return runValidationStream(Readable.from(chunksOf(bytes, options.chunkBytes ?? (bytes.length || 1))), options);
}

export async function runValidationStream(stream: AsyncIterable<Buffer>, options: RunOptions = {}): Promise<ValidationRun> {
  const chunks: Buffer[] = [];
  const rejected: RejectedRecord[] = [];
  const summary = await validateObject(
    stream,
    { dataset: options.dataset ?? "trades", date: DATE, format: options.format ?? "csv", config: options.config },
    { accepted: (chunk) => void chunks.push(chunk), rejected: (record) => void rejected.push(record) },
  );
  const output = Buffer.concat(chunks).toString("utf8");
  const accepted = output === "" ? [] : output.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  return { summary, accepted, rejected, output };
}

export function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}

/** A context plus a function validating plain objects through it (records share the file state). */
export function recordChecker(dataset: Dataset, config: Partial<ValidationConfig> = {}): {
  context: FileContext;
  check: (record: Record<string, unknown>) => RecordOutcome;
  /** The normalised record of the last accepted outcome, as the JSON object the writer produces. */
  serialiseLast: () => Record<string, unknown>;
} {
  const context = createFileContext(dataset, DATE, config);
  const raw = context.normalised.raw;
  return {
    context,
    check: (record) => {
      fillFromObject(context.schema, record, raw);
      return validateRecord(raw, context);
    },
    serialiseLast: () => {
      let text = "";
      const writer = new JsonlWriter(context.schema, DATE, context.dayStart, (chunk) => (text += chunk.toString("utf8")), 4096);
      writer.write(context.normalised, 1024);
      writer.flush();
      return JSON.parse(text) as Record<string, unknown>;
    },
  };
}

export const TRADES_HEADER = "trade_id,symbol,ts,price,size,exchange,conditions";

export function trade(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { trade_id: "T1", symbol: "AAPL", ts: `${DATE}T14:30:00.123456789Z`, price: 189.5, size: 100, exchange: "Q", conditions: "@", ...overrides };
}

export function quote(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { symbol: "AAPL", ts: `${DATE}T14:30:00Z`, bid_price: 189.5, bid_size: 100, ask_price: 189.52, ask_size: 200, exchange: "Q", ...overrides };
}

export function bar(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { symbol: "AAPL", ts: `${DATE}T14:30:00Z`, open: 189.5, high: 190, low: 189, close: 189.8, volume: 12000, vwap: 189.6, trade_count: 80, ...overrides };
}

/** Splits one CSV line and decodes its fields, or returns the problem. */
export function splitLine(line: string): string[] | string {
  const bytes = Buffer.from(line, "utf8");
  const ranges = new CsvFieldRanges();
  const problem = splitCsvLine(bytes, 0, bytes.length, ranges);
  if (problem !== null) return problem;
  return Array.from({ length: ranges.count }, (_, column) => fieldText(bytes, ranges, column));
}
