import { LAKE_DATASETS, type LakeDataset } from "../../config";
import type { EtlJob } from "../../stacks/etl-names";
import { UsageError } from "./jobs";

/**
 * Longest backfill in days, both ends included: the jobs refuse more
 * (MAX_BACKFILL_DAYS in glue-scripts/lib/market_lake/job_options.py), so the command refuses it
 * before it starts a run that would fail.
 */
export const MAX_BACKFILL_DAYS = 366;

/**
 * The run arguments the command sets. `--mode`, `--datasets`, `--from_date` and `--to_date` are the
 * jobs' own (parsed by glue-scripts/lib/market_lake/job_options.py); `--job-bookmark-option` is
 * Glue's (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html).
 */
export const RUN_ARGUMENTS = {
  mode: "--mode",
  datasets: "--datasets",
  fromDate: "--from_date",
  toDate: "--to_date",
  bookmarkOption: "--job-bookmark-option",
} as const;

/**
 * A backfill must leave the job bookmark where the scheduled runs left it. Of Glue's options,
 * `job-bookmark-pause` is the one documented to run "without updating the state of the last
 * bookmark" ("The job bookmark state is not updated when this option set is specified"), while
 * `job-bookmark-disable` is documented only as "Always process the entire dataset", silent on the
 * state (same page as RUN_ARGUMENTS; also https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html).
 * Pause also limits bookmarked reads to data since the last bookmark, which does not narrow a
 * backfill here: in backfill mode the scripts list the range's partitions themselves and read no
 * bookmarked source (glue-scripts/lib/market_lake/glue_job.py reads one only in incremental mode).
 */
export const BACKFILL_BOOKMARK_OPTION = "job-bookmark-pause";

export interface BackfillRange {
  readonly datasets: readonly LakeDataset[];
  /** Trading dates, YYYY-MM-DD, both included. */
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of a real calendar date written YYYY-MM-DD, else undefined. */
function calendarDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? ms : undefined;
}

/** The range the command-line flags describe; throws UsageError naming the flag and what it allows. */
export function parseBackfillRange(input: { dataset?: string; from?: string; to?: string }): BackfillRange {
  if (input.dataset === undefined) throw new UsageError(`--dataset: required for backfill; allowed values are ${LAKE_DATASETS.join(", ")} (or a comma-separated list of them)`);
  const items = input.dataset.split(",").map((d) => d.trim()).filter(Boolean);
  if (!items.length || items.some((d) => !(LAKE_DATASETS as readonly string[]).includes(d)) || new Set(items).size !== items.length) {
    throw new UsageError(`--dataset: got ${JSON.stringify(input.dataset)}, allowed values are ${LAKE_DATASETS.join(", ")} (or a comma-separated list of distinct ones)`);
  }
  const day = (flag: "--from" | "--to", text: string | undefined): number => {
    if (text === undefined) throw new UsageError(`${flag}: required for backfill; allowed values are calendar dates as YYYY-MM-DD`);
    const ms = calendarDay(text);
    if (ms === undefined) throw new UsageError(`${flag}: got ${JSON.stringify(text)}, allowed values are calendar dates as YYYY-MM-DD`);
    return ms;
  };
  const from = day("--from", input.from);
  const to = day("--to", input.to);
  if (to < from) throw new UsageError(`--to: got ${JSON.stringify(input.to)}, allowed values are dates on or after --from ${input.from}`);
  if ((to - from) / DAY_MS + 1 > MAX_BACKFILL_DAYS) {
    throw new UsageError(`--to: got ${JSON.stringify(input.to)}, allowed values are at most ${MAX_BACKFILL_DAYS} days from --from ${input.from} (both included), the jobs' limit`);
  }
  return { datasets: LAKE_DATASETS.filter((d) => items.includes(d)), from: input.from!, to: input.to! };
}

/**
 * StartJobRun Arguments for one job's part of a backfill. Only raw-to-processed takes `--datasets`;
 * processed-to-curated rebuilds its outputs for the range from whatever processed holds.
 */
export function backfillArguments(job: EtlJob, range: BackfillRange): Record<string, string> {
  return {
    [RUN_ARGUMENTS.mode]: "backfill",
    ...(job === "rawToProcessed" ? { [RUN_ARGUMENTS.datasets]: range.datasets.join(",") } : {}),
    [RUN_ARGUMENTS.fromDate]: range.from,
    [RUN_ARGUMENTS.toDate]: range.to,
    [RUN_ARGUMENTS.bookmarkOption]: BACKFILL_BOOKMARK_OPTION,
  };
}
