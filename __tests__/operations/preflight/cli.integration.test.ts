import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { startGapProxy, type GapProxy } from "./aws-gap-proxy";
import { bootstrapStateBackend, devConfig, useLocalServer } from "./preflight-fixture";

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `npm run preflight` as a process: scripts/preflight.ts bundled from source (not a stale dist/),
 * against a local server that holds dev's bootstrap, behind a proxy answering the two APIs the
 * server lacks (Lambda GetAccountSettings, Service Quotas GetServiceQuota) as AWS does.
 */
describe("preflight CLI", () => {
  const server = useLocalServer();
  let proxy: GapProxy;
  let bundleDir: string;
  let script: string;

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), "preflight-cli-"));
    script = join(bundleDir, "preflight.js");
    buildSync({ entryPoints: [resolve(__dirname, "../../../scripts/preflight.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: script, logLevel: "warning" });
    await bootstrapStateBackend(server.clients(), devConfig());
    proxy = await startGapProxy(server.endpoint(), { lambda: { concurrentExecutions: 1000, unreserved: 1000 }, quotas: { "glue/L-5E4153CA": 2000, "events/L-9B653E91": 300 } });
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    rmSync(bundleDir, { recursive: true, force: true });
  });

  /** Runs the CLI without blocking the event loop (the proxy answering it lives in this process). */
  const preflight = (...args: string[]): Promise<Run> =>
    new Promise((done) => {
      const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "" } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => done({ status, stdout, stderr }));
    });

  /** The table's rows as [check, result]. */
  const results = (stdout: string) =>
    stdout
      .split("\n")
      .filter((l) => /^\| \S/.test(l) && !l.startsWith("| check "))
      .map((l) => l.split("|").map((c) => c.trim()).slice(1, 3));

  it("exits 0 and prints every check as PASS for an account that is ready", async () => {
    // Act
    const run = await preflight("--env", "dev", "--endpoint", proxy.endpoint);
    // Assess
    expect(run.stderr).not.toContain("Preflight failed");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Preflight of dev (account 123456789012, us-east-1) against");
    const rows = results(run.stdout);
    expect(rows).toHaveLength(21);
    expect(rows.filter(([, result]) => result !== "PASS")).toEqual([]);
    expect(rows.map(([check]) => check)).toEqual(expect.arrayContaining(["caller account", "lambda concurrency", "endpoint service firehose", "state bucket", "lock table", "quota glue/L-5E4153CA", "quota events/L-9B653E91"]));
    expect(run.stdout).toContain("21 of 21 checks passed\n");
    expect(proxy.answered).toEqual(expect.arrayContaining(["lambda:GetAccountSettings", "servicequotas:GetServiceQuota glue/L-5E4153CA", "servicequotas:GetServiceQuota events/L-9B653E91"]));
  });

  it("exits 1 and says what to do for prod's config in the wrong account, without its bootstrap, needing more PutEvents", async () => {
    // Act (the local server is one account, dev's: the alias and lock table it finds by prod's names are dev's)
    const run = await preflight("--env", "prod", "--endpoint", proxy.endpoint);
    // Assess
    expect(run.status).toBe(1);
    const failed = results(run.stdout).filter(([, result]) => result === "FAIL").map(([check]) => check);
    expect(failed).toEqual(["caller account", "lambda concurrency", "state key", "state bucket", "state bucket versioning", "lock table", "quota events/L-9B653E91"]);
    // Prod reserves 85 validation instances and one real-time instance per shard (1,875): moto's 1,000 is short.
    expect(run.stdout).toMatch(/to at least 3180 /);
    expect(run.stdout).toMatch(/\| state key +\| FAIL +\| alias\/mdl-tfstate -> arn:aws:kms:us-east-1:123456789012:key\/\S+ is a key of account 123456789012, not 555566667777/);
    expect(run.stdout).toMatch(/\| lock table +\| FAIL +\| mdl-tfstate-lock: a table of account 123456789012, not 555566667777/);
    expect(run.stdout).toContain("Use credentials of account 555566667777");
    // 300 a second is enough for dev (220) but not for prod (3,668).
    expect(run.stdout).toContain("300 (applied); needs 3668 (334 ingest requests + 3334 stored events a second at capacity.peakMarketEventsPerMinute 100000 with headroom)");
    expect(run.stdout).toMatch(/14 of 21 checks passed; 7 failed: fix them before the first apply/);
  });

  it("exits 1 with the failing call named, not a crash, where the server lacks an API", async () => {
    // Act: moto itself has no Lambda GetAccountSettings
    const run = await preflight("--env", "dev", "--endpoint", server.endpoint());
    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain("Preflight failed");
    const lambdaRow = run.stdout.split("\n").find((l) => l.startsWith("| lambda concurrency "));
    expect(lambdaRow).toMatch(/\| FAIL +\| lambda:GetAccountSettings failed: \w+ \(HTTP 404\).*\| This endpoint does not serve lambda:GetAccountSettings/);
  });

  it.each([
    [[], "Usage: npm run preflight -- --env <dev|staging|prod>"],
    [["--env", "qa"], '"qa" is not an environment; use one of "dev", "staging", "prod"'],
    [["--env", "dev", "--regin", "eu-west-1"], "Unknown option '--regin'"],
  ])("exits 2 on bad usage %j", async (args, message) => {
    // Act
    const run = await preflight(...args);
    // Assess
    expect(run.status).toBe(2);
    expect(run.stdout + run.stderr).toContain(message);
  });
});
