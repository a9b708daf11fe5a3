import { GetJobRunsCommand, GetWorkflowRunsCommand, StartWorkflowRunCommand, type GlueClient, type JobRun, type WorkflowRun } from "@aws-sdk/client-glue";
import { ApiCallError } from "../../../src/operations/preflight/check";
import { outcomeLine, waitForJobRun, waitForWorkflowRun, type RunProgress } from "../../../src/operations/glue";
import { awsError, awsJobRun, awsWorkflowRun, createEtlResources, etlWithRun, freshNames, stubClient, useLocalGlue } from "./glue-fixture";

const JOB = "mdl-dev-use1-raw-to-processed";
const JOBS = ["mdl-dev-use1-raw-to-processed", "mdl-dev-use1-processed-to-curated"];

/** A Glue whose GetJobRun / GetWorkflowRun answer `answers` in turn (the last one repeated), recording each input. */
function sequenceGlue(command: "GetJobRunCommand" | "GetWorkflowRunCommand", answers: Array<JobRun | WorkflowRun | Error>, inputs: any[] = []): GlueClient {
  let i = 0;
  return stubClient<GlueClient>({
    [command]: (input: unknown) => {
      inputs.push(input);
      const answer = answers[Math.min(i++, answers.length - 1)];
      if (answer instanceof Error) return answer;
      return command === "GetJobRunCommand" ? { JobRun: answer } : { Run: answer };
    },
  });
}

const noSleep = { sleep: async () => undefined, now: () => new Date("2026-01-05T14:40:00Z").getTime() };

describe("waitForJobRun", () => {
  it("polls through STARTING and RUNNING until SUCCEEDED, reporting the share of the run's timeout used", async () => {
    // Prepare
    const slept: number[] = [];
    const progress: RunProgress[] = [];
    const glue = sequenceGlue("GetJobRunCommand", [awsJobRun({ JobRunState: "STARTING" }), awsJobRun({ JobRunState: "RUNNING" }), awsJobRun({ JobRunState: "SUCCEEDED" })]);
    // Act
    const outcome = await waitForJobRun(glue, JOB, "jr_1", { pollIntervalMs: 5000, sleep: async (ms) => void slept.push(ms), now: noSleep.now, onProgress: (p) => progress.push(p) });
    // Assess
    expect(progress.map((p) => p.state)).toEqual(["STARTING", "RUNNING", "SUCCEEDED"]);
    expect(slept).toEqual([5000, 5000]);
    // 10 minutes into a 120-minute timeout while running; 754 s when it completed.
    expect(progress[1]).toMatchObject({ kind: "job", elapsedSeconds: 600, done: 600, total: 7200 });
    expect(progress[2]).toMatchObject({ elapsedSeconds: 754, done: 754 });
    expect(outcome).toEqual({ kind: "job", name: JOB, runId: "jr_1", state: "SUCCEEDED", succeeded: true, durationSeconds: 754, errors: [] });
    expect(outcomeLine(outcome)).toBe(`${JOB} jr_1: SUCCEEDED after 12m 34s`);
  });

  it.each(["FAILED", "TIMEOUT", "STOPPED", "ERROR", "EXPIRED"] as const)("ends unsuccessfully on %s with Glue's error message", async (state) => {
    // Prepare
    const glue = sequenceGlue("GetJobRunCommand", [awsJobRun({ JobRunState: "RUNNING" }), awsJobRun({ JobRunState: state, ErrorMessage: `An error occurred while calling o102.pyWriteDynamicFrame.\n  (${state})` })]);
    // Act
    const outcome = await waitForJobRun(glue, JOB, "jr_2", noSleep);
    // Assess
    expect(outcome.succeeded).toBe(false);
    expect(outcome.state).toBe(state);
    expect(outcome.errors).toEqual([`${JOB} jr_2: ${state}: An error occurred while calling o102.pyWriteDynamicFrame. (${state})`]);
  });

  it("says Glue gave no message for a FAILED run without one, and reports no timeout share for a run without Timeout", async () => {
    // Prepare
    const progress: RunProgress[] = [];
    const glue = sequenceGlue("GetJobRunCommand", [awsJobRun({ JobRunState: "FAILED", Timeout: undefined })]);
    // Act
    const outcome = await waitForJobRun(glue, JOB, "jr_3", { ...noSleep, onProgress: (p) => progress.push(p) });
    // Assess
    expect(outcome.errors).toEqual([`${JOB} jr_3: FAILED: Glue gave no error message`]);
    expect(progress[0]).toMatchObject({ done: 0, total: 0 });
  });

  it("fails naming the IAM action when GetJobRun is refused", async () => {
    // Prepare
    const glue = sequenceGlue("GetJobRunCommand", [awsError("AccessDeniedException", 400, "User is not authorized to perform: glue:GetJobRun")]);
    // Act
    const waiting = waitForJobRun(glue, JOB, "jr_4", noSleep);
    // Assess
    await expect(waiting).rejects.toThrow(ApiCallError);
    await expect(waiting).rejects.toThrow("glue:GetJobRun failed: AccessDeniedException (HTTP 400)");
  });
});

