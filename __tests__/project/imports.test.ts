import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(__dirname, "..", "..");
const SOURCE_DIRS = ["src", "scripts", "handlers", "__tests__", "bench"];

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("imports", () => {
  const files = [join(root, "main.ts"), ...SOURCE_DIRS.flatMap((d) => sourceFiles(join(root, d)))];

  it("finds the project's sources", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("never loads the @cdktf/provider-aws package root (3.5-4.6 s and 530 MB per process)", () => {
    // Built from parts so this file does not match itself.
    const rootImport = new RegExp(["(from\\s+|require\\(\\s*|import\\(\\s*)", "[\"']@cdktf/provider-aws[\"']"].join(""));
    // The benchmark loads the root once, in a child process, to show the contrast in its table.
    const allowed = ["scripts/bench.ts"];
    const offenders = files.filter((f) => rootImport.test(readFileSync(f, "utf8"))).map((f) => relative(root, f)).filter((f) => !allowed.includes(f));
    expect(offenders).toEqual([]);
  });
});
