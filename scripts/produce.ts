import { statSync } from "node:fs";
import { Presets, SingleBar } from "cli-progress";
import { ENVIRONMENT_NAMES } from "../src/config";
import { Naming } from "../src/config/naming";
import { DATASETS } from "../handlers/validation/core/datasets";
import { allSent, describeInputFile, kinesisClient, produceFile, streamNameOf, summaryLines, UsageError, type ProduceFileOptions } from "../src/operations/produce";
import { localClientOptions } from "./lib/local-clients";
import { numberFlag, parseCommandArgs } from "./lib/cli-args";
import { configOrExit, exitWith, invocationOrExit } from "./lib/cli-main";

const USAGE = `Usage: npm run produce -- --file <path> --env <${ENVIRONMENT_NAMES.join("|")}> [options] [--endpoint http://127.0.0.1:5000]

Streams a market data file onto the environment's Kinesis stream, one JSON event per record: the
record's fields plus "dataset" and "trading_date" (the civil date of its timestamp in the dataset's
partition time zone, from the config), partition key its symbol. PutRecords requests of at most
500 records and 5 MiB; failed entries are sent again with exponential backoff and full jitter.

  --file PATH          .csv, .jsonl or .ndjson, each optionally .gz; read as a stream
  --dataset D          ${DATASETS.join("|")}; default: the path's dataset=<d> segment
  --rate N             at most N records a second (retries included); default no limit
  --concurrency N      PutRecords requests in flight, 1-16 (default 4; 1 with --endpoint, as the
                       local server loses records written to one shard concurrently)
  --max-attempts N     requests a record may be in before it is given up, 1-20 (default 8)
  --strict-order       at most one record per symbol per request: order per symbol even where
                       Kinesis fails an entry and writes a later one of the same request (slower
                       for files dominated by a few symbols)
  --stream NAME        another stream than the environment's (default: its market-records stream)

Prints a summary: records read, sent, retried, failed (lost), skipped lines, requests, MB, seconds
and records/s. Exit status: 0 every record read is on the stream; 1 a record was lost or a line
held no sendable record, or an AWS error stopped the run; 2 bad usage.
Uses the credentials of the environment and the config's region; --endpoint points at a local
AWS API server with "test" credentials.`;

const OPTIONS = {
  file: { type: "string" },
  env: { type: "string" },
  dataset: { type: "string" },
  rate: { type: "string" },
  concurrency: { type: "string" },
  "max-attempts": { type: "string" },
  "strict-order": { type: "boolean" },
  stream: { type: "string" },
  endpoint: { type: "string" },
  help: { type: "boolean" },
} as const;

/** The command line, checked before any file is opened or AWS called. */
function parseCommandLine(argv: string[]) {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help) return "help" as const;
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: options are --name value`);
  if (!values.env) throw new UsageError(`--env: required; allowed values are ${ENVIRONMENT_NAMES.join(", ")}`);
  if (!values.file) throw new UsageError("--file: required; a .csv, .jsonl or .ndjson file, optionally .gz");
  const input = describeInputFile(values.file, values.dataset);
  let size: number;
  try {
    const stat = statSync(values.file);
    if (!stat.isFile()) throw new Error("not a file");
    size = stat.size;
  } catch (error) {
    throw new UsageError(`--file: ${values.file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return {
    env: values.env,
    endpoint: values.endpoint,
    stream: values.stream,
    input,
    size,
    rate: numberFlag("--rate", values.rate, 1, 1_000_000, false),
    concurrency: numberFlag("--concurrency", values.concurrency, 1, 16, true),
    maxAttempts: numberFlag("--max-attempts", values["max-attempts"], 1, 20, true),
    strictOrder: values["strict-order"] === true,
  };
}

async function main(): Promise<number> {
  const invocation = invocationOrExit(() => parseCommandLine(process.argv.slice(2)), USAGE);
  if (typeof invocation === "number") return invocation;
  const { env, endpoint, input, size } = invocation;
  const config = configOrExit(env);
  if (typeof config === "number") return config;
  const streamName = invocation.stream ?? streamNameOf(new Naming(config));
  const kinesis = kinesisClient(endpoint ? localClientOptions(endpoint, config.region) : { region: config.region });
  const timeZone = config.partitionTimeZones[input.dataset] ?? "UTC";
  console.log(`Producing ${input.dataset} (${input.format}${input.gzip ? ", gzip" : ""}, trading dates in ${timeZone}) from ${input.path} to ${streamName} (${config.environment}, ${config.region})${endpoint ? ` against ${endpoint}` : ""}`);

  // A bar on a terminal (stderr, where cli-progress draws), over the file's bytes; nothing otherwise.
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new SingleBar({ format: "produce {bar} {percentage}% | {sent} sent, {retried} retried, {lost} lost | {speed} records/s", hideCursor: true, stream: process.stderr }, Presets.shades_classic) : undefined;
  const started = performance.now();
  bar?.start(Math.max(size, 1), 0, { sent: 0, retried: 0, lost: 0, speed: 0 });
  const onProgress: ProduceFileOptions["onProgress"] = (p) => {
    const seconds = (performance.now() - started) / 1000;
    bar?.update(p.fileBytesRead, { sent: p.sent, retried: p.retried, lost: p.lost, speed: seconds > 0 ? Math.round(p.sent / seconds) : 0 });
  };
  let summary;
  try {
    summary = await produceFile({
      kinesis,
      streamName,
      file: input.path,
      dataset: input.dataset,
      timeZones: config.partitionTimeZones,
      onProgress,
      ...(invocation.rate !== undefined ? { rate: invocation.rate } : {}),
      // moto 5.2.1 numbers a shard's records without a lock: concurrent PutRecords overwrite each other there.
      concurrency: invocation.concurrency ?? (endpoint ? 1 : 4),
      ...(invocation.maxAttempts !== undefined ? { maxAttempts: invocation.maxAttempts } : {}),
      strictOrder: invocation.strictOrder,
    });
  } finally {
    if (bar) {
      bar.update(size);
      bar.stop();
    }
  }
  const lines = summaryLines(summary, streamName);
  console.log(lines.join("\n"));
  return allSent(summary) ? 0 : 1;
}

exitWith(main, "Produce failed");
