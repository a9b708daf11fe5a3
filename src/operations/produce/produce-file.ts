import type { Dataset } from "../../../handlers/validation/core/datasets";
import { describeInputFile } from "./input-file";
import { produceRecords, type ProducerOptions } from "./producer";
import type { PutRecordsClient } from "./put-records";
import { readRecords } from "./read-records";
import type { ProduceSummary } from "./summary";

export interface ProduceFileOptions extends Omit<ProducerOptions, "stream" | "dataset" | "timeZone" | "kinesis" | "onProgress"> {
  readonly kinesis: PutRecordsClient;
  /** The stream's name; or give streamArn. */
  readonly streamName?: string;
  readonly streamArn?: string;
  /** A csv, jsonl or ndjson file, optionally .gz. */
  readonly file: string;
  /** The records' dataset; default: the path's `dataset=<d>` segment (UsageError when neither says). */
  readonly dataset?: string;
  /** Partition time zone per dataset (config `partitionTimeZones`); a dataset not listed is UTC. */
  readonly timeZones: Readonly<Partial<Record<Dataset, string>>>;
  /** Counters after each request, and the file bytes read so far (compressed bytes for .gz). */
  readonly onProgress?: (progress: Parameters<NonNullable<ProducerOptions["onProgress"]>>[0] & { readonly fileBytesRead: number }) => void;
}

export interface ProduceFileSummary extends ProduceSummary {
  readonly dataset: Dataset;
  readonly timeZone: string;
}

/**
 * Streams a market data file onto a Kinesis stream (what `npm run produce` does, callable
 * in-process, e.g. from the end-to-end run): each record one JSON event with `dataset` and
 * `trading_date`, partition key its symbol. Throws UsageError for a file name or dataset it cannot
 * use; everything AWS answers ends up in the summary.
 */
export async function produceFile(options: ProduceFileOptions): Promise<ProduceFileSummary> {
  const { file, dataset, timeZones, streamName, streamArn, onProgress, ...rest } = options;
  const input = describeInputFile(file, dataset);
  if (!streamName === !streamArn) throw new Error("produceFile: give exactly one of streamName and streamArn");
  const timeZone = timeZones[input.dataset] ?? "UTC";
  let fileBytesRead = 0;
  const records = readRecords(input, { onFileBytes: (bytes) => (fileBytesRead = bytes) });
  const summary = await produceRecords(records, {
    ...rest,
    stream: streamArn ? { streamArn } : { streamName: streamName! },
    dataset: input.dataset,
    timeZone,
    ...(onProgress ? { onProgress: (p) => onProgress({ ...p, fileBytesRead }) } : {}),
  });
  return { ...summary, dataset: input.dataset, timeZone };
}
