import { ResetJobBookmarkCommand, type GlueClient, type JobRun } from "@aws-sdk/client-glue";
import { bookmarkResetLines, etlJobs, resetBookmarks, selectJobs } from "../../../src/operations/glue";
import { ApiCallError } from "../../../src/operations/preflight/check";
import { awsError, awsJobRun, createEtlResources, devNames, etlWithRun, freshNames, stubClient, useLocalGlue } from "./glue-fixture";

const names = devNames();
const [raw, curated] = etlJobs(names);

/** A Glue whose jobs have `runs`, recording the jobs whose bookmark it resets. */
function bookmarkGlue(runs: Record<string, JobRun[]>, reset: string[], answer: unknown = { JobBookmarkEntry: { JobName: "x", Version: 3, Run: 0, Attempt: 0 } }): GlueClient {
  return stubClient<GlueClient>({
    GetJobRunsCommand: (input: { JobName: string }) => ({ JobRuns: runs[input.JobName] ?? [] }),
    ResetJobBookmarkCommand: (input: { JobName: string }) => (reset.push(input.JobName), answer),
  });
}

describe("resetBookmarks (stub: AWS's shapes)", () => {
  it("resets the bookmark of a job whose runs have all ended", async () => {
    // Prepare
    const reset: string[] = [];
    const glue = bookmarkGlue({ [raw.name]: [awsJobRun({ JobRunState: "SUCCEEDED" }), awsJobRun({ JobRunState: "FAILED" })] }, reset);
    // Act
    const result = await resetBookmarks(glue, [raw]);
    // Assess
    expect(reset).toEqual([raw.name]);
    expect(result.status).toBe("reset");
    expect(bookmarkResetLines(result)).toEqual([`Reset the job bookmark of ${raw.name}: its next incremental run reads every object under its source again`]);
  });

  it("refuses while a run is RUNNING, and resets nothing", async () => {
    // Prepare
    const reset: string[] = [];
    const glue = bookmarkGlue({ [raw.name]: [awsJobRun({ Id: "jr_live", JobRunState: "RUNNING" }), awsJobRun({ JobRunState: "SUCCEEDED" })] }, reset);
    // Act
    const result = await resetBookmarks(glue, [raw]);
    // Assess
    expect(reset).toEqual([]);
    expect(result).toEqual({ status: "refused", active: [{ job: raw, runs: [{ runId: "jr_live", state: "RUNNING" }] }] });
    expect(bookmarkResetLines(result)[0]).toMatch(new RegExp(`^Refused: ${raw.name} has a run not yet ended \\(jr_live RUNNING\\); .* No bookmark was reset\\.$`));
  });

  it("with all, refuses both when one job has a run WAITING for resources", async () => {
    // Prepare
    const reset: string[] = [];
    const glue = bookmarkGlue({ [curated.name]: [awsJobRun({ Id: "jr_wait", JobRunState: "WAITING" })] }, reset);
    // Act
    const result = await resetBookmarks(glue, selectJobs(names, "all"));
    // Assess
    expect(reset).toEqual([]);
    expect(result).toEqual({ status: "refused", active: [{ job: curated, runs: [{ runId: "jr_wait", state: "WAITING" }] }] });
  });

  it("with all, resets both, in workflow order", async () => {
    // Prepare
    const reset: string[] = [];
    const glue = bookmarkGlue({}, reset);
    // Act
    const result = await resetBookmarks(glue, selectJobs(names, "all"));
    // Assess
    expect(reset).toEqual([raw.name, curated.name]);
    expect(result.status).toBe("reset");
  });

  it("says there is nothing to reset when the job has no bookmark yet", async () => {
    // Prepare
    const glue = bookmarkGlue({}, [], awsError("EntityNotFoundException", 400, `Continuation for job ${raw.name} not found`));
    // Act
    const result = await resetBookmarks(glue, [raw]);
    // Assess
    expect(bookmarkResetLines(result)).toEqual([`${raw.name} has no job bookmark yet (no run has committed one): nothing to reset`]);
  });

  it("fails naming the action when the reset is refused", async () => {
    // Prepare
    const glue = bookmarkGlue({}, [], awsError("AccessDeniedException", 400, "not authorized to perform: glue:ResetJobBookmark"));
    // Act
    const resetting = resetBookmarks(glue, [raw]);
    // Assess
    await expect(resetting).rejects.toThrow(ApiCallError);
    await expect(resetting).rejects.toThrow("glue:ResetJobBookmark failed: AccessDeniedException (HTTP 400)");
  });
});

describe("resetBookmarks on the local server (moto 5.2.1)", () => {
  const server = useLocalGlue();

  it("refuses while moto holds a run in STARTING", async () => {
    // Prepare: moto's state manager keeps the run STARTING for its first thousand reads.
    const { names, runId: JobRunId } = await etlWithRun(server, { progression: "manual", times: 1000 });
    // Act
    const result = await resetBookmarks(server.glue(), selectJobs(names, "raw-to-processed"));
    // Assess
    expect(result).toEqual({ status: "refused", active: [{ job: selectJobs(names, "raw-to-processed")[0], runs: [{ runId: JobRunId, state: "STARTING" }] }] });
  });

  it("gap: moto does not implement ResetJobBookmark (HTTP 500), so the reset itself is played by a stub or the CLI test's proxy", async () => {
    // Prepare
    const names = freshNames();
    await createEtlResources(server.glue(), names);
    // Act (one after the other: a second promise left pending while the first is awaited would reject unhandled)
    const direct = await server.glue().send(new ResetJobBookmarkCommand({ JobName: names.jobs.rawToProcessed })).catch((error: unknown) => error);
    const viaCommand = await resetBookmarks(server.glue(), selectJobs(names, "raw-to-processed")).catch((error: unknown) => error);
    // Assess
    expect(direct).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(viaCommand).toBeInstanceOf(ApiCallError);
    expect((viaCommand as Error).message).toMatch(/^glue:ResetJobBookmark failed: \w+ \(HTTP 500\)/);
  });
});
