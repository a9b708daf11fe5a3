import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { GetJobRunCommand, GetJobRunsCommand, StartJobRunCommand, type JobRun } from "@aws-sdk/client-glue";
import { buildSync } from "esbuild";
import { awsJobRun, awsWorkflowRun, createEtlResources, devNames, setJobRunProgression, useLocalGlue } from "./glue-fixture";
import { startGlueProxy, type GlueProxy } from "./glue-proxy";

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const names = devNames();
const RAW = names.jobs.rawToProcessed;
const CURATED = names.jobs.processedToCurated;

/**
 * `npm run glue` as a process: scripts/glue.ts bundled from source (not a stale dist/), against a
 * local server holding dev's ETL jobs and workflow, behind a proxy that answers, as AWS does, what
 * moto cannot: ResetJobBookmark, a workflow run that ends, a job run that fails.
 */
describe("glue CLI", () => {
  const server = useLocalGlue();
  let proxy: GlueProxy;
  let bundleDir: string;
  let script: string;

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), "glue-cli-"));
    script = join(bundleDir, "glue.js");
    buildSync({ entryPoints: [resolve(__dirname, "../../../scripts/glue.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: script, logLevel: "warning" });
    proxy = await startGlueProxy(server.endpoint());
    await createEtlResources(server.glue(), names);
  }, 60_000);
  // The jobs and their runs stay from test to test: each test finds its own runs by the ids the CLI prints.
  beforeEach(() => proxy.clear());
  afterAll(async () => {
    await proxy?.close();
    rmSync(bundleDir, { recursive: true, force: true });
  });

  const env = { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "", NODE_NO_WARNINGS: "1" };
  const collect = (command: string, args: string[]): Promise<Run> =>
    new Promise((done) => {
      const child = spawn(command, args, { env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => done({ status, stdout, stderr }));
    });
  /** Runs the CLI with pipes (no terminal) without blocking the event loop: the proxy answering it lives in this process. */
  const glue = (...args: string[]) => collect(process.execPath, [script, ...args]);
  /** Runs the CLI on a pseudo-terminal (util-linux `script`), where it draws progress bars. */
  const glueOnTerminal = (...args: string[]) => collect("script", ["-qec", [process.execPath, script, ...args].map((a) => `'${a}'`).join(" "), "/dev/null"]);
  const local = () => ["--endpoint", proxy.endpoint, "--poll-seconds", "0.1"];
  const runCount = async (job: string): Promise<number> => ((await server.glue().send(new GetJobRunsCommand({ JobName: job }))).JobRuns ?? []).length;
  /** The runs the CLI says it started, in order, as GetJobRun shows them. */
  const startedRuns = async (stdout: string): Promise<JobRun[]> =>
    Promise.all([...stdout.matchAll(/^Started job (\S+) run (jr_\w+)/gm)].map(async ([, job, id]) => (await server.glue().send(new GetJobRunCommand({ JobName: job, RunId: id }))).JobRun!));

  it("status: exits 0 with the runs of each job and the workflow's last run as tables", async () => {
    // Prepare
    const { JobRunId } = await server.glue().send(new StartJobRunCommand({ JobName: RAW }));
    // Act
    const run = await glue("status", "--env", "dev", "--endpoint", proxy.endpoint);
    // Assess
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Glue ETL of dev (us-east-1) against ${proxy.endpoint}: the last 5 runs of each job`);
    const rows = run.stdout.split("\n").filter((l) => l.startsWith("| raw-to-processed "));
    expect(rows[0]).toMatch(new RegExp(`^\\| raw-to-processed +\\| ${JobRunId} \\| SUCCEEDED \\| \\d{4}-\\d\\d-\\d\\dT[\\d:]{8}Z \\|`));
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(run.stdout).toMatch(/^\| job +\| run id +\| state +\| started \(UTC\) +\| duration \| execution \| DPU-s \| class \| error \|$/m);
    expect(run.stdout).toMatch(/^\| mdl-dev-use1-etl \| /m);
  });

  it("status: exits 1 when the environment's jobs cannot be read (not deployed)", async () => {
    // Act: staging's jobs were never created on the server
    const run = await glue("status", "--env", "staging", "--endpoint", proxy.endpoint);
    // Assess
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/\| raw-to-processed +\| - +\| UNREADABLE \| .*glue:GetJobRuns failed: EntityNotFoundException \(HTTP 400\): Job mdl-stg-use1-raw-to-processed not found\./);
  });

  it("run --job raw-to-processed: exits 0 once the run SUCCEEDED, with a line per state off a terminal", async () => {
    // Prepare: moto moves the run on one state per read
    await setJobRunProgression(server.endpoint(), { progression: "manual", times: 1 });
    // Act
    const run = await glue("run", "--env", "dev", "--job", "raw-to-processed", ...local());
    // Assess
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const [jobRun] = await startedRuns(run.stdout);
    expect(jobRun.JobRunState).toBe("SUCCEEDED");
    expect(run.stdout.split("\n").filter(Boolean)).toEqual([
      `Started job ${RAW} run ${jobRun.Id}`,
      expect.stringMatching(new RegExp(`^${RAW} ${jobRun.Id}: RUNNING \\(\\d+s\\)$`)),
      expect.stringMatching(new RegExp(`^${RAW} ${jobRun.Id}: SUCCEEDED \\(\\d+s\\)$`)),
      expect.stringMatching(new RegExp(`^${RAW} ${jobRun.Id}: SUCCEEDED after \\d+s$`)),
    ]);
    expect(run.stdout).not.toContain("\u2588");
  });

  it("run on a terminal: draws a progress bar instead of the lines", async () => {
    // Prepare
    await setJobRunProgression(server.endpoint(), { progression: "manual", times: 2 });
    // Act
    const run = await glueOnTerminal("run", "--env", "dev", "--job", "raw-to-processed", ...local());
    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${RAW} `);
    expect(run.stdout).toMatch(/[\u2588\u2591]{10,} (STARTING|RUNNING|SUCCEEDED) \d+s of 2h 00m timeout/);
    expect(run.stdout).not.toMatch(/: RUNNING \(\d+s\)/);
    expect(run.stdout).toMatch(/SUCCEEDED after \d+s/);
  });

  it("run --job raw-to-processed: exits 1 and prints Glue's error message when the run FAILED", async () => {
    // Prepare: the run starts on moto; GetJobRun answers as AWS does for a failed run
    proxy.answer("GetJobRun", (input: { JobName: string; RunId: string }) => ({
      body: { JobRun: awsJobRun({ Id: input.RunId, JobName: input.JobName, JobRunState: "FAILED", ErrorMessage: "AnalysisException: [PATH_NOT_FOUND] Path does not exist" }) },
    }));
    // Act
    const run = await glue("run", "--env", "dev", "--job", "raw-to-processed", ...local());
    // Assess
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`${RAW} jr_\\w+: FAILED after 12m 34s`));
    expect(run.stderr).toMatch(new RegExp(`${RAW} jr_\\w+: FAILED: AnalysisException: \\[PATH_NOT_FOUND\\] Path does not exist`));
    expect(proxy.answered).toContain("GetJobRun");
  });

  it("run: starts the workflow and exits 0 when its run COMPLETED with both jobs SUCCEEDED", async () => {
    // Prepare: moto's workflow runs never end; the proxy plays one that does
    let reads = 0;
    proxy.answer("GetWorkflowRun", (input: { RunId: string; IncludeGraph?: boolean }) => {
      const done = ++reads > 1;
      const graph = { Nodes: [RAW, CURATED].map((n, i) => ({ Type: "JOB", Name: n, UniqueId: `n${i}`, JobDetails: { JobRuns: [awsJobRun({ JobName: n, Id: `jr_${i}`, JobRunState: "SUCCEEDED" })] } })) };
      return { body: { Run: awsWorkflowRun({ WorkflowRunId: input.RunId, Status: done ? "COMPLETED" : "RUNNING", ...(input.IncludeGraph ? { Graph: graph as never } : {}) }) } };
    });
    // Act
    const run = await glue("run", "--env", "dev", ...local());
    // Assess
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Started workflow mdl-dev-use1-etl run wr_\w+$/m);
    expect(run.stdout).toMatch(/^mdl-dev-use1-etl wr_\w+: COMPLETED after 25m 00s, 2 of 2 jobs succeeded$/m);
  });

  it("run: exits 1 naming the failed job when the workflow run COMPLETED with raw-to-processed FAILED", async () => {
    // Prepare
    const graph = { Nodes: [{ Type: "JOB", Name: RAW, UniqueId: "n0", JobDetails: { JobRuns: [awsJobRun({ Id: "jr_f", JobRunState: "FAILED", ErrorMessage: "Task failed while writing rows" })] } }] };
    proxy.answer("GetWorkflowRun", (input: { RunId: string; IncludeGraph?: boolean }) => ({
      body: { Run: awsWorkflowRun({ WorkflowRunId: input.RunId, Status: "COMPLETED", Statistics: { TotalActions: 1, FailedActions: 1 }, ...(input.IncludeGraph ? { Graph: graph as never } : {}) }) },
    }));
    // Act
    const run = await glue("run", "--env", "dev", ...local());
    // Assess
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/COMPLETED after 25m 00s, 0 of 2 jobs succeeded/);
    expect(run.stderr).toContain(`${RAW} jr_f: FAILED: Task failed while writing rows`);
    expect(run.stderr).toContain(`${CURATED}: did not run in this workflow run`);
  });

  it("run --no-wait: exits 0 once the workflow run is started", async () => {
    // Act
    const run = await glue("run", "--env", "dev", "--no-wait", "--endpoint", proxy.endpoint);
    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Started workflow mdl-dev-use1-etl run wr_\w+\nNot waiting; follow the run with: npm run glue -- status --env dev\n$/);
  });

  it("backfill: exits 0 after both jobs ran over the range with the backfill arguments", async () => {
    // Act
    const run = await glue("backfill", "--env", "dev", "--dataset", "trades", "--from", "2026-01-05", "--to", "2026-01-09", ...local());
    // Assess
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Started job ${RAW} run jr_`);
    expect(run.stdout).toContain("with --mode backfill --datasets trades --from_date 2026-01-05 --to_date 2026-01-09 --job-bookmark-option job-bookmark-pause");
    const [raw, curated] = await startedRuns(run.stdout);
    expect([raw.JobName, curated.JobName]).toEqual([RAW, CURATED]);
    expect(raw.Arguments).toMatchObject({ "--mode": "backfill", "--datasets": "trades", "--from_date": "2026-01-05", "--to_date": "2026-01-09", "--job-bookmark-option": "job-bookmark-pause" });
    expect(curated.Arguments).toMatchObject({ "--mode": "backfill", "--from_date": "2026-01-05", "--to_date": "2026-01-09", "--job-bookmark-option": "job-bookmark-pause" });
    expect(curated.Arguments).not.toHaveProperty("--datasets");
  });

  it.each([
    [["--dataset", "trades", "--from", "2024-01-01", "--to", "2025-01-01"], "--to: got \"2025-01-01\", allowed values are at most 366 days from --from 2024-01-01"],
    [["--dataset", "trades", "--from", "2026-01-09", "--to", "2026-01-05"], "--to: got \"2026-01-05\", allowed values are dates on or after --from 2026-01-09"],
    [["--dataset", "ticks", "--from", "2026-01-05", "--to", "2026-01-05"], "--dataset: got \"ticks\", allowed values are trades, quotes, bars"],
    [["--dataset", "trades", "--from", "05/01/2026", "--to", "2026-01-05"], "--from: got \"05/01/2026\", allowed values are calendar dates as YYYY-MM-DD"],
  ])("backfill: exits 2 on %j naming the flag, and starts nothing", async (args, message) => {
    // Prepare
    const before = await runCount(RAW);
    // Act
    const run = await glue("backfill", "--env", "dev", ...args, ...local());
    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Usage: npm run glue --");
    expect(await runCount(RAW)).toBe(before);
  });

  it("reset-bookmark: exits 0 once ResetJobBookmark answered", async () => {
    // Prepare: moto lacks ResetJobBookmark; the proxy answers with AWS's response syntax
    proxy.answer("ResetJobBookmark", (input: { JobName: string }) => ({ body: { JobBookmarkEntry: { JobName: input.JobName, Version: 4, Run: 0, Attempt: 0 } } }));
    // Act
    const run = await glue("reset-bookmark", "--env", "dev", "--job", "all", "--endpoint", proxy.endpoint);
    // Assess
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`Reset the job bookmark of ${RAW}: its next incremental run reads every object under its source again\nReset the job bookmark of ${CURATED}: its next incremental run reads every object under its source again\n`);
    expect(proxy.answered).toEqual(["ResetJobBookmark", "ResetJobBookmark"]);
  });

  it("reset-bookmark: exits 1 and resets nothing while a run of the job has not ended", async () => {
    // Prepare
    proxy.answer("ResetJobBookmark", () => ({ body: { JobBookmarkEntry: {} } }));
    await setJobRunProgression(server.endpoint(), { progression: "manual", times: 1000 });
    const { JobRunId } = await server.glue().send(new StartJobRunCommand({ JobName: RAW }));
    // Act
    const run = await glue("reset-bookmark", "--env", "dev", "--job", "raw-to-processed", "--endpoint", proxy.endpoint);
    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Refused: ${RAW} has a run not yet ended (${JobRunId} STARTING)`);
    expect(proxy.answered).toEqual([]);
  });

  it.each([
    [[], "a command is required: status, run, backfill, reset-bookmark"],
    [["deploy", "--env", "dev"], 'unknown command "deploy"; use one of status, run, backfill, reset-bookmark'],
    [["status", "--env", "dev", "--regin", "eu-west-1"], "Unknown option '--regin'"],
    [["status", "--env", "dev", "--dataset", "trades"], "--dataset: not an option of status; status takes --runs besides --env and --endpoint"],
    [["status", "--env", "dev", "--runs", "0"], '--runs: got "0", allowed values are whole numbers from 1 to 200'],
    [["run", "--env", "dev", "--job", "curate"], '--job: got "curate", allowed values are raw-to-processed, processed-to-curated, all'],
    [["run", "--env", "dev", "--job", "all", "--no-wait"], "--no-wait: allowed only where one run is started"],
    [["reset-bookmark", "--env", "dev"], "--job: required for reset-bookmark"],
    [["status"], "--env: required; allowed values are dev, staging, prod"],
    [["status", "--env", "qa"], '"qa" is not an environment; use one of "dev", "staging", "prod"'],
  ])("exits 2 on bad usage %j", async (args, message) => {
    // Prepare
    const before = await runCount(RAW);
    // Act
    const run = await glue(...args, "--endpoint", proxy.endpoint);
    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await runCount(RAW)).toBe(before);
  });

  it("--help: exits 0 with the usage", async () => {
    // Act
    const run = await glue("--help");
    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: npm run glue -- <command> --env <dev|staging|prod>");
  });
});
