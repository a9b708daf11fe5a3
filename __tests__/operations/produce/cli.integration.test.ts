import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { writeMarketDataFile } from "../../../bench/validator/generate-market-data";
import { loadEnvironmentConfig } from "../../../src/config";
import { Naming } from "../../../src/config/naming";
import { streamNameOf } from "../../../src/operations/produce";
import { startFailingProxy, type FailEntry, type FailingProxy } from "./failing-proxy";
import { createStream, readStream, useLocalKinesis } from "./kinesis-fixture";

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `npm run produce` as a process: scripts/produce.ts bundled from source (not a stale dist/),
 * against a local server behind a proxy that can fail PutRecords entries as AWS does.
 */
describe("produce CLI", () => {
  const server = useLocalKinesis();
  let dir: string;
  let script: string;
  let file: string;
  let proxy: FailingProxy | undefined;
  let fail: FailEntry = () => undefined;
  const records = { count: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "produce-cli-"));
    script = join(dir, "produce.js");
    buildSync({ entryPoints: [resolve(__dirname, "../../../scripts/produce.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: script, logLevel: "warning" });
    mkdirSync(join(dir, "raw", "dataset=trades", "date=2026-01-15"), { recursive: true });
    file = join(dir, "raw", "dataset=trades", "date=2026-01-15", "feed.csv");
    await writeMarketDataFile(file, { dataset: "trades", format: "csv", date: "2026-01-15", targetBytes: 60_000, meanSpacingMs: 30_000, symbolCount: 100 });
    records.count = require("node:fs").readFileSync(file, "utf8").trim().split("\n").length - 1;
    proxy = await startFailingProxy(server.endpoint(), (...args) => fail(...args));
  }, 60_000);
  beforeEach(() => (fail = () => undefined));
  afterAll(async () => {
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
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
  const produce = (...args: string[]) => collect(process.execPath, [script, ...args]);
  const produceOnTerminal = (...args: string[]) => collect("script", ["-qec", [process.execPath, script, ...args].map((a) => `'${a}'`).join(" "), "/dev/null"]);

  it.each([
    [["--file", "x.csv"], /^--env: required; allowed values are dev, staging, prod\n\nUsage: npm run produce/],
    [["--env", "dev"], /^--file: required; a \.csv, \.jsonl or \.ndjson file, optionally \.gz/],
    [["--env", "dev", "--file", "feed.csv"], /^--dataset: required, as the path feed\.csv has no dataset=<d> segment; allowed values are trades, quotes, bars/],
    [["--env", "dev", "--file", "feed.csv", "--dataset", "orders"], /^--dataset: got "orders", allowed values are trades, quotes, bars/],
    [["--env", "dev", "--file", "feed.parquet", "--dataset", "trades"], /^--file: feed\.parquet: the name must end with one of \.csv, \.csv\.gz/],
    [["--env", "dev", "--file", "/nonexistent/dataset=trades/a.csv"], /^--file: \/nonexistent\/dataset=trades\/a\.csv: cannot be read \(ENOENT\)/],
    [["--env", "dev", "--file", "PLACEHOLDER", "--rate", "0"], /^--rate: got "0", allowed values are numbers from 1 to 1000000/],
    [["--env", "dev", "--file", "PLACEHOLDER", "--concurrency", "2.5"], /^--concurrency: got "2\.5", allowed values are whole numbers from 1 to 16/],
    [["--env", "dev", "--file", "PLACEHOLDER", "--max-attempts", "50"], /^--max-attempts: got "50", allowed values are whole numbers from 1 to 20/],
    [["--env", "dev", "--file", "PLACEHOLDER", "--shards", "2"], /^Unknown option '--shards'/],
    [["--env", "qa", "--file", "PLACEHOLDER"], /qa/],
  ])("exits 2 on bad usage %j, naming the flag and what is allowed", async (args, message) => {
    // Act
    const run = await produce(...args.map((a) => (a === "PLACEHOLDER" ? file : a)));
    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("--help: exits 0 with the usage", async () => {
    const run = await produce("--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run produce -- --file <path> --env <dev\|staging\|prod>/);
  });

  it("exits 0 after writing every record to the environment's stream (named from config), printing the summary", async () => {
    // Prepare
    const streamName = streamNameOf(new Naming(loadEnvironmentConfig("dev")));
    await createStream(server.kinesis(), 2, streamName);
    // Act
    const run = await produce("--env", "dev", "--file", file, "--endpoint", proxy!.endpoint);
    // Assess
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(streamName).toBe("mdl-dev-use1-market-records");
    expect(run.stdout).toContain(`Producing trades (csv, trading dates in ${loadEnvironmentConfig("dev").partitionTimeZones.trades}) from ${file} to ${streamName} (dev, us-east-1) against ${proxy!.endpoint}`);
    expect(run.stdout).toMatch(new RegExp(`^  records read    ${records.count}$`, "m"));
    expect(run.stdout).toMatch(new RegExp(`^  sent            ${records.count} \\(0\\.\\d\\d MB, \\d+ records/s, \\d+\\.\\d\\d MB/s\\)$`, "m"));
    expect(run.stdout).toMatch(/^  retried         0 records \(0 sends again\)$/m);
    expect(run.stdout).toMatch(/^  failed \(lost\)   0$/m);
    expect(run.stdout).not.toContain("\u2588");
    expect(await readStream(server.kinesis(), streamName)).toHaveLength(records.count);
  });

  it("exits 0 when rejected entries were sent again and none lost, with the retries and error codes in the summary", async () => {
    // Prepare
    const streamName = await createStream(server.kinesis(), 2);
    const first = proxy!.requests();
    fail = (_e, position, request) => (request - first < 3 && position % 5 === 0 ? "ProvisionedThroughputExceededException" : undefined);
    // Act
    const run = await produce("--env", "dev", "--file", file, "--stream", streamName, "--endpoint", proxy!.endpoint);
    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^  retried         [1-9]\d* records \([1-9]\d* sends again\); errors: ProvisionedThroughputExceededException [1-9]\d*$/m);
    expect(run.stdout).toMatch(/^  failed \(lost\)   0$/m);
    expect(await readStream(server.kinesis(), streamName)).toHaveLength(records.count);
  });

  it("exits 1 when records were given up after --max-attempts, with how many were lost and which", async () => {
    // Prepare: the first symbol of the file is always throttled
    const streamName = await createStream(server.kinesis(), 2);
    const firstSymbol = require("node:fs").readFileSync(file, "utf8").split("\n")[1].split(",")[1];
    fail = (entry) => (entry.PartitionKey === firstSymbol ? "ProvisionedThroughputExceededException" : undefined);
    // Act
    const run = await produce("--env", "dev", "--file", file, "--stream", streamName, "--max-attempts", "2", "--endpoint", proxy!.endpoint);
    // Assess
    expect(run.status).toBe(1);
    const lost = Number(/^  failed \(lost\)   (\d+)$/m.exec(run.stdout)?.[1]);
    expect(lost).toBeGreaterThan(0);
    expect(run.stdout).toMatch(new RegExp(`^  lost: line 2 \\(symbol ${firstSymbol}\\): ProvisionedThroughputExceededException on each of 2 attempts$`, "m"));
    expect(await readStream(server.kinesis(), streamName)).toHaveLength(records.count - lost);
  });

  it("exits 1 when a line holds no record it can send, naming the line", async () => {
    // Prepare
    const streamName = await createStream(server.kinesis(), 1);
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"symbol":"AAPL","ts":"2026-01-15T15:00:00Z","bid_price":1,"bid_size":1,"ask_price":2,"ask_size":1}\n{"symbol":\n');
    // Act
    const run = await produce("--env", "dev", "--file", bad, "--dataset", "quotes", "--stream", streamName, "--endpoint", proxy!.endpoint);
    // Assess
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^  skipped lines   1$/m);
    expect(run.stdout).toMatch(/^  skipped: line 2: invalid JSON: /m);
  });

  it("exits 1 naming the error when the stream does not exist", async () => {
    const run = await produce("--env", "dev", "--file", file, "--stream", "no-such-stream", "--endpoint", proxy!.endpoint);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^Stopped early: kinesis:PutRecords failed: ResourceNotFoundException: /m);
  });

  it("draws a progress bar on a terminal", async () => {
    const streamName = await createStream(server.kinesis(), 1);
    const run = await produceOnTerminal("--env", "dev", "--file", file, "--stream", streamName, "--endpoint", proxy!.endpoint);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`produce [\\u2588\\u2591]{10,} 100% \\| ${records.count} sent, 0 retried, 0 lost \\| \\d+ records/s`));
  });
});
