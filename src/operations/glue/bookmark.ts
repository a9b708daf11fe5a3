import { ResetJobBookmarkCommand, type GlueClient, type JobBookmarkEntry } from "@aws-sdk/client-glue";
import { call, failedWith } from "../preflight/check";
import type { EtlJobRef } from "./jobs";
import { isActiveJobState } from "./states";
import { newestJobRuns } from "./status";

export interface ActiveRun {
  readonly runId: string;
  readonly state: string;
}

export type BookmarkReset =
  | { readonly status: "refused"; readonly active: ReadonlyArray<{ readonly job: EtlJobRef; readonly runs: readonly ActiveRun[] }> }
  | { readonly status: "reset"; readonly jobs: ReadonlyArray<{ readonly job: EtlJobRef; readonly entry?: JobBookmarkEntry; readonly hadBookmark: boolean }> };

/**
 * Resets the job bookmark of each of `jobs` (ResetJobBookmark,
 * https://docs.aws.amazon.com/glue/latest/webapi/API_ResetJobBookmark.html), so its next
 * incremental run takes every object under its source as new (and rebuilds every partition).
 * Refused, and nothing reset, while any of them has a run that has not ended (STARTING, RUNNING,
 * STOPPING or WAITING): that run reads the bookmark and commits it when it succeeds, so a reset
 * under it would be undone or half applied. The newest page of runs holds any such run (GetJobRuns
 * returns the newest first). A run started between this check and the reset is not seen.
 */
export async function resetBookmarks(glue: GlueClient, jobs: readonly EtlJobRef[]): Promise<BookmarkReset> {
  const active = (
    await Promise.all(
      jobs.map(async (job) => ({
        job,
        runs: (await newestJobRuns(glue, job.name)).filter((r) => isActiveJobState(r.JobRunState)).map((r) => ({ runId: r.Id ?? "(no id)", state: r.JobRunState! })),
      })),
    )
  ).filter((a) => a.runs.length > 0);
  if (active.length) return { status: "refused", active };
  const reset = [];
  for (const job of jobs) {
    try {
      const { JobBookmarkEntry } = await call("glue:ResetJobBookmark", glue.send(new ResetJobBookmarkCommand({ JobName: job.name })));
      reset.push({ job, entry: JobBookmarkEntry, hadBookmark: true });
    } catch (error) {
      // The job exists (GetJobRuns above found it), so the entity ResetJobBookmark did not find is
      // its bookmark, which a job has only once a run has committed one: nothing to reset.
      if (!failedWith(error, "EntityNotFoundException")) throw error;
      reset.push({ job, hadBookmark: false });
    }
  }
  return { status: "reset", jobs: reset };
}

/** What the CLI prints for a reset or a refusal. */
export function bookmarkResetLines(result: BookmarkReset): string[] {
  if (result.status === "refused") {
    return result.active.map(
      ({ job, runs }) =>
        `Refused: ${job.name} has ${runs.length === 1 ? "a run" : `${runs.length} runs`} not yet ended (${runs.map((r) => `${r.runId} ${r.state}`).join(", ")}); ` +
        "reset its bookmark once it has ended (npm run glue -- status shows it). No bookmark was reset.",
    );
  }
  return result.jobs.map(({ job, hadBookmark }) =>
    hadBookmark
      ? `Reset the job bookmark of ${job.name}: its next incremental run reads every object under its source again`
      : `${job.name} has no job bookmark yet (no run has committed one): nothing to reset`,
  );
}
