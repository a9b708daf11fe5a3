import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";
import type { Job } from "@aws-sdk/client-glue";
import type { EnvironmentConfig } from "../../src/config";
import { buildGlueLibrary } from "../../src/bundling/glue-code";
import { CURATED_COLUMNS, PROCESSED_COLUMNS } from "../../src/stacks/lake-tables";
import { VALIDATION_PREFIXES } from "../../src/stacks/validation-pipeline";
import { renderTable } from "../lib/bench-table";
import type { LocalClients } from "../lib/local-clients";
import { readDeployedGlue, type GlueOutputs } from "./glue-resources";

/** What validation produced, which the Glue step must account for. */
export interface ValidatedTotals {
  /** Records the validator accepted, over every object (lineage). */
  readonly accepted: number;
  /** Of those, records that repeat an earlier object's (vendor resends). */
  readonly resent: number;
}

export interface Summary {
  readonly event: string;
  readonly totals?: { records_in: number; rows_written: number; duplicates_dropped: number };
  readonly tables?: readonly { table: string; date: string; rows: number; files: number }[];
}

type Sums = Record<string, number> & { rows: number };
export interface OutputFacts {
  readonly processed: Readonly<Record<"trades" | "quotes" | "bars", Sums>>;
  readonly curated: Readonly<Record<"bars_1m" | "daily_bars" | "quote_stats", Sums>>;
}

function parseS3(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!match) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: match[1]!, key: match[2]! };
}

async function download(s3: S3Client, uri: string, path: string): Promise<Buffer> {
  const { bucket, key } = parseS3(uri);
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}

/** Copies every object under the prefix to `<mirror>/<bucket>/<key>`, modification time = LastModified (Glue's arrival order). */
async function mirrorPrefix(s3: S3Client, bucket: string, prefix: string, mirror: string): Promise<number> {
  let count = 0;
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) {
      const path = join(mirror, bucket, object.Key!);
      await download(s3, `s3://${bucket}/${object.Key}`, path);
      if (object.LastModified) utimesSync(path, object.LastModified, object.LastModified);
      count++;
    }
  }
  return count;
}

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

/** Uploads the Parquet a job wrote into its local bucket folder (Spark's _SUCCESS and .crc files stay behind). */
async function uploadParquet(s3: S3Client, mirror: string, bucket: string, tablePrefixes: readonly string[]): Promise<number> {
  const keyOf = (file: string) => relative(join(mirror, bucket), file).split(sep).join("/");
  const parquet = files(join(mirror, bucket)).filter((f) => f.endsWith(".parquet") && !keyOf(f).split("/").some((p) => p.startsWith("_") || p.startsWith(".")));
  // Under a catalog table's location, one folder per date: what partition projection reads.
  const misplaced = parquet.map(keyOf).filter((key) => !tablePrefixes.some((prefix) => new RegExp(`^${prefix}date=\\d{4}-\\d{2}-\\d{2}/[^/]+\\.parquet$`).test(key)));
  if (misplaced.length) throw new Error(`Parquet outside the catalog tables' date partitions of ${bucket}: ${misplaced.slice(0, 3).join(", ")}`);
  for (const file of parquet) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(file), Body: readFileSync(file) }));
  let listed = 0;
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) listed += (page.Contents ?? []).filter((o) => o.Key!.endsWith(".parquet")).length;
  if (listed !== parquet.length) throw new Error(`bucket ${bucket} lists ${listed} Parquet objects after uploading ${parquet.length}`);
  return parquet.length;
}

/** The job's argv as Glue builds it (script, --JOB_NAME, its default arguments), every s3:// URI mapped into the mirror. */
export function localArgv(script: string, job: Job, mirror: string): string[] {
  const local = (value: string) => value.split(",").map((v) => (v.startsWith("s3://") ? `file:${mirror}/${v.slice("s3://".length)}` : v)).join(",");
  return [script, "--JOB_NAME", job.Name!, ...Object.entries(job.DefaultArguments ?? {}).flatMap(([name, value]) => [name, local(value)])];
}

