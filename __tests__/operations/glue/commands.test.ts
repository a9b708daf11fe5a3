import { GetJobRunsCommand, GetWorkflowRunsCommand, type GlueClient, type JobRun } from "@aws-sdk/client-glue";
import { backfillEtl, parseBackfillRange, RunRefused, runEtl, UsageError, type StartedRun } from "../../../src/operations/glue";
import { ApiCallError } from "../../../src/operations/preflight/check";
import { awsJobRun, createEtlResources, freshNames, stubClient, useLocalGlue } from "./glue-fixture";

let names = freshNames();
const fast = { pollIntervalMs: 10 };
const BACKFILL = parseBackfillRange({ dataset: "trades", from: "2026-01-05", to: "2026-01-09" });

describe("run and backfill on the local server (moto 5.2.1)", () => {
  const server = useLocalGlue();
  beforeEach(() => (names = freshNames()));
  const runsOf = async (job: string): Promise<JobRun[]> => (await server.glue().send(new GetJobRunsCommand({ JobName: job }))).JobRuns ?? [];

  it("run --job raw-to-processed starts one incremental run with the job's own arguments and waits for SUCCEEDED", async () => {
    // Prepare
    await createEtlResources(server.glue(), names);
    const started: StartedRun[] = [];
    // Act
    const result = await runEtl(server.glue(), names, { job: "raw-to-processed", ...fast, onStarted: (r) => started.push(r) });
    // Assess
    expect(result).toMatchObject({ succeeded: true, notStarted: [] });
    expect(result.outcomes.map((o) => [o.name, o.state])).toEqual([[names.jobs.rawToProcessed, "SUCCEEDED"]]);
    const [run] = await runsOf(names.jobs.rawToProcessed);
    expect(started).toEqual([{ kind: "job", name: names.jobs.rawToProcessed, runId: run.Id }]);
    // No run arguments: the job's defaults, as the scheduled trigger runs it.
    expect(run.Arguments).toEqual({ "--job-bookmark-option": "job-bookmark-enable", "--enable-metrics": "true" });
    expect(await runsOf(names.jobs.processedToCurated)).toEqual([]);
  });

  it("run --job all runs raw-to-processed, then processed-to-curated once the first ended", async () => {
    // Prepare
    await createEtlResources(server.glue(), names);
    const events: string[] = [];
    // Act
    const result = await runEtl(server.glue(), names, { job: "all", ...fast, onStarted: (r) => events.push(`started ${r.name}`), onEnded: (o) => events.push(`ended ${o.name} ${o.state}`) });
    // Assess
    expect(result.succeeded).toBe(true);
    expect(events).toEqual([`started ${names.jobs.rawToProcessed}`, `ended ${names.jobs.rawToProcessed} SUCCEEDED`, `started ${names.jobs.processedToCurated}`, `ended ${names.jobs.processedToCurated} SUCCEEDED`]);
    expect(result.started.map((r) => r.name)).toEqual([names.jobs.rawToProcessed, names.jobs.processedToCurated]);
    const [first] = await runsOf(names.jobs.rawToProcessed);
    const [second] = await runsOf(names.jobs.processedToCurated);
    expect(second.StartedOn!.getTime()).toBeGreaterThanOrEqual(first.StartedOn!.getTime());
  });

  it("run without --job starts a workflow run (and with --no-wait returns at once)", async () => {
    // Prepare
    await createEtlResources(server.glue(), names);
    // Act
    const result = await runEtl(server.glue(), names, { wait: false });
    // Assess
    const { Runs } = await server.glue().send(new GetWorkflowRunsCommand({ Name: names.workflow }));
    expect(result).toEqual({ started: [{ kind: "workflow", name: names.workflow, runId: Runs![0].WorkflowRunId }], outcomes: [], notStarted: [], succeeded: true });
  });

  it("refuses --no-wait with --job all before starting anything", async () => {
    // Prepare
    await createEtlResources(server.glue(), names);
    // Act
    const run = runEtl(server.glue(), names, { job: "all", wait: false });
    // Assess
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow("--no-wait: allowed only where one run is started");
    expect(await runsOf(names.jobs.rawToProcessed)).toEqual([]);
  });

  it("fails naming StartJobRun and the error when the job is not deployed", async () => {
    // Act (no resources created)
    const run = runEtl(server.glue(), names, { job: "raw-to-processed", ...fast });
    // Assess
    await expect(run).rejects.toThrow(ApiCallError);
    await expect(run).rejects.toThrow(`glue:StartJobRun failed: EntityNotFoundException (HTTP 400): Job ${names.jobs.rawToProcessed} not found.`);
  });

  it("backfill runs raw-to-processed with the range, datasets and a paused bookmark, then processed-to-curated for the same dates", async () => {
    // Prepare
    await createEtlResources(server.glue(), names);
    // Act
    const result = await backfillEtl(server.glue(), names, BACKFILL, fast);
    // Assess
    expect(result.succeeded).toBe(true);
    expect(result.outcomes.map((o) => o.state)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const [raw] = await runsOf(names.jobs.rawToProcessed);
    const [curated] = await runsOf(names.jobs.processedToCurated);
    // moto merges run arguments over the job's defaults as Glue does: the run's bookmark option wins.
    expect(raw.Arguments).toEqual({ "--job-bookmark-option": "job-bookmark-pause", "--enable-metrics": "true", "--mode": "backfill", "--datasets": "trades", "--from_date": "2026-01-05", "--to_date": "2026-01-09" });
    expect(curated.Arguments).toEqual({ "--job-bookmark-option": "job-bookmark-pause", "--enable-metrics": "true", "--mode": "backfill", "--from_date": "2026-01-05", "--to_date": "2026-01-09" });
  });

  it("backfill --job processed-to-curated runs only that job", async () => {
    // Prepare
    await createEtlResources(server.glue(), names);
    // Act
    const result = await backfillEtl(server.glue(), names, BACKFILL, { job: "processed-to-curated", ...fast });
    // Assess
    expect(result.started.map((r) => r.name)).toEqual([names.jobs.processedToCurated]);
    expect(await runsOf(names.jobs.rawToProcessed)).toEqual([]);
    expect(await runsOf(names.jobs.processedToCurated)).toHaveLength(1);
  });

  it("refuses a backfill the job's NonOverridableArguments would turn into another run, starting nothing", async () => {
    // Prepare
    await createEtlResources(server.glue(), names, { nonOverridable: { "--job-bookmark-option": "job-bookmark-enable" } });
    // Act
    const backfill = backfillEtl(server.glue(), names, BACKFILL, fast);
    // Assess
    await expect(backfill).rejects.toThrow(RunRefused);
    await expect(backfill).rejects.toThrow(`${names.jobs.rawToProcessed} fixes --job-bookmark-option="job-bookmark-enable" (asked "job-bookmark-pause") in its NonOverridableArguments`);
    expect(await runsOf(names.jobs.rawToProcessed)).toEqual([]);
  });
});

describe("backfill when raw-to-processed fails (stub: moto cannot fail a run)", () => {
  it("does not start processed-to-curated and reports why", async () => {
    // Prepare
    const startedJobs: string[] = [];
    const glue = stubClient<GlueClient>({
      GetJobCommand: (input: { JobName: string }) => ({ Job: { Name: input.JobName, NonOverridableArguments: {} } }),
      StartJobRunCommand: (input: { JobName: string }) => (startedJobs.push(input.JobName), { JobRunId: "jr_failed" }),
      GetJobRunCommand: { JobRun: awsJobRun({ Id: "jr_failed", JobRunState: "FAILED", ErrorMessage: "Py4JJavaError: S3 access denied" }) },
    });
    // Act
    const result = await backfillEtl(glue, names, BACKFILL, fast);
    // Assess
    expect(startedJobs).toEqual([names.jobs.rawToProcessed]);
    expect(result).toMatchObject({ succeeded: false, notStarted: [names.jobs.processedToCurated] });
    expect(result.outcomes[0].errors).toEqual([`${names.jobs.rawToProcessed} jr_failed: FAILED: Py4JJavaError: S3 access denied`]);
  });
});
