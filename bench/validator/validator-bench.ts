/**
 * Throughput and memory benchmark of the validation core, and the validation function's deployment
 * package against the Lambda limits (zip size, cold require).
 * Build and run:
 *   npx esbuild bench/validator/validator-bench.ts --bundle --platform=node --outfile=build/bench/validator-bench.js
 *   node build/bench/validator-bench.js [--mb 100] [--runs 3] [--rss-gb 1] [--skip-rss]
 */
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import { Dataset, RecordFormat, openRecordStream, validateObject } from "../../handlers/validation/core";
import { MarketDataOptions, marketDataStream, writeMarketDataFile } from "./generate-market-data";
import { Throughput, bestOf } from "./measure";
import { bundleHandler } from "../../src/bundling/handler-bundle";
import { lakeHandlerSources } from "../../src/bundling/lake-handlers";
import { projectRoot } from "../../src/bundling/project-root";
import { deploymentRows, printTable, type BenchRow } from "../../scripts/lib/bench-table";
import { byteSumLoop, csvParseOnly, gunzipOnly, jsonParseOnly, ownParseOnly, readFile, validateAndCompress } from "./competitors";

const DATE = "2026-11-20";
const SEED = 20261120;

async function validateFile(path: string, dataset: Dataset, format: RecordFormat, gzip: boolean): Promise<number> {
  const summary = await validateObject(openRecordStream(readFile(path), { gzip }), { dataset, date: DATE, format }, DISCARD);
  return summary.records_in;
}

const DISCARD = { accepted: () => undefined, rejected: () => undefined };

/** Generates (once per size and seed) the benchmark inputs in the temp directory. */
async function ensureFile(name: string, options: MarketDataOptions): Promise<string> {
  const path = join(tmpdir(), name);
  if (!existsSync(path)) await writeMarketDataFile(path, options);
  return path;
}

async function ensureGzip(path: string): Promise<string> {
  const gz = `${path}.gz`;
  if (!existsSync(gz)) await pipeline(createReadStream(path), createGzip({ level: 6 }), createWriteStream(gz));
  return gz;
}

/** Child mode: validate a generated stream of `bytes` (never stored) and print the peak RSS. */
async function rssChild(bytes: number): Promise<void> {
  const stream = marketDataStream({ dataset: "trades", format: "csv", date: DATE, targetBytes: bytes, seed: SEED, invalidRate: 0.001 });
  const summary = await validateObject(stream, { dataset: "trades", date: DATE, format: "csv" }, DISCARD);
  process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, records: summary.records_in }));
}

function peakRssMb(bytes: number): { mb: number; records: number } {
  const output = execFileSync(process.execPath, [__filename, "--rss-child", String(bytes)], { encoding: "utf8" });
  const { maxRssKb, records } = JSON.parse(output) as { maxRssKb: number; records: number };
  return { mb: maxRssKb / 1024, records };
}

interface Row {
  workload: string;
  "MB/s (wall)": string;
  "MB/s (CPU)": string;
  records: number;
  target: string;
  met: string;
}

function row(workload: string, t: Throughput, target = "", met?: boolean): Row {
  return {
    workload,
    "MB/s (wall)": t.wallMBps.toFixed(1),
    "MB/s (CPU)": t.cpuMBps.toFixed(1),
    records: t.count,
    target,
    met: met === undefined ? "" : met ? "yes" : "NO",
  };
}

