import { GetJobRunsCommand, GetWorkflowCommand, type GlueClient, type JobRun, type WorkflowRun } from "@aws-sdk/client-glue";
import type { EtlNames } from "../../stacks/etl-names";
import { call } from "../preflight/check";
import { formatDuration, formatTime, oneLine, secondsBetween } from "./format";
import { etlJobs, type EtlJobRef } from "./jobs";
import { unsuccessfulActions } from "./states";

/** GetJobRuns' largest page (MaxResults 1-200, https://docs.aws.amazon.com/glue/latest/webapi/API_GetJobRuns.html). */
export const JOB_RUNS_PAGE = 200;

/**
 * The newest `count` runs of a job, newest first. GetJobRuns is documented to return "the newest
 * jobs returned first", so one page holds them; they are sorted here anyway because the local
 * server (moto 5.2.1) returns the oldest first.
 */
export async function newestJobRuns(glue: GlueClient, jobName: string, count = JOB_RUNS_PAGE): Promise<JobRun[]> {
  const { JobRuns } = await call("glue:GetJobRuns", glue.send(new GetJobRunsCommand({ JobName: jobName, MaxResults: JOB_RUNS_PAGE })));
  return [...(JobRuns ?? [])].sort((a, b) => (b.StartedOn?.getTime() ?? 0) - (a.StartedOn?.getTime() ?? 0)).slice(0, count);
}

export interface JobStatus {
  readonly job: EtlJobRef;
  readonly runs: readonly JobRun[];
  /** Why the runs could not be read (the job is not deployed, access denied...). */
  readonly error?: string;
}

export interface WorkflowStatus {
  readonly name: string;
  readonly lastRun?: WorkflowRun;
  readonly error?: string;
}

export interface GlueStatus {
  readonly jobs: readonly JobStatus[];
  readonly workflow: WorkflowStatus;
  /** When it was read (durations of runs still going count to here). */
  readonly readAt: number;
}

/**
 * The last `runs` runs of both ETL jobs (GetJobRuns) and the workflow's last run (GetWorkflow's
 * LastRun, https://docs.aws.amazon.com/glue/latest/webapi/API_Workflow.html). A read that fails is
 * kept as that part's `error`, so one missing job does not hide the rest.
 */
export async function readGlueStatus(glue: GlueClient, names: EtlNames, options: { runs?: number; now?: () => number } = {}): Promise<GlueStatus> {
  const jobs = await Promise.all(
    etlJobs(names).map(async (job): Promise<JobStatus> => {
      try {
        return { job, runs: await newestJobRuns(glue, job.name, options.runs ?? 5) };
      } catch (error) {
        return { job, runs: [], error: (error as Error).message };
      }
    }),
  );
  let workflow: WorkflowStatus;
  try {
    const { Workflow } = await call("glue:GetWorkflow", glue.send(new GetWorkflowCommand({ Name: names.workflow, IncludeGraph: false })));
    workflow = { name: names.workflow, lastRun: Workflow?.LastRun };
  } catch (error) {
    workflow = { name: names.workflow, error: (error as Error).message };
  }
  return { jobs, workflow, readAt: (options.now ?? Date.now)() };
}

export const hasReadErrors = (status: GlueStatus): boolean => status.jobs.some((j) => j.error !== undefined) || status.workflow.error !== undefined;

export const JOB_RUN_COLUMNS = ["job", "run id", "state", "started (UTC)", "duration", "execution", "DPU-s", "class", "error"] as const;
export const WORKFLOW_RUN_COLUMNS = ["workflow", "run id", "status", "started (UTC)", "duration", "jobs", "error"] as const;

/** Table rows of the job runs, JOB_RUN_COLUMNS: a job without runs, or unreadable, has one row saying so. */
export function jobRunCells(status: GlueStatus): string[][] {
  return status.jobs.flatMap(({ job, runs, error }) => {
    if (error !== undefined) return [[job.purpose, "-", "UNREADABLE", "-", "-", "-", "-", "-", oneLine(error)]];
    if (!runs.length) return [[job.purpose, "-", "no runs", "-", "-", "-", "-", "-", "-"]];
    return runs.map((r) => [
      job.purpose,
      r.Id ?? "-",
      r.JobRunState ?? "-",
      formatTime(r.StartedOn),
      formatDuration(secondsBetween(r.StartedOn, r.CompletedOn, status.readAt)),
      // ExecutionTime: seconds the run consumed resources; DPUSeconds: set for FLEX or auto scaling runs (API_JobRun).
      r.ExecutionTime !== undefined ? formatDuration(r.ExecutionTime) : "-",
      r.DPUSeconds !== undefined ? r.DPUSeconds.toFixed(1) : "-",
      r.ExecutionClass ?? "-",
      oneLine(r.ErrorMessage),
    ]);
  });
}

/** The workflow's last run as one row of WORKFLOW_RUN_COLUMNS. */
export function workflowRunCells(status: GlueStatus, jobCount: number): string[][] {
  const { name, lastRun: run, error } = status.workflow;
  if (error !== undefined) return [[name, "-", "UNREADABLE", "-", "-", "-", oneLine(error)]];
  if (!run) return [[name, "-", "no runs", "-", "-", "-", "-"]];
  const s = run.Statistics;
  const failed = unsuccessfulActions(s);
  const jobs = s ? `${s.SucceededActions ?? 0}/${Math.max(s.TotalActions ?? 0, jobCount)} succeeded${failed ? `, ${failed} not` : ""}${s.RunningActions ? `, ${s.RunningActions} running` : ""}` : "-";
  return [[name, run.WorkflowRunId ?? "-", run.Status ?? "-", formatTime(run.StartedOn), formatDuration(secondsBetween(run.StartedOn, run.CompletedOn, status.readAt)), jobs, oneLine(run.ErrorMessage)]];
}
