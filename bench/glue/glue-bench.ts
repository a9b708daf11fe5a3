/**
 * Glue benchmark: raw-to-processed (glue-scripts/lib/market_lake) in local PySpark against a naive
 * version of the same job (bench/glue/naive_raw_to_processed.py), side by side in the same run on a
 * generated validated/ tree (bench/glue/generate_validated.py, cached under build/bench/glue/).
 * Build and run (`npm run bench:glue`):
 *   npx esbuild bench/glue/glue-bench.ts --bundle --platform=node --outfile=build/bench/glue-bench.js
 *   node build/bench/glue-bench.js [--gb 1] [--runs 1] [--seed 20261120]
 * --gb is GiB of gzip validated input (default 0.2 = 1.2 GiB uncompressed: 1 GiB gzip would take ~55 min
 * here at the measured rates); use e.g. --gb 0.02 for a quick try, --gb 1 for the full size.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ENVIRONMENTS } from "../../src/config/environments";
import { MEASURED_MB_PER_SECOND_PER_CORE, rawToProcessedWorkers } from "../../src/config/etl-sizing";
import { printTable, type BenchRow } from "../../scripts/lib/bench-table";

const root = resolve(__dirname, "..", "..");

interface JobResult {
  seconds: number;
  cores: number;
  spark: string;
  input_mb: number;
  input_uncompressed_mb: number;
  mb_per_s_per_core: number;
  files_per_partition: { min: number; max: number; mean: number };
  mb_per_file: number;
  files_within_rule: boolean;
  rows: Record<string, number>;
  rows_match_manifest: boolean;
}

interface CaseResult {
  partitions: number;
  of_partitions: number;
  jobs: { shipped: JobResult; naive: JobResult };
  speedup: number;
  rows_agree: boolean;
  order: string[];
}

interface BenchResult {
  gb: number;
  runs: number;
  compressed_bytes: number;
  uncompressed_bytes: number;
  cases: Record<"full" | "incremental", CaseResult>;
}

const SPEEDUP_TARGET = 3;
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function jobRow(label: string, job: JobResult, runs: number): BenchRow {
  const seconds = runs > 1 ? `median of ${runs}: ${job.seconds.toFixed(1)} s` : `${job.seconds.toFixed(1)} s`;
  return { name: label, value: `${fmt(job.input_mb)} MB in ${seconds} = ${job.mb_per_s_per_core.toFixed(2)} MB/s/core`, target: "" };
}

function outputRow(label: string, job: JobResult, target: boolean): BenchRow {
  const f = job.files_per_partition;
  const files = f.min === f.max ? `${f.max}` : `${f.min}-${f.max} (mean ${f.mean.toFixed(1)})`;
  return {
    name: label,
    value: `${files} files/partition, ${job.mb_per_file.toFixed(1)} MB/file`,
    target: target ? "<= 1 file per 256 MB of a partition" : "",
    met: target ? job.files_within_rule : undefined,
  };
}

function caseRows(name: string, c: CaseResult, runs: number): BenchRow[] {
  const { shipped, naive } = c.jobs;
  const rows = Object.values(shipped.rows).reduce((a, b) => a + b, 0);
  return [
    jobRow(`${name} (${c.partitions}/${c.of_partitions} partitions): shipped`, shipped, runs),
    jobRow(`${name}: naive`, naive, runs),
    { name: `${name}: shipped vs naive MB/s per core`, value: `${c.speedup.toFixed(2)}x`, target: `>= ${SPEEDUP_TARGET}x`, met: c.speedup >= SPEEDUP_TARGET },
    outputRow(`${name}: shipped output`, shipped, true),
    outputRow(`${name}: naive output`, naive, false),
    {
      name: `${name}: rows written (both jobs, per partition)`,
      value: `${fmt(rows)} rows`,
      target: "shipped = naive = generated",
      met: c.rows_agree && shipped.rows_match_manifest && naive.rows_match_manifest,
    },
  ];
}

function main(): void {
  const { values } = parseArgs({
    options: { gb: { type: "string", default: "0.2" }, runs: { type: "string", default: "1" }, seed: { type: "string", default: "20261120" } },
  });
  const python = resolve(root, ".venv", "bin", "python");
  if (!existsSync(python)) throw new Error(`no ${python}: run bash scripts/python-env.sh`);
  const args = ["bench/glue/glue_bench.py", "--gb", values.gb!, "--runs", values.runs!, "--seed", values.seed!];
  const done = spawnSync(python, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 << 20 });
  if (done.status !== 0) throw new Error(`glue_bench.py failed (exit ${done.status})`);
  const result = JSON.parse(done.stdout.trim().split("\n").pop()!) as BenchResult;
  const { full, incremental } = result.cases;
  const shipped = full.jobs.shipped;
  const gib = result.compressed_bytes / 2 ** 30;
  const prod = ENVIRONMENTS.prod;
  const workers = rawToProcessedWorkers(prod.capacity, prod.etl, shipped.mb_per_s_per_core);
  const rows: BenchRow[] = [
    {
      name: "validated input (generated, cached)",
      value: `${fmt(result.compressed_bytes / 1e6)} MB gzip = ${gib.toFixed(2)} GiB (${fmt(result.uncompressed_bytes / 1e6)} MB uncompressed)`,
      target: `>= 1 GiB uncompressed`,
      met: result.uncompressed_bytes >= 2 ** 30,
    },
    { name: "Spark local[*] cores used", value: `${shipped.cores} (Spark ${shipped.spark})`, target: "" },
    ...caseRows("full rebuild", full, result.runs),
    ...caseRows("incremental", incremental, result.runs),
    {
      name: `G.2X workers for ${prod.capacity.expectedTbPerDay} TB/day, every ${prod.etl.scheduleMinutes} min`,
      value: `${workers} at ${shipped.mb_per_s_per_core.toFixed(2)} MB/s/core (config constant: ${MEASURED_MB_PER_SECOND_PER_CORE})`,
      target: `<= prod maxWorkers ${prod.etl.rawToProcessed.maxWorkers}`,
      met: workers <= prod.etl.rawToProcessed.maxWorkers,
    },
  ];
  printTable(`Glue raw-to-processed, local Spark (${result.runs} run(s) per job; MB = 10^6 bytes of gzip validated input)`, rows);
}

main();
