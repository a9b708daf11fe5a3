/**
 * A light driver for profiling and quick A/B checks of one workload (the full benchmark runs every
 * workload and the RSS children; too heavy to run after each change on a shared machine).
 * Build and run:
 *   npx esbuild bench/validator/profile-driver.ts --bundle --platform=node --outfile=build/bench/profile-driver.js
 *   node [--cpu-prof] build/bench/profile-driver.js <file> <trades|quotes|bars> [--runs 3] [--keep out-file]
 * The format and gzip come from the file name (.csv / .jsonl, .gz). `--keep` writes the accepted
 * output of the last run to a file (to compare outputs before and after a change).
 */
import { createWriteStream, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { Dataset, openRecordStream, validateObject } from "../../handlers/validation/core";
import { bestOf } from "./measure";
import { readFile } from "./competitors";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: "string", default: "3" }, keep: { type: "string" } },
  });
  const [path, dataset] = positionals as [string, Dataset];
  const gzip = path.endsWith(".gz");
  const format = path.replace(/\.gz$/, "").endsWith(".csv") ? "csv" : "jsonl";
  const bytes = gzip ? 0 : statSync(path).size;
  let decompressed = bytes;
  const chunks: Buffer[] = [];
  const sinks = { accepted: (chunk: Buffer) => void (values.keep ? chunks.push(chunk) : undefined), rejected: () => undefined };
  const result = await bestOf(Number(values.runs), bytes || 1, async () => {
    chunks.length = 0;
    const summary = await validateObject(openRecordStream(readFile(path), { gzip }), { dataset, date: "2026-11-20", format }, sinks);
    decompressed = summary.bytes_read;
    return summary.records_in;
  });
  const scale = decompressed / (bytes || 1);
  console.log(
    `${path}: ${result.count} records, ${(result.wallMBps * scale).toFixed(1)} MB/s wall, ${(result.cpuMBps * scale).toFixed(1)} MB/s CPU`,
  );
  if (values.keep) {
    const out = createWriteStream(values.keep);
    for (const chunk of chunks) out.write(chunk);
    out.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
