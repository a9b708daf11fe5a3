import { Dataset } from "./datasets";
import { ValidationConfig } from "./config";
import { UnreadableObjectError } from "./errors";
import { RecordFormat } from "./object-key";
import { LineSplitter } from "./line-splitter";
import { CsvRecordReader } from "./csv-record-reader";
import { readJsonRecord } from "./json-record-reader";
import { FileContext, RecordOutcome, createFileContext, validateRecord } from "./record-validator";
import { JsonlWriter } from "./jsonl-writer";
import { FusedTradesCsv } from "./fused-trades-csv";
import { FusedJsonLines } from "./fused-json-lines";
import { FusedSchemaCsv } from "./fused-schema-csv";
import { RuleId, countRule } from "./rules";
import { ValidationSummary, emptySummary } from "./validation-summary";

export interface RejectedRecord {
  readonly rule: RuleId;
  readonly message: string;
  /** 1-based physical line number in the (decompressed) object; the CSV header is line 1. */
  readonly line: number;
  /** The line as it was, without its line terminator. */
  readonly text: string;
}

/**
 * Where results go. Both may return a promise; it is awaited before more input is read, which is the
 * backpressure that keeps memory flat. `accepted` receives serialised JSON lines chunks (whole lines)
 * that it owns from then on.
 */
export interface ValidationSinks {
  accepted(chunk: Buffer): void | Promise<void>;
  rejected(record: RejectedRecord): void | Promise<void>;
}

export interface ValidateObjectOptions {
  readonly dataset: Dataset;
  /** `YYYY-MM-DD` date partition of the object. */
  readonly date: string;
  readonly format: RecordFormat;
  readonly config?: Partial<ValidationConfig>;
  /**
   * @internal For tests: always take the general path (no fused trades CSV or JSON lines path), to show both
   * produce the same output, rejects and summary.
   */
  readonly forceGeneralPath?: boolean;
}

/**
 * Validates every record of one object's byte stream (already gunzipped, see openRecordStream).
 * Resolves with the summary; rejects with UnreadableObjectError when the object as a whole cannot be
 * read (encoding, empty, header, truncated gzip, ...), or with the sink's or the stream's own error.
 */
export async function validateObject(
  records: AsyncIterable<Buffer>,
  options: ValidateObjectOptions,
  sinks: ValidationSinks,
): Promise<ValidationSummary> {
  const pipeline = new RecordPipeline(options);
  for await (const chunk of records) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError("validateObject expects Buffer chunks (do not set an encoding)");
    pipeline.summary.bytes_read += chunk.length;
    pipeline.splitter.push(chunk);
    await pipeline.drain(sinks);
  }
  pipeline.splitter.end();
  pipeline.writer.flush();
  await pipeline.drain(sinks);
  return pipeline.finish();
}

/** The per-object plumbing: lines in, records validated, output and rejects queued for the sinks. */
class RecordPipeline {
  readonly summary: ValidationSummary;
  readonly splitter: LineSplitter;
  readonly writer: JsonlWriter;
  private readonly context: FileContext;
  private csv: CsvRecordReader | null = null;
  private sawFirstLine = false;
  private readyChunks: Buffer[] = [];
  private readyRejects: RejectedRecord[] = [];

  constructor(private readonly options: ValidateObjectOptions) {
    this.context = createFileContext(options.dataset, options.date, options.config);
    this.summary = emptySummary(options.dataset, options.date, options.format);
    this.splitter = new LineSplitter(
      options.format === "csv" ? this.onCsvLine.bind(this) : this.onJsonLine.bind(this),
      this.context.config.maxLineBytes,
    );
    this.writer = new JsonlWriter(
      this.context.schema,
      options.date,
      this.context.dayStart,
      (chunk) => this.readyChunks.push(chunk),
      this.context.config.outputChunkBytes,
    );
  }

  /** Hands queued output to the sinks, one at a time, awaiting each promise. */
  async drain(sinks: ValidationSinks): Promise<void> {
    const chunks = this.readyChunks;
    const rejects = this.readyRejects;
    this.readyChunks = [];
    this.readyRejects = [];
    for (const chunk of chunks) {
      const pending = sinks.accepted(chunk);
      if (pending) await pending;
    }
    for (const rejected of rejects) {
      const pending = sinks.rejected(rejected);
      if (pending) await pending;
    }
  }

  finish(): ValidationSummary {
    if (!this.sawFirstLine) {
      const what = this.options.format === "csv" ? "no header line" : "no line";
      throw new UnreadableObjectError("empty", `object is empty: ${what}`);
    }
    const summary = this.summary;
    summary.lines = this.splitter.lineNumber;
    summary.blank_lines = this.splitter.blankLines;
    summary.symbol_state_resets = this.context.symbols.resets;
    if (summary.records_in !== summary.accepted + summary.rejected) {
      throw new Error(`bug: records_in ${summary.records_in} != accepted ${summary.accepted} + rejected ${summary.rejected}`);
    }
    return summary;
  }

  private onCsvLine(buf: Buffer, start: number, end: number, lineNumber: number): void {
    this.sawFirstLine = true;
    if (this.csv === null) {
      this.csv = CsvRecordReader.fromHeader(buf, start, end, lineNumber, this.context.schema);
      this.summary.ignored_columns = [...this.csv.ignoredColumns];
      if (this.options.forceGeneralPath !== true) {
        const slots = this.csv.columnSlots;
        this.splitter.lineRuns =
          FusedTradesCsv.create(this.context, this.writer, this.summary, this.options.date, slots) ??
          FusedSchemaCsv.create(this.context, this.writer, this.summary, this.options.date, slots);
      }
      return;
    }
    const raw = this.context.normalised.raw;
    const malformed = this.csv.read(buf, start, end, raw);
    this.record(malformed ?? validateRecord(raw, this.context), buf, start, end, lineNumber);
  }

  private onJsonLine(buf: Buffer, start: number, end: number, lineNumber: number): void {
    if (!this.sawFirstLine && this.options.forceGeneralPath !== true) {
      this.splitter.lineRuns = FusedJsonLines.create(this.context, this.writer, this.summary, this.options.date);
    }
    this.sawFirstLine = true;
    const raw = this.context.normalised.raw;
    const malformed = readJsonRecord(buf.toString("utf8", start, end), this.context.schema, raw);
    this.record(malformed ?? validateRecord(raw, this.context), buf, start, end, lineNumber);
  }

  private record(outcome: RecordOutcome, buf: Buffer, start: number, end: number, lineNumber: number): void {
    const summary = this.summary;
    summary.records_in++;
    if (outcome.ok) {
      summary.accepted++;
      this.writer.write(outcome.normalised, end - start);
      const flags = outcome.flags;
      if (flags.length > 0) {
        summary.flagged++;
        for (const flag of flags) countRule(summary.flagged_by_rule, flag);
      }
      return;
    }
    summary.rejected++;
    countRule(summary.rejected_by_rule, outcome.rule);
    this.readyRejects.push({ rule: outcome.rule, message: outcome.message, line: lineNumber, text: buf.toString("utf8", start, end) });
  }
}