/** The deployed code of a job: its script and libraries, checked byte for byte against the repository's (`built`: the library zip built from it). */
async function downloadCode(s3: S3Client, job: Job, root: string, codeDir: string, built: Buffer, problems: string[]): Promise<{ script: string; libraries: string[] }> {
  const scriptUri = job.Command!.ScriptLocation!;
  const script = join(codeDir, basename(scriptUri));
  const deployed = await download(s3, scriptUri, script);
  if (!deployed.equals(readFileSync(join(root, "glue-scripts", "jobs", basename(scriptUri))))) problems.push(`${scriptUri} is not glue-scripts/jobs/${basename(scriptUri)}`);
  const libraries: string[] = [];
  for (const uri of (job.DefaultArguments?.["--extra-py-files"] ?? "").split(",").filter(Boolean)) {
    const path = join(codeDir, basename(uri));
    if (!(await download(s3, uri, path)).equals(built)) problems.push(`${uri} is not the library zip built from glue-scripts/lib`);
    libraries.push(path);
  }
  return { script, libraries };
}

export function reconciliation(validated: ValidatedTotals, raw: Summary, facts: OutputFacts): { rows: string[][]; problems: string[] } {
  const totals = raw.totals!;
  const processedRows = facts.processed.trades.rows + facts.processed.quotes.rows + facts.processed.bars.rows;
  const checks: [string, number, number][] = [
    ["validated records accepted = raw-to-processed records in", validated.accepted, totals.records_in],
    ["records in = rows written + duplicates dropped", totals.records_in, totals.rows_written + totals.duplicates_dropped],
    ["duplicates dropped = records resent", validated.resent, totals.duplicates_dropped],
    ["rows written = processed Parquet rows", totals.rows_written, processedRows],
    ["processed trade sizes = 1-minute bar volume", facts.processed.trades.size!, facts.curated.bars_1m.volume!],
    ["processed trades = 1-minute bar trade counts", facts.processed.trades.rows, facts.curated.bars_1m.trade_count!],
    ["1-minute bar volume = daily bar volume", facts.curated.bars_1m.volume!, facts.curated.daily_bars.volume!],
    ["processed quotes = quote statistics' quote counts", facts.processed.quotes.rows, facts.curated.quote_stats.quote_count!],
  ];
  return {
    rows: checks.map(([name, left, right]) => [name, String(left), String(right), left === right ? "ok" : "MISMATCH"]),
    problems: checks.filter(([, left, right]) => left !== right).map(([name, left, right]) => `${name}: ${left} != ${right}`),
  };
}

/** A log metric filter of the synthesized stack, as cdk.tf.json holds it. */
export interface MetricFilterJson {
  readonly name: string;
  readonly pattern: string;
  readonly metric_transformation: { readonly name: string; readonly value: string; readonly dimensions?: Readonly<Record<string, string>> };
}

const atPath = (line: unknown, path: string): unknown => path.split(".").slice(1).reduce<any>((v, k) => (v == null ? undefined : v[k]), line);

/**
 * Every summary metric filter must match a summary line a job printed and find a number at its
 * value path and a value at each dimension path in it: otherwise the metric stays empty in AWS,
 * and nothing else would notice.
 */
export function metricFilterProblems(filters: readonly MetricFilterJson[], lines: readonly Record<string, unknown>[]): string[] {
  return filters.flatMap((filter) => {
    const event = /^\{ \$\.event = "([^"]+)" \}$/.exec(filter.pattern)?.[1];
    if (!event) return [];
    const line = lines.find((l) => l.event === event);
    if (!line) return [`metric filter ${filter.name}: no job printed a "${event}" line`];
    const problems: string[] = [];
    if (typeof atPath(line, filter.metric_transformation.value) !== "number") problems.push(`metric filter ${filter.name}: ${filter.metric_transformation.value} is not a number in the ${event} line`);
    for (const [dimension, path] of Object.entries(filter.metric_transformation.dimensions ?? {})) {
      if (typeof atPath(line, path) !== "string") problems.push(`metric filter ${filter.name}: dimension ${dimension} (${path}) is not in the ${event} line`);
    }
    return problems;
  });
}

function summaryFilters(stackDir: string): MetricFilterJson[] {
  const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { resource?: { aws_cloudwatch_log_metric_filter?: Record<string, MetricFilterJson> } };
  return Object.values(stack.resource?.aws_cloudwatch_log_metric_filter ?? {}).filter((f) => f.pattern.startsWith("{ $.event ="));
}

/**
 * The ETL half of the local run: reads the Glue resources back, downloads the deployed scripts,
 * library and validated objects, runs both jobs in local Spark with the arguments Glue holds for
 * them (through the awsglue stand-in), uploads the Parquet to the processed and curated buckets,
 * and reconciles raw to curated. Returns the problems found (empty: all reconciled).
 */