describe("waitForWorkflowRun", () => {
  const graph = (states: Record<string, { state: string; error?: string } | undefined>): WorkflowRun["Graph"] => ({
    Nodes: [
      { Type: "TRIGGER", Name: "mdl-dev-use1-etl-schedule", UniqueId: "t1" },
      ...JOBS.map((name, i) => ({
        Type: "JOB" as const,
        Name: name,
        UniqueId: `j${i}`,
        JobDetails: { JobRuns: states[name] ? [awsJobRun({ JobName: name, Id: `jr_${i}`, JobRunState: states[name]!.state as JobRun["JobRunState"], ErrorMessage: states[name]!.error })] : [] },
      })),
    ],
  });

  it("polls until COMPLETED, counting the jobs done, and succeeds when the graph shows both jobs SUCCEEDED", async () => {
    // Prepare
    const inputs: any[] = [];
    const progress: RunProgress[] = [];
    const running = (succeeded: number) => awsWorkflowRun({ Status: "RUNNING", Statistics: { TotalActions: succeeded + 1, SucceededActions: succeeded, RunningActions: 1 } });
    const glue = sequenceGlue(
      "GetWorkflowRunCommand",
      [running(0), running(1), awsWorkflowRun({ Status: "COMPLETED" }), awsWorkflowRun({ Status: "COMPLETED", Graph: graph({ [JOBS[0]]: { state: "SUCCEEDED" }, [JOBS[1]]: { state: "SUCCEEDED" } }) })],
      inputs,
    );
    // Act
    const outcome = await waitForWorkflowRun(glue, "mdl-dev-use1-etl", "wr_1", JOBS, { ...noSleep, onProgress: (p) => progress.push(p) });
    // Assess
    expect(progress.map((p) => [p.state, p.done, p.total])).toEqual([["RUNNING", 0, 2], ["RUNNING", 1, 2], ["COMPLETED", 2, 2]]);
    expect(inputs.map((i) => i.IncludeGraph)).toEqual([false, false, false, true]);
    expect(outcome).toMatchObject({ kind: "workflow", state: "COMPLETED", succeeded: true, errors: [], detail: "2 of 2 jobs succeeded", durationSeconds: 1500 });
    expect(outcomeLine(outcome)).toBe("mdl-dev-use1-etl wr_1: COMPLETED after 25m 00s, 2 of 2 jobs succeeded");
  });

  it("fails a COMPLETED run whose first job FAILED, with its message, and names the job that never ran", async () => {
    // Prepare
    const failed = awsWorkflowRun({ Status: "COMPLETED", Statistics: { TotalActions: 1, FailedActions: 1, SucceededActions: 0 } });
    const glue = sequenceGlue("GetWorkflowRunCommand", [failed, { ...failed, Graph: graph({ [JOBS[0]]: { state: "FAILED", error: "AnalysisException: Path does not exist" } }) }]);
    // Act
    const outcome = await waitForWorkflowRun(glue, "mdl-dev-use1-etl", "wr_2", JOBS, noSleep);
    // Assess
    expect(outcome.succeeded).toBe(false);
    expect(outcome.detail).toBe("0 of 2 jobs succeeded");
    expect(outcome.errors).toEqual([`${JOBS[0]} jr_0: FAILED: AnalysisException: Path does not exist`, `${JOBS[1]}: did not run in this workflow run`]);
  });

  it.each([
    ["failed actions", { TotalActions: 2, SucceededActions: 1, TimeoutActions: 1 }, "1 job run(s) did not succeed (failed 0, timed out 1, stopped 0, errored 0)"],
    ["too few successes", { TotalActions: 1, SucceededActions: 1 }, "only 1 of 2 jobs succeeded"],
  ])("without a graph, fails a COMPLETED run from its Statistics (%s)", async (_, statistics, message) => {
    // Prepare
    const glue = sequenceGlue("GetWorkflowRunCommand", [awsWorkflowRun({ Status: "COMPLETED", Statistics: statistics })]);
    // Act
    const outcome = await waitForWorkflowRun(glue, "mdl-dev-use1-etl", "wr_3", JOBS, noSleep);
    // Assess
    expect(outcome.succeeded).toBe(false);
    expect(outcome.errors).toEqual([message]);
  });

  it("fails a run that ended in ERROR with the workflow's own message", async () => {
    // Prepare
    const glue = sequenceGlue("GetWorkflowRunCommand", [awsWorkflowRun({ Status: "ERROR", ErrorMessage: "Concurrent runs exceeded for workflow: mdl-dev-use1-etl.", Statistics: { TotalActions: 0 } })]);
    // Act
    const outcome = await waitForWorkflowRun(glue, "mdl-dev-use1-etl", "wr_4", JOBS, noSleep);
    // Assess
    expect(outcome).toMatchObject({ state: "ERROR", succeeded: false });
    expect(outcome.errors[0]).toBe("workflow run ERROR: Concurrent runs exceeded for workflow: mdl-dev-use1-etl.");
  });
});

