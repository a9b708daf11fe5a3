import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";

/** One benchmark result row; `met` is undefined when there is no target to compare against. */
export interface BenchRow {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly met?: boolean;
}

/** An aligned Markdown-style text table: stable in CI logs and easy to paste into README. */
export function renderTable(header: readonly string[], cells: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

export function printTable(title: string, rows: readonly BenchRow[]): void {
  const cells = rows.map((r) => [r.name, r.value, r.target, r.met === undefined ? "-" : r.met ? "ok" : "MISSED"]);
  console.log(`\n${title}\n${renderTable(["benchmark", "measured", "target", "result"], cells)}`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median ms (of `runs` fresh node processes) to `require` a bundled handler file with `env`: the
 * share of a Lambda cold start that is the code's own.
 */
export function coldRequireMs(codeFile: string, env: NodeJS.ProcessEnv, runs = 7): number {
  return median(
    Array.from({ length: runs }, () => {
      const run = spawnSync(process.execPath, ["-e", `const t=process.hrtime.bigint();require(${JSON.stringify(codeFile)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`], { env, encoding: "utf8" });
      // The minified line stderr echoes is the whole bundle: keep the message lines only.
      if (run.status !== 0) throw new Error(`loading the bundled handler failed: ${run.stderr.split("\n").filter((l) => l.length < 500).join("\n")}`);
      return Number(run.stdout);
    }),
  );
}

/** Lambda limits of every lake function (DESIGN, "Choices and libraries"). */
export const DEPLOYMENT_ZIP_LIMIT_BYTES = 1024 * 1024;
export const COLD_REQUIRE_LIMIT_MS = 100;

/**
 * One function's deployment package against the limits: its zip size, and the cold require of the
 * index.js it holds (median of 7 fresh processes with `env`, the function's variables).
 */
export function deploymentRows(name: string, bundle: { readonly zipPath: string; readonly codeBytes: number; readonly zipBytes: number }, env: NodeJS.ProcessEnv): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), `mdl-${name}-require-`));
  try {
    const codeFile = join(dir, "index.js");
    writeFileSync(codeFile, Buffer.from(unzipSync(readFileSync(bundle.zipPath))["index.js"]!));
    const requireMs = coldRequireMs(codeFile, env);
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    return [
      { name: `${name} handler: minified index.js`, value: kb(bundle.codeBytes), target: "-", met: undefined },
      { name: `${name} handler: deployment zip (code + source map)`, value: kb(bundle.zipBytes), target: "<= 1 MB", met: bundle.zipBytes <= DEPLOYMENT_ZIP_LIMIT_BYTES },
      { name: `${name} handler: cold require (median of 7)`, value: `${requireMs.toFixed(0)} ms`, target: `<= ${COLD_REQUIRE_LIMIT_MS} ms`, met: requireMs <= COLD_REQUIRE_LIMIT_MS },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU and wall time of one measured run. */
export interface Measured {
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
}

/**
 * Runs `work` `runs` times with stdout and stderr discarded (the handler's logs and EMF are still
 * built, as in Lambda) and returns the run with the least CPU: the least disturbed by other work.
 */
export async function measureQuietly(runs: number, work: (run: number) => Promise<void> | void): Promise<Measured> {
  let best: Measured | undefined;
  for (let run = 0; run < runs; run++) {
    const out = process.stdout.write;
    const err = process.stderr.write;
    process.stdout.write = (() => true) as typeof out;
    process.stderr.write = (() => true) as typeof err;
    const cpu = process.cpuUsage();
    const wall = process.hrtime.bigint();
    try {
      await work(run);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    const used = process.cpuUsage(cpu);
    const result = { cpuSeconds: (used.user + used.system) / 1e6, wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9 };
    if (!best || result.cpuSeconds < best.cpuSeconds) best = result;
  }
  return best!;
}
