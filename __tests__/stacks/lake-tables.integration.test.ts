import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/bundling/project-root";
import { CURATED_COLUMNS, PROCESSED_COLUMNS } from "../../src/stacks/lake-tables";

/**
 * The catalog (lake-tables.ts) and the jobs (glue-scripts/lib/market_lake/schemas.py) describe the
 * same Parquet. Spark's simpleString of a schema uses Hive's type names, so the two compare as text.
 */
describe("catalog tables against the schemas the Glue jobs write", () => {
  const root = projectRoot();
  const python = join(root, ".venv", "bin", "python");
  let written: { processed: Record<string, string[]>; curated: Record<string, string[]> };

  beforeAll(() => {
    if (!existsSync(python)) throw new Error(`${python} is missing: run "bash scripts/python-env.sh" (npm test does) to create the project's Python environment`);
    const script = [
      "import json, sys",
      `sys.path.insert(0, ${JSON.stringify(join(root, "glue-scripts", "lib"))})`,
      "from market_lake.schemas import DATASETS, CURATED_TABLES, processed_schema",
      "cols = lambda s: [f'{f.name}:{f.dataType.simpleString()}' for f in s.fields]",
      "print(json.dumps({'processed': {d: cols(processed_schema(d)) for d in DATASETS}, 'curated': {t: cols(s) for t, s in CURATED_TABLES.items()}}))",
    ].join("\n");
    const run = spawnSync(python, ["-c", script], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`reading the job schemas failed: ${run.stderr}`);
    written = JSON.parse(run.stdout);
  }, 60_000);

  const described = (columns: ReadonlyArray<{ name: string; type: string }>) => columns.map((c) => `${c.name}:${c.type}`);

  it.each(Object.keys(PROCESSED_COLUMNS))("processed %s has the columns, order and types raw-to-processed writes", (dataset) => {
    expect(described(PROCESSED_COLUMNS[dataset as keyof typeof PROCESSED_COLUMNS])).toEqual(written.processed[dataset]);
  });

  it("the jobs write exactly the curated tables the catalog describes", () => {
    expect(Object.keys(CURATED_COLUMNS).sort()).toEqual(Object.keys(written.curated).sort());
    expect(Object.keys(PROCESSED_COLUMNS).sort()).toEqual(Object.keys(written.processed).sort());
  });

  it.each(Object.keys(CURATED_COLUMNS))("curated %s has the columns, order and types processed-to-curated writes", (table) => {
    expect(described(CURATED_COLUMNS[table as keyof typeof CURATED_COLUMNS])).toEqual(written.curated[table]);
  });
});
