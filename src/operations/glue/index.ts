export { backfillArguments, parseBackfillRange, BACKFILL_BOOKMARK_OPTION, MAX_BACKFILL_DAYS, RUN_ARGUMENTS, type BackfillRange } from "./backfill";
export { bookmarkResetLines, resetBookmarks, type BookmarkReset } from "./bookmark";
export { formatDuration, formatTime } from "./format";
export { etlJobs, selectJobs, JOB_CHOICES, UsageError, type EtlJobRef } from "./jobs";
export { RunRefused, startJobRun, startWorkflowRun } from "./start";
export { ACTIVE_JOB_STATES, TERMINAL_JOB_STATES, TERMINAL_WORKFLOW_STATUSES } from "./states";
export { hasReadErrors, jobRunCells, newestJobRuns, readGlueStatus, workflowRunCells, JOB_RUN_COLUMNS, WORKFLOW_RUN_COLUMNS, type GlueStatus } from "./status";
export { outcomeLine, waitForJobRun, waitForWorkflowRun, type RunOutcome, type RunProgress, type WaitOptions } from "./wait";
export { backfillEtl, runEtl, type CommandOptions, type CommandResult, type StartedRun } from "./commands";
