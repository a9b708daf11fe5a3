/** One benchmark result row; `met` is undefined when there is no target to compare against. */
export interface BenchRow {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly met?: boolean;
}

/** Prints rows as an aligned text table (stable in CI logs and easy to paste into README). */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  const header = ["benchmark", "measured", "target", "result"];
  const cells = rows.map((r) => [r.name, r.value, r.target, r.met === undefined ? "-" : r.met ? "ok" : "MISSED"]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  cells.forEach((c) => console.log(line(c)));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
