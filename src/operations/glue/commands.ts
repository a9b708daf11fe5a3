import type { GlueClient } from "@aws-sdk/client-glue";
import type { EtlNames } from "../../stacks/etl-names";
import { backfillArguments, type BackfillRange } from "./backfill";
import { etlJobs, selectJobs, UsageError, type EtlJobRef } from "./jobs";
import { startJobRun, startWorkflowRun } from "./start";
import { waitForJobRun, waitForWorkflowRun, type RunOutcome, type WaitOptions } from "./wait";

export interface StartedRun {
  readonly kind: "job" | "workflow";
  readonly name: string;
  readonly runId: string;
  /** The run arguments set for this run (none: the job's defaults, as a scheduled run). */
  readonly arguments?: Readonly<Record<string, string>>;
}

export interface CommandOptions extends WaitOptions {
  /** `--job`: raw-to-processed, processed-to-curated or all; none means the workflow (run) or all (backfill). */
  readonly job?: string;
  /** false: return once the run is started (only where one run is started). @default true */
  readonly wait?: boolean;
  readonly onStarted?: (run: StartedRun) => void;
  /** Called as each run waited for ends, before the next one starts. */
  readonly onEnded?: (outcome: RunOutcome) => void;
}

export interface CommandResult {
  readonly started: readonly StartedRun[];
  /** Runs waited for, in order; empty with `wait: false`. */
  readonly outcomes: readonly RunOutcome[];
  /** Jobs not started because an earlier one did not succeed. */
  readonly notStarted: readonly string[];
  /** Every run started was waited for and succeeded (true too for a run started without waiting). */
  readonly succeeded: boolean;
}

function refuseNoWaitFor(jobs: readonly EtlJobRef[], wait: boolean): void {
  if (!wait && jobs.length > 1) {
    throw new UsageError("--no-wait: allowed only where one run is started (run without --job, or --job raw-to-processed|processed-to-curated): with --job all the second job starts only once the first succeeded");
  }
}

/** Starts the jobs one after the other, each once the one before succeeded; stops at the first that does not. */
async function runInOrder(glue: GlueClient, jobs: readonly EtlJobRef[], argumentsOf: (job: EtlJobRef) => Record<string, string> | undefined, options: CommandOptions): Promise<CommandResult> {
  const wait = options.wait ?? true;
  refuseNoWaitFor(jobs, wait);
  const started: StartedRun[] = [];
  const outcomes: RunOutcome[] = [];
  for (const [i, job] of jobs.entries()) {
    const args = argumentsOf(job);
    const run: StartedRun = { kind: "job", name: job.name, runId: await startJobRun(glue, job.name, args), ...(args ? { arguments: args } : {}) };
    started.push(run);
    options.onStarted?.(run);
    if (!wait) break;
    const outcome = await waitForJobRun(glue, job.name, run.runId, options);
    outcomes.push(outcome);
    options.onEnded?.(outcome);
    if (!outcome.succeeded) return { started, outcomes, notStarted: jobs.slice(i + 1).map((j) => j.name), succeeded: false };
  }
  return { started, outcomes, notStarted: [], succeeded: true };
}

/**
 * `run`: without `job`, a run of the ETL workflow, so both jobs run in order as the schedule runs
 * them; with `job`, that job (or both in order, "all") started directly as an incremental run
 * with the job's default arguments.
 */
export async function runEtl(glue: GlueClient, names: EtlNames, options: CommandOptions = {}): Promise<CommandResult> {
  if (options.job !== undefined) return runInOrder(glue, selectJobs(names, options.job), () => undefined, options);
  const run: StartedRun = { kind: "workflow", name: names.workflow, runId: await startWorkflowRun(glue, names.workflow) };
  options.onStarted?.(run);
  if (options.wait === false) return { started: [run], outcomes: [], notStarted: [], succeeded: true };
  const outcome = await waitForWorkflowRun(glue, names.workflow, run.runId, etlJobs(names).map((j) => j.name), options);
  options.onEnded?.(outcome);
  return { started: [run], outcomes: [outcome], notStarted: [], succeeded: outcome.succeeded };
}

/**
 * `backfill`: raw-to-processed rebuilds the range's partitions of the datasets, then (once it
 * succeeded) processed-to-curated rebuilds its outputs for the same dates; `job` runs only one.
 * Both run in backfill mode with the bookmark paused (see backfillArguments).
 */
export async function backfillEtl(glue: GlueClient, names: EtlNames, range: BackfillRange, options: CommandOptions = {}): Promise<CommandResult> {
  return runInOrder(glue, selectJobs(names, options.job ?? "all"), (job) => backfillArguments(job.key, range), options);
}
