import { basename } from "node:path";
import { DATASETS, isDataset, type Dataset } from "../../../handlers/validation/core/datasets";
import { RECORD_FILE_EXTENSIONS, type RecordFormat } from "../../../handlers/validation/core/object-key";
import { UsageError } from "./usage-error";

export type InputFormat = RecordFormat;

/** What the producer reads from a file: its dataset, record format and compression. */
export interface InputFile {
  readonly path: string;
  readonly dataset: Dataset;
  readonly format: InputFormat;
  readonly gzip: boolean;
}

/** The file names the validation pipeline accepts. */
const EXTENSIONS = RECORD_FILE_EXTENSIONS;

/** The `dataset=<d>` segment of a path (Hive style, as the raw bucket's keys have it), if any. */
export function datasetInPath(path: string): string | undefined {
  const segment = path.split(/[\\/]/).find((s) => s.startsWith("dataset="));
  return segment?.slice("dataset=".length);
}

/**
 * Format and gzip from the file name's extension; the dataset from `dataset` (`--dataset`) or the
 * path's `dataset=<d>` segment. UsageError naming the allowed values when either is missing or
 * unknown, or when both are given and disagree.
 */
export function describeInputFile(path: string, dataset?: string): InputFile {
  const name = basename(path).toLowerCase();
  const extension = EXTENSIONS.find(([suffix]) => name.endsWith(suffix) && name.length > suffix.length);
  if (!extension) throw new UsageError(`--file: ${path}: the name must end with one of ${EXTENSIONS.map(([s]) => s).join(", ")}`);
  const fromPath = datasetInPath(path);
  const chosen = dataset ?? fromPath;
  if (chosen === undefined) throw new UsageError(`--dataset: required, as the path ${path} has no dataset=<d> segment; allowed values are ${DATASETS.join(", ")}`);
  const source = dataset !== undefined ? "--dataset" : `the path's dataset= segment`;
  if (!isDataset(chosen)) throw new UsageError(`${source}: got ${JSON.stringify(chosen)}, allowed values are ${DATASETS.join(", ")}`);
  if (dataset !== undefined && fromPath !== undefined && fromPath !== dataset) {
    throw new UsageError(`--dataset ${dataset} disagrees with the path's dataset=${fromPath} segment; leave --dataset out or fix the path`);
  }
  return { path, dataset: chosen, format: extension[1], gzip: extension[2] };
}