export async function runGlueStage(options: { clients: LocalClients; outputs: Record<string, any>; stackDir: string; config: EnvironmentConfig; root: string; work: string; validated: ValidatedTotals }): Promise<string[]> {
  const { clients, outputs, root } = options;
  const names: GlueOutputs = {
    jobs: outputs.glue_job_names,
    workflow: outputs.glue_workflow_name,
    databases: outputs.catalog_databases,
    buckets: { processed: outputs.processed_bucket_name, curated: outputs.curated_bucket_name, code: outputs.glue_code_bucket_name },
  };
  const deployed = await readDeployedGlue(clients.glue, names, options.config);
  const problems = [...deployed.problems];
  console.log(`  Glue API: 2 jobs, workflow ${names.workflow}, its triggers, ${Object.keys(outputs.catalog_databases).length} databases and their tables read back; ${deployed.problems.length} problem(s)`);

  const mirror = join(options.work, "glue", "s3");
  const codeDir = join(options.work, "glue", "code");
  const objects = await mirrorPrefix(clients.s3, outputs.raw_bucket_name, VALIDATION_PREFIXES.validated, mirror);
  const jobs = [];
  const pythonPath = new Set<string>([join(root, "glue-scripts", "tests", "awsglue_standin")]);
  const built = readFileSync(buildGlueLibrary(join(root, "glue-scripts", "lib"), join(codeDir, "rebuilt")).path);
  for (const job of [deployed.jobs.rawToProcessed, deployed.jobs.processedToCurated]) {
    const code = await downloadCode(clients.s3, job, root, codeDir, built, problems);
    code.libraries.forEach((l) => pythonPath.add(l));
    jobs.push({ script: code.script, argv: localArgv(code.script, job, mirror) });
  }
  const specFile = join(options.work, "glue", "jobs.json");
  writeFileSync(specFile, JSON.stringify({ jobs, processed_root: join(mirror, names.buckets.processed), curated_root: join(mirror, names.buckets.curated) }, null, 2));
  const python = process.env.PYTHON ?? join(root, ".venv", "bin", "python");
  const started = Date.now();
  const run = spawnSync(python, [join(root, "scripts", "e2e", "run_glue_jobs.py"), specFile], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PYTHONPATH: [...pythonPath].join(":"), GLUE_STANDIN_BOOKMARKS: join(options.work, "glue", "bookmarks") },
  });
  if (run.status !== 0) throw new Error(`the Glue jobs failed in local Spark (${python}, exit ${run.status ?? run.error?.message}):\n${(run.stderr ?? "").slice(-4000)}`);
  const lines = run.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Summary & OutputFacts);
  const raw = lines.find((l) => l.event === "raw-to-processed.summary");
  const curated = lines.find((l) => l.event === "processed-to-curated.summary");
  const facts = lines.find((l) => l.event === "e2e.glue.outputs");
  if (!raw?.totals || !curated?.tables || !facts) throw new Error(`the Glue run printed no summary of each job and of the outputs:\n${run.stdout.slice(-2000)}`);
  console.log(`  ${objects} validated objects through raw-to-processed and processed-to-curated in ${((Date.now() - started) / 1000).toFixed(0)} s (one local Spark, 2 cores)`);
  const processedFiles = await uploadParquet(clients.s3, mirror, names.buckets.processed, Object.keys(PROCESSED_COLUMNS).map((d) => `dataset=${d}/`));
  const curatedFiles = await uploadParquet(clients.s3, mirror, names.buckets.curated, Object.keys(CURATED_COLUMNS).map((t) => `${t}/`));
  console.log(`  uploaded ${processedFiles} processed and ${curatedFiles} curated Parquet objects; curated: ${curated.tables.map((t) => `${t.table} ${t.rows} rows`).join(", ")}`);

  const filters = summaryFilters(options.stackDir);
  problems.push(...metricFilterProblems(filters, lines as unknown as Record<string, unknown>[]));
  if ([raw, curated].some((l) => !Object.values(names.jobs).includes((l as { job_name?: string }).job_name ?? ""))) problems.push("a summary line's job_name is not the deployed job's name");
  console.log(`  ${filters.length} log metric filters of the summary lines find their values in the lines the jobs printed`);
  const check = reconciliation(options.validated, raw, facts);
  console.log(renderTable(["raw -> curated", "left", "right", "result"], check.rows));
  return [...problems, ...check.problems];
}
