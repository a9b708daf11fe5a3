import { StartJobRunCommand, StartWorkflowRunCommand, type GlueClient } from "@aws-sdk/client-glue";
import { hasReadErrors, jobRunCells, readGlueStatus, workflowRunCells } from "../../../src/operations/glue";
import { awsError, awsJobRun, awsWorkflowRun, createEtlResources, devNames, freshNames, RUN_T0, stubClient, useLocalGlue } from "./glue-fixture";

describe("readGlueStatus on the local server (moto 5.2.1)", () => {
  const server = useLocalGlue();

  it("lists the newest runs of each job first, at most --runs of them, and the workflow's last run", async () => {
    // Prepare: seven runs, a few milliseconds apart; moto returns them oldest first.
    const names = freshNames();
    await createEtlResources(server.glue(), names);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await server.glue().send(new StartJobRunCommand({ JobName: names.jobs.rawToProcessed }))).JobRunId!);
      await new Promise((r) => setTimeout(r, 5));
    }
    const { RunId } = await server.glue().send(new StartWorkflowRunCommand({ Name: names.workflow }));
    // Act
    const status = await readGlueStatus(server.glue(), names, { runs: 5 });
    // Assess
    expect(hasReadErrors(status)).toBe(false);
    const rows = jobRunCells(status);
    expect(rows.filter((r) => r[0] === "raw-to-processed").map((r) => [r[1], r[2]])).toEqual(ids.slice(2).reverse().map((id) => [id, "SUCCEEDED"]));
    expect(rows.filter((r) => r[0] === "processed-to-curated")).toEqual([["processed-to-curated", "-", "no runs", "-", "-", "-", "-", "-", "-"]]);
    expect(workflowRunCells(status, 2)).toEqual([[names.workflow, RunId, "RUNNING", expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), expect.any(String), "-", "-"]]);
  });

  it("shows a job or workflow it cannot read as UNREADABLE with the error, and keeps the rest", async () => {
    // Prepare: only the jobs of another environment exist.
    const names = freshNames();
    await createEtlResources(server.glue(), freshNames());
    // Act
    const status = await readGlueStatus(server.glue(), names);
    // Assess
    expect(hasReadErrors(status)).toBe(true);
    expect(jobRunCells(status).map((r) => [r[0], r[2], r[8]])).toEqual([
      ["raw-to-processed", "UNREADABLE", `glue:GetJobRuns failed: EntityNotFoundException (HTTP 400): Job ${names.jobs.rawToProcessed} not found.`],
      ["processed-to-curated", "UNREADABLE", `glue:GetJobRuns failed: EntityNotFoundException (HTTP 400): Job ${names.jobs.processedToCurated} not found.`],
    ]);
    expect(workflowRunCells(status, 2)[0].slice(0, 3)).toEqual([names.workflow, "-", "UNREADABLE"]);
  });
});

describe("status rows from AWS's response shapes (stub: moto gives no DPUSeconds, ExecutionClass or ErrorMessage)", () => {
  const readAt = new Date(RUN_T0.getTime() + 3_600_000).getTime();

  function statusGlue(jobRuns: Record<string, unknown>, lastRun: unknown): GlueClient {
    return stubClient<GlueClient>({
      GetJobRunsCommand: (input: { JobName: string }) => jobRuns[input.JobName] ?? awsError("EntityNotFoundException", 400, `Job ${input.JobName} not found.`),
      GetWorkflowCommand: { Workflow: { Name: "mdl-dev-use1-etl", LastRun: lastRun } },
    });
  }

  it("shows state, start, duration, execution time, DPU-seconds, class and the error of each run; a running one counts to now", async () => {
    // Prepare
    const names = devNames();
    const glue = statusGlue(
      {
        [names.jobs.rawToProcessed]: {
          JobRuns: [
            awsJobRun({ Id: "jr_new", JobRunState: "RUNNING", StartedOn: new Date(RUN_T0.getTime() + 3_000_000), DPUSeconds: undefined }),
            awsJobRun({ Id: "jr_old", JobRunState: "FAILED", DPUSeconds: 5230.25, ErrorMessage: "An error occurred while calling o89.save.\nAccess Denied" }),
          ],
        },
        [names.jobs.processedToCurated]: { JobRuns: [awsJobRun({ Id: "jr_c", JobName: names.jobs.processedToCurated, JobRunState: "SUCCEEDED", ExecutionClass: "STANDARD", DPUSeconds: 100 })] },
      },
      awsWorkflowRun({ Status: "COMPLETED", Statistics: { TotalActions: 1, SucceededActions: 0, FailedActions: 1 } }),
    );
    // Act
    const status = await readGlueStatus(glue, names, { now: () => readAt });
    // Assess
    expect(jobRunCells(status)).toEqual([
      ["raw-to-processed", "jr_new", "RUNNING", "2026-01-05T15:20:00Z", "10m 00s", "-", "-", "FLEX", "-"],
      ["raw-to-processed", "jr_old", "FAILED", "2026-01-05T14:30:00Z", "12m 34s", "12m 22s", "5230.3", "FLEX", "An error occurred while calling o89.save. Access Denied"],
      ["processed-to-curated", "jr_c", "SUCCEEDED", "2026-01-05T14:30:00Z", "12m 34s", "12m 22s", "100.0", "STANDARD", "-"],
    ]);
    expect(workflowRunCells(status, 2)).toEqual([["mdl-dev-use1-etl", "wr_0123456789abcdef", "COMPLETED", "2026-01-05T14:30:00Z", "25m 00s", "0/2 succeeded, 1 not", "-"]]);
  });

  it("shows an access refusal as UNREADABLE naming the action", async () => {
    // Prepare
    const names = devNames();
    const glue = stubClient<GlueClient>({
      GetJobRunsCommand: awsError("AccessDeniedException", 400, "not authorized to perform: glue:GetJobRuns"),
      GetWorkflowCommand: { Workflow: { Name: names.workflow } },
    });
    // Act
    const status = await readGlueStatus(glue, names);
    // Assess
    expect(hasReadErrors(status)).toBe(true);
    expect(jobRunCells(status)[0][8]).toBe("glue:GetJobRuns failed: AccessDeniedException (HTTP 400): not authorized to perform: glue:GetJobRuns");
    expect(workflowRunCells(status, 2)).toEqual([[names.workflow, "-", "no runs", "-", "-", "-", "-"]]);
  });
});