describe("waiting on the local server (moto 5.2.1)", () => {
  const server = useLocalGlue();

  it("follows a real job run through STARTING and RUNNING to SUCCEEDED when moto advances runs over time", async () => {
    // Prepare: moto's state manager moves a job run one state on a read a second after the last move.
    const { names, runId: JobRunId } = await etlWithRun(server, { progression: "time", seconds: 1 });
    const states: string[] = [];
    // Act
    const outcome = await waitForJobRun(server.glue(), names.jobs.rawToProcessed, JobRunId!, { pollIntervalMs: 250, onProgress: (p) => states.push(p.state) });
    // Assess
    expect([...new Set(states)]).toEqual(["STARTING", "RUNNING", "SUCCEEDED"]);
    expect(states.length).toBeGreaterThan(3);
    expect(outcome).toMatchObject({ state: "SUCCEEDED", succeeded: true, errors: [] });
  });

  it("gap: a workflow run on moto stays RUNNING and starts no job, so only a stub can end one", async () => {
    // Prepare
    const names = freshNames();
    await createEtlResources(server.glue(), names);
    const { RunId } = await server.glue().send(new StartWorkflowRunCommand({ Name: names.workflow }));
    let polls = 0;
    const giveUp = new Error("gave up waiting");
    // Act
    const waiting = waitForWorkflowRun(server.glue(), names.workflow, RunId!, JOBS, {
      pollIntervalMs: 10,
      sleep: async () => {
        if (++polls === 5) throw giveUp;
      },
    });
    // Assess
    await expect(waiting).rejects.toBe(giveUp);
    const { Runs } = await server.glue().send(new GetWorkflowRunsCommand({ Name: names.workflow }));
    expect(Runs?.map((r) => [r.WorkflowRunId, r.Status, r.Statistics])).toEqual([[RunId, "RUNNING", undefined]]);
    expect((await server.glue().send(new GetJobRunsCommand({ JobName: names.jobs.rawToProcessed }))).JobRuns).toEqual([]);
  });
});
