import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { unzipSync } from "fflate";
import { lakeHandlerBundles } from "../src/bundling/lake-handlers";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deploymentRows, median, printTable, type BenchRow } from "./lib/bench-table";
import { packageScriptSteps } from "./lib/npm-script-steps";

/**
 * Infrastructure-side speed targets of the project (issue "Foundation"), measured on this machine:
 *   synth of the dev config after compile < 2 s; validate of all stacks in one run < 15 s;
 *   module load of the provider classes a stack uses (deep imports) vs the package root.
 * Run with `npm run bench`; `npm run bench:infra -- --full` also times a whole `npm test` (every
 * step of package.json's test script, e2e included), target < 3 min. (`npm run bench -- --full`
 * does not work: npm passes --full to bench:validator, whose strict parseArgs rejects it.)
 */
const root = resolve(__dirname, "..", "..");

function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return seconds;
}

function repeat(times: number, run: () => number): number {
  return median(Array.from({ length: times }, run));
}

function secondsRow(name: string, seconds: number, limit: number, runs: number): BenchRow {
  return { name: `${name} (median of ${runs})`, value: `${seconds.toFixed(2)} s`, target: `< ${limit} s`, met: seconds < limit };
}

/** Each lake function's package against the limits (zip <= 1 MB, cold require <= 100 ms), plus the gzip -9 size of its code. */
function handlerRows(): BenchRow[] {
  const bundles = lakeHandlerBundles();
  // Just enough environment for each entry's settings to pass at require time (cold start).
  const common = { ...process.env, AWS_REGION: "us-east-1", ENVIRONMENT: "dev", POWERTOOLS_SERVICE_NAME: "bench", POWERTOOLS_METRICS_NAMESPACE: "bench", PARTITION_TIME_ZONES: "{}" };
  const envs = {
    validation: { ...common, LINEAGE_TABLE: "t", ALERT_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:t" },
    realtime: { ...common, ALERT_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:t", OUT_OF_ORDER_POLICY: "flag", PRICE_JUMP_RATIO: "0.2", MAX_SPREAD_RATIO: "0.05", MAX_GAP_SECONDS: "60" },
  } as const;
  return (Object.keys(envs) as Array<keyof typeof envs>).flatMap((name) => {
    const bundle = bundles[name];
    const gzipped = gzipSync(Buffer.from(unzipSync(readFileSync(bundle.zipPath))["index.js"]!), { level: 9 }).byteLength;
    return [...deploymentRows(name, bundle, envs[name]), { name: `${name} handler: index.js compressed (gzip -9)`, value: `${(gzipped / 1024).toFixed(0)} KB`, target: "-", met: undefined }];
  });
}

function main(): void {
  const full = process.argv.includes("--full");
  const out = mkdtempSync(join(tmpdir(), "mdl-bench-"));
  const node = process.execPath;
  const rows: BenchRow[] = [];
  try {
    rows.push(secondsRow("synth dev (node dist/main.js)", repeat(5, () => timed(node, ["dist/main.js", "--env", "dev", "--outdir", out])), 2, 5));
    rows.push(secondsRow("synth dev+staging+prod", repeat(3, () => timed(node, ["dist/main.js", "--env", "all", "--outdir", out])), 4, 3));
    const deep = repeat(3, () => timed(node, ["-e", "for (const m of ['s3-bucket','kms-key','vpc','vpc-endpoint','iam-role','cloudwatch-log-group','subnet','flow-log']) require('@cdktf/provider-aws/lib/' + m)"]));
    rows.push({ name: "require 8 deep provider modules (median of 3)", value: `${deep.toFixed(2)} s`, target: "deep imports only", met: undefined });
    const barrel = repeat(1, () => timed(node, ["-e", "require('@cdktf/provider-aws')"]));
    rows.push({ name: "require provider package root, for contrast", value: `${barrel.toFixed(2)} s`, target: "never imported", met: undefined });
    rows.push(secondsRow("terraform init+validate, all stacks, one run", repeat(3, () => timed(node, ["dist/scripts/validate-terraform.js"])), 15, 3));
    rows.push(secondsRow("jest (all suites)", repeat(1, () => timed(node, [join(root, "node_modules", "jest", "bin", "jest.js"), "--silent"])), 60, 1));
    rows.push(...handlerRows());
    if (full) rows.push(secondsRow(`npm test (${packageScriptSteps(root, "test").join(", ")})`, timed("npm", ["test", "--silent"]), 180, 1));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  printTable("Infrastructure benchmarks", rows);
  // A missed target is reported in the table, not turned into a failing exit code: benchmarks
  // inform, tests gate (a busy CI machine must not fail a build on timing).
}

main();