/** The deployment package as synth builds it, loaded with the variables the stack sets. */
function bundleRows(): BenchRow[] {
  const out = mkdtempSync(join(tmpdir(), "mdl-validation-bench-"));
  try {
    const bundle = bundleHandler({ name: "validation", outDir: out, ...lakeHandlerSources(projectRoot(__dirname)).validation });
    return deploymentRows("validation", bundle, {
      ...process.env,
      AWS_REGION: "us-east-1",
      ENVIRONMENT: "bench",
      LINEAGE_TABLE: "lineage-bench",
      ALERT_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:alerts-bench",
      POWERTOOLS_SERVICE_NAME: "validation-bench",
      POWERTOOLS_METRICS_NAMESPACE: "Bench",
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: "string", default: "100" },
      runs: { type: "string", default: "3" },
      "rss-gb": { type: "string", default: "1" },
      "skip-rss": { type: "boolean", default: false },
      "rss-child": { type: "string" },
    },
  });
  if (values["rss-child"] !== undefined) return rssChild(Number(values["rss-child"]));
  const bytes = Number(values.mb) * 1e6;
  const runs = Number(values.runs);

  const tradesCsv = await ensureFile(`validator-bench-trades-${values.mb}mb-${SEED}.csv`, {
    dataset: "trades", format: "csv", date: DATE, targetBytes: bytes, seed: SEED, invalidRate: 0.001,
  });
  const tradesGz = await ensureGzip(tradesCsv);
  const quotesJsonl = await ensureFile(`validator-bench-quotes-${values.mb}mb-${SEED}.jsonl`, {
    dataset: "quotes", format: "jsonl", date: DATE, targetBytes: bytes, seed: SEED, invalidRate: 0.001,
  });
  const quotesGz = await ensureGzip(quotesJsonl);
  const csvBytes = statSync(tradesCsv).size;
  const jsonlBytes = statSync(quotesJsonl).size;
  // Shared machines: the load average says how much the figures were disturbed.
  console.log(`load average before measuring: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(
    `inputs: ${tradesCsv} (${csvBytes} B), ${tradesGz} (${statSync(tradesGz).size} B), ${quotesJsonl} (${jsonlBytes} B), ${quotesGz} (${statSync(quotesGz).size} B)`,
  );

  const validatorCsv = await bestOf(runs, csvBytes, () => validateFile(tradesCsv, "trades", "csv", false));
  const validatorGz = await bestOf(runs, csvBytes, () => validateFile(tradesGz, "trades", "csv", true));
  const gunzip = await bestOf(runs, csvBytes, () => gunzipOnly(tradesGz));
  const ownParse = await bestOf(runs, csvBytes, () => ownParseOnly(tradesCsv));
  const csvParse = await bestOf(Math.min(runs, 2), csvBytes, () => csvParseOnly(tradesCsv));
  const validatorJsonl = await bestOf(runs, jsonlBytes, () => validateFile(quotesJsonl, "quotes", "jsonl", false));
  const validatorJsonlGz = await bestOf(runs, jsonlBytes, () => validateFile(quotesGz, "quotes", "jsonl", true));
  const gunzipJsonl = await bestOf(runs, jsonlBytes, () => gunzipOnly(quotesGz));
  const jsonParse = await bestOf(runs, jsonlBytes, () => jsonParseOnly(quotesJsonl));
  const calibration = await bestOf(runs, csvBytes, () => byteSumLoop(tradesCsv));
  const handlerCsv = await bestOf(Math.min(runs, 2), csvBytes, () => validateAndCompress(tradesGz, "trades", "csv", DATE));
  const handlerJsonl = await bestOf(Math.min(runs, 2), jsonlBytes, () => validateAndCompress(quotesGz, "quotes", "jsonl", DATE));

  const ratio = validatorCsv.cpuMBps / csvParse.cpuMBps;
  const parserRatio = ownParse.cpuMBps / csvParse.cpuMBps;
  const gzipShare = validatorGz.wallMBps / gunzip.wallMBps;
  console.log(`load average after measuring: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.table([
    row("validator, trades CSV", validatorCsv, ">= 200 MB/s per core (CPU)", validatorCsv.cpuMBps >= 200),
    row("validator, trades CSV.gz", validatorGz, `>= 80% of gunzip (wall): ${(gzipShare * 100).toFixed(0)}%`, gzipShare >= 0.8),
    row("gunzip alone", gunzip),
    row("csv-parse, parse only", csvParse, `validator >= 25x: ${ratio.toFixed(1)}x`, ratio >= 25),
    row("own CSV split, parse only", ownParse, `like for like: ${parserRatio.toFixed(1)}x csv-parse`),
    row("validator, quotes JSONL", validatorJsonl, `${((validatorJsonl.cpuMBps / jsonParse.cpuMBps) * 100).toFixed(0)}% of JSON.parse loop`),
    row("validator, quotes JSONL.gz", validatorJsonlGz, `${((validatorJsonlGz.wallMBps / gunzipJsonl.wallMBps) * 100).toFixed(0)}% of gunzip (wall)`),
    row("gunzip alone, quotes JSONL.gz", gunzipJsonl),
    row("JSON.parse loop, quotes JSONL", jsonParse),
    row("calibration: JS byte-sum loop", calibration, "machine speed, not a target"),
    row("handler CPU path: trades CSV.gz -> validate -> gzip out", handlerCsv, "per instance: CPU rate x vCPUs"),
    row("handler CPU path: quotes JSONL.gz -> ... -> gzip out", handlerJsonl, "(end to end without S3)"),
  ]);

  printTable("Validation function: deployment package", bundleRows());

  if (values["skip-rss"]) return;
  const small = peakRssMb(100e6);
  const large = peakRssMb(Number(values["rss-gb"]) * 1e9);
  const flat = large.mb <= small.mb * 1.25;
  console.table([
    { stream: "100 MB trades CSV, generated on the fly", "peak RSS MB": small.mb.toFixed(0), records: small.records, "flat (<= +25%)": "" },
    { stream: `${values["rss-gb"]} GB trades CSV, generated on the fly`, "peak RSS MB": large.mb.toFixed(0), records: large.records, "flat (<= +25%)": flat ? "yes" : "NO" },
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
