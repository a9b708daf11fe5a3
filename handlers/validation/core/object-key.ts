import { ObjectKeyError } from "./errors";
import { DATASETS, Dataset, isDataset } from "./datasets";
import { daysFromCivil, isValidCalendarDate } from "./civil-date";

export type RecordFormat = "csv" | "jsonl";

export interface ObjectKeyInfo {
  readonly dataset: Dataset;
  /** The date partition, `YYYY-MM-DD`; records must fall in this trading day (in the dataset's partition time zone). */
  readonly date: string;
  readonly format: RecordFormat;
  readonly gzip: boolean;
}

/** The object name endings the pipeline reads, with the format and compression each means. */
export const RECORD_FILE_EXTENSIONS: ReadonlyArray<readonly [suffix: string, format: RecordFormat, gzip: boolean]> = [
  [".csv", "csv", false],
  [".csv.gz", "csv", true],
  [".jsonl", "jsonl", false],
  [".jsonl.gz", "jsonl", true],
  [".ndjson", "jsonl", false],
  [".ndjson.gz", "jsonl", true],
];

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads dataset, date partition and format from a Hive-style key such as
 * `raw/dataset=trades/date=2026-11-20/feed-001.csv.gz`. Partition segments may sit under any prefix.
 * The key must already be URL-decoded (S3 event notifications deliver it encoded).
 */
export function parseObjectKey(key: string): ObjectKeyInfo {
  const segments = key.split("/");
  const fileName = segments[segments.length - 1] ?? "";
  const partitions = segments.slice(0, -1);
  const hint = key.includes("%3D") ? " (the key looks URL-encoded; decode it first)" : "";

  const datasetValue = partitionValue(partitions, "dataset");
  if (datasetValue === undefined) {
    throw new ObjectKeyError("missing-dataset-partition", key, `key ${key} has no dataset=<name> segment${hint}`);
  }
  if (!isDataset(datasetValue)) {
    throw new ObjectKeyError(
      "unknown-dataset",
      key,
      `key ${key}: dataset "${datasetValue}" is unknown, allowed values are ${DATASETS.join(", ")}`,
    );
  }

  const date = partitionValue(partitions, "date");
  if (date === undefined) {
    throw new ObjectKeyError("missing-date-partition", key, `key ${key} has no date=YYYY-MM-DD segment${hint}`);
  }
  const match = DATE_PATTERN.exec(date);
  if (!match || !isValidCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new ObjectKeyError("invalid-date", key, `key ${key}: date "${date}" is not a calendar date YYYY-MM-DD`);
  }

  const lowerName = fileName.toLowerCase();
  const extension = RECORD_FILE_EXTENSIONS.find(([suffix]) => lowerName.endsWith(suffix) && lowerName.length > suffix.length);
  if (extension === undefined) {
    const allowed = RECORD_FILE_EXTENSIONS.map(([suffix]) => suffix).join(", ");
    throw new ObjectKeyError("unknown-extension", key, `key ${key}: file name must end with one of ${allowed}`);
  }
  return { dataset: datasetValue, date, format: extension[1], gzip: extension[2] };
}

/** First second (epoch seconds) of the UTC day of a `YYYY-MM-DD` partition. */
export function partitionDayStart(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match || !isValidCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new Error(`date partition "${date}" is not a calendar date YYYY-MM-DD`);
  }
  return daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3])) * 86_400;
}

function partitionValue(segments: readonly string[], name: string): string | undefined {
  const prefix = `${name}=`;
  const segment = segments.find((s) => s.startsWith(prefix));
  return segment?.slice(prefix.length);
}
