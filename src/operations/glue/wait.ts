import { GetJobRunCommand, GetWorkflowRunCommand, type GlueClient, type JobRun, type WorkflowRun } from "@aws-sdk/client-glue";
import { call } from "../preflight/check";
import { formatDuration, oneLine, secondsBetween } from "./format";
import { isTerminalJobState, isTerminalWorkflowStatus, unsuccessfulActions } from "./states";

/** Where a run stands at one poll: what the progress display draws. */
export interface RunProgress {
  readonly kind: "job" | "workflow";
  readonly name: string;
  readonly runId: string;
  readonly state: string;
  readonly elapsedSeconds: number;
  /**
   * The bar: for a job run, seconds of its timeout used (`total` 0 when the run reports no
   * Timeout); for a workflow run, jobs finished of the jobs it runs.
   */
  readonly done: number;
  readonly total: number;
}

export interface WaitOptions {
  /** Milliseconds between polls. @default 30000 (Glue bills Spark runs by the second with a 1-minute minimum) */
  readonly pollIntervalMs?: number;
  readonly onProgress?: (progress: RunProgress) => void;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
}

/** How a run ended. */
export interface RunOutcome {
  readonly kind: "job" | "workflow";
  readonly name: string;
  readonly runId: string;
  readonly state: string;
  readonly succeeded: boolean;
  readonly durationSeconds?: number;
  /** For a workflow run: "2 of 2 jobs succeeded". */
  readonly detail?: string;
  /** Why it did not succeed, a line per failed job or run; empty when it succeeded. */
  readonly errors: readonly string[];
}

const errorText = (message: string | undefined) => (message ? oneLine(message, 400) : "Glue gave no error message");

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function poll<T>(options: WaitOptions, read: () => Promise<T>, ended: (value: T) => boolean, progress: (value: T) => RunProgress): Promise<T> {
  for (;;) {
    const value = await read();
    options.onProgress?.(progress(value));
    if (ended(value)) return value;
    await (options.sleep ?? sleepFor)(options.pollIntervalMs ?? 30_000);
  }
}

/** Polls GetJobRun (https://docs.aws.amazon.com/glue/latest/webapi/API_GetJobRun.html) until the run ends. */
export async function waitForJobRun(glue: GlueClient, jobName: string, runId: string, options: WaitOptions = {}): Promise<RunOutcome> {
  const now = options.now ?? Date.now;
  const run = await poll(
    options,
    async () => (await call("glue:GetJobRun", glue.send(new GetJobRunCommand({ JobName: jobName, RunId: runId })))).JobRun ?? {},
    (r: JobRun) => isTerminalJobState(r.JobRunState),
    (r: JobRun) => {
      const elapsed = secondsBetween(r.StartedOn, r.CompletedOn, now()) ?? 0;
      // JobRun.Timeout is in minutes.
      const total = r.Timeout ? r.Timeout * 60 : 0;
      return { kind: "job", name: jobName, runId, state: r.JobRunState ?? "UNKNOWN", elapsedSeconds: elapsed, done: total ? Math.min(elapsed, total) : 0, total };
    },
  );
  const state = run.JobRunState!;
  const succeeded = state === "SUCCEEDED";
  return {
    kind: "job",
    name: jobName,
    runId,
    state,
    succeeded,
    durationSeconds: secondsBetween(run.StartedOn, run.CompletedOn, now()),
    errors: succeeded ? [] : [`${jobName} ${runId}: ${state}: ${errorText(run.ErrorMessage)}`],
  };
}

/** The last attempt of each job in the run's graph (Node.JobDetails.JobRuns, https://docs.aws.amazon.com/glue/latest/webapi/API_Node.html). */
function jobRunsInGraph(run: WorkflowRun): Map<string, JobRun> | undefined {
  const nodes = run.Graph?.Nodes;
  if (!nodes) return undefined;
  const last = new Map<string, JobRun>();
  for (const node of nodes) {
    if (node.Type !== "JOB" || !node.Name) continue;
    const runs = [...(node.JobDetails?.JobRuns ?? [])].sort((a, b) => (a.Attempt ?? 0) - (b.Attempt ?? 0) || (a.StartedOn?.getTime() ?? 0) - (b.StartedOn?.getTime() ?? 0));
    if (runs.length) last.set(node.Name, runs[runs.length - 1]);
  }
  return last;
}

