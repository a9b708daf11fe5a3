import type { JobRunState, WorkflowRunStatistics, WorkflowRunStatus } from "@aws-sdk/client-glue";

/**
 * Job run states (JobRun.JobRunState, https://docs.aws.amazon.com/glue/latest/webapi/API_JobRun.html;
 * meanings in https://docs.aws.amazon.com/glue/latest/dg/job-run-statuses.html). A run ends in one
 * of these; only SUCCEEDED is a success. FAILED, TIMEOUT and ERROR are the abnormal ends the status
 * page lists, STOPPED a run someone stopped, EXPIRED a queued run that never got its resources.
 */
export const TERMINAL_JOB_STATES: readonly JobRunState[] = ["SUCCEEDED", "FAILED", "TIMEOUT", "STOPPED", "ERROR", "EXPIRED"];

/** Not yet ended: STARTING, RUNNING, STOPPING, and WAITING (for resources, per the status page). */
export const ACTIVE_JOB_STATES: readonly JobRunState[] = ["STARTING", "RUNNING", "STOPPING", "WAITING"];

export const isTerminalJobState = (state: string | undefined): boolean => (TERMINAL_JOB_STATES as readonly string[]).includes(state ?? "");
export const isActiveJobState = (state: string | undefined): boolean => (ACTIVE_JOB_STATES as readonly string[]).includes(state ?? "");

/**
 * Workflow run statuses (WorkflowRun.Status, https://docs.aws.amazon.com/glue/latest/webapi/API_WorkflowRun.html):
 * RUNNING | COMPLETED | STOPPING | STOPPED | ERROR. COMPLETED says only that nothing is left to
 * run, not that every job succeeded: the run's Statistics
 * (https://docs.aws.amazon.com/glue/latest/webapi/API_WorkflowRunStatistics.html) count the
 * failed, timed-out, stopped and errored actions.
 */
export const TERMINAL_WORKFLOW_STATUSES: readonly WorkflowRunStatus[] = ["COMPLETED", "STOPPED", "ERROR"];

export const isTerminalWorkflowStatus = (status: string | undefined): boolean => (TERMINAL_WORKFLOW_STATUSES as readonly string[]).includes(status ?? "");

/** Actions of a workflow run that ended without success: failed, timed out, stopped or errored. */
export const unsuccessfulActions = (s: WorkflowRunStatistics | undefined): number =>
  (s?.FailedActions ?? 0) + (s?.TimeoutActions ?? 0) + (s?.StoppedActions ?? 0) + (s?.ErroredActions ?? 0);
