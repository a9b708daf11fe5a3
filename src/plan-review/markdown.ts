/** Small Markdown (GitHub-flavoured) builders; values from a plan can hold any character. */

/** An inline code span that survives backticks and line breaks in `text`. */
export function code(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  return longestRun ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

/** Shortens long values (whole security group rule lists, say) so one row stays readable. */
export function truncate(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A table; pipes in cells are escaped (GitHub splits cells on them even inside code spans). */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|").replace(/\n/g, " ")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A block GitHub shows collapsed, for detail a reviewer opens only when needed. */
export function details(summary: string, body: string): string {
  const escaped = summary.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<details><summary>${escaped}</summary>\n\n${body}\n\n</details>`;
}