/**
 * Why a workflow run that ended did not succeed: every job of `jobNames` must have a SUCCEEDED run.
 * Job-level messages come from the run's graph; without one, from its Statistics.
 */
function workflowErrors(run: WorkflowRun, jobNames: readonly string[]): string[] {
  const errors: string[] = [];
  if (run.Status !== "COMPLETED") errors.push(`workflow run ${run.Status}${run.ErrorMessage ? `: ${oneLine(run.ErrorMessage, 400)}` : ""}`);
  const graph = jobRunsInGraph(run);
  if (graph) {
    for (const name of jobNames) {
      const jobRun = graph.get(name);
      if (!jobRun) errors.push(`${name}: did not run in this workflow run`);
      else if (jobRun.JobRunState !== "SUCCEEDED") errors.push(`${name} ${jobRun.Id ?? "(no run id)"}: ${jobRun.JobRunState}: ${errorText(jobRun.ErrorMessage)}`);
    }
    return errors;
  }
  const stats = run.Statistics;
  if (unsuccessfulActions(stats) > 0) {
    errors.push(`${unsuccessfulActions(stats)} job run(s) did not succeed (failed ${stats?.FailedActions ?? 0}, timed out ${stats?.TimeoutActions ?? 0}, stopped ${stats?.StoppedActions ?? 0}, errored ${stats?.ErroredActions ?? 0})`);
  } else if (run.Status === "COMPLETED" && (stats?.SucceededActions ?? 0) < jobNames.length) {
    errors.push(`only ${stats?.SucceededActions ?? 0} of ${jobNames.length} jobs succeeded`);
  }
  return errors;
}

/**
 * Polls GetWorkflowRun (https://docs.aws.amazon.com/glue/latest/webapi/API_GetWorkflowRun.html)
 * until the run ends, then reads it once more with its graph for the jobs' own error messages.
 * Success means the run COMPLETED and every job of `jobNames` (in workflow order) SUCCEEDED.
 */
export async function waitForWorkflowRun(glue: GlueClient, workflowName: string, runId: string, jobNames: readonly string[], options: WaitOptions = {}): Promise<RunOutcome> {
  const now = options.now ?? Date.now;
  const read = async (includeGraph: boolean) =>
    (await call("glue:GetWorkflowRun", glue.send(new GetWorkflowRunCommand({ Name: workflowName, RunId: runId, IncludeGraph: includeGraph })))).Run ?? {};
  const ended = await poll(
    options,
    () => read(false),
    (r: WorkflowRun) => isTerminalWorkflowStatus(r.Status),
    (r: WorkflowRun) => ({
      kind: "workflow",
      name: workflowName,
      runId,
      state: r.Status ?? "UNKNOWN",
      elapsedSeconds: secondsBetween(r.StartedOn, r.CompletedOn, now()) ?? 0,
      done: Math.min((r.Statistics?.SucceededActions ?? 0) + unsuccessfulActions(r.Statistics), Math.max(r.Statistics?.TotalActions ?? 0, jobNames.length)),
      total: Math.max(r.Statistics?.TotalActions ?? 0, jobNames.length),
    }),
  );
  const run = { ...ended, ...(await read(true)) };
  const errors = workflowErrors(run, jobNames);
  const graph = jobRunsInGraph(run);
  const succeededJobs = graph ? jobNames.filter((n) => graph.get(n)?.JobRunState === "SUCCEEDED").length : (run.Statistics?.SucceededActions ?? 0);
  return {
    kind: "workflow",
    name: workflowName,
    runId,
    state: run.Status!,
    succeeded: errors.length === 0,
    durationSeconds: secondsBetween(run.StartedOn, run.CompletedOn, now()),
    detail: `${succeededJobs} of ${jobNames.length} jobs succeeded`,
    errors,
  };
}

/** The line the CLI prints for a run that ended. */
export function outcomeLine(outcome: RunOutcome): string {
  return `${outcome.name} ${outcome.runId}: ${outcome.state} after ${formatDuration(outcome.durationSeconds)}${outcome.detail ? `, ${outcome.detail}` : ""}`;
}
