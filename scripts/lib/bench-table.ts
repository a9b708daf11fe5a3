import { spawnSync } from "node:child_process";

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
      if (run.status !== 0) throw new Error(`loading the bundled handler failed: ${run.stderr}`);
      return Number(run.stdout);
    }),
  );
}
