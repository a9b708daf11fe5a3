import { GlueClient } from "@aws-sdk/client-glue";
import { Presets, SingleBar } from "cli-progress";
import { ENVIRONMENT_NAMES } from "../src/config";
import { Naming } from "../src/config/naming";
import {
  backfillEtl,
  bookmarkResetLines,
  etlJobs,
  formatDuration,
  hasReadErrors,
  jobRunCells,
  JOB_CHOICES,
  JOB_RUN_COLUMNS,
  MAX_BACKFILL_DAYS,
  outcomeLine,
  parseBackfillRange,
  readGlueStatus,
  resetBookmarks,
  RunRefused,
  runEtl,
  selectJobs,
  UsageError,
  workflowRunCells,
  WORKFLOW_RUN_COLUMNS,
  type CommandResult,
  type RunOutcome,
  type RunProgress,
  type StartedRun,
} from "../src/operations/glue";
import { etlNames } from "../src/stacks/etl-names";
import { renderTable } from "./lib/bench-table";
import { localClientOptions } from "./lib/local-clients";
import { numberFlag, parseCommandArgs } from "./lib/cli-args";
import { configOrExit, exitWith, invocationOrExit } from "./lib/cli-main";

const USAGE = `Usage: npm run glue -- <command> --env <${ENVIRONMENT_NAMES.join("|")}> [options] [--endpoint http://127.0.0.1:5000]

Commands:
  status           the last runs of both ETL jobs and the workflow's last run, as tables
                     [--runs N]  runs per job, 1-200 (default 5)
  run              starts the ETL workflow (raw-to-processed, then processed-to-curated on its
                   success, as the schedule does) and waits for it to end
                     [--job ${JOB_CHOICES.join("|")}]  start the job(s) directly instead,
                     as incremental runs (all: one after the other)
  backfill         rebuilds a range of trading dates: raw-to-processed for the datasets, then
                   processed-to-curated for the same dates; the job bookmark is left alone
                     --dataset trades|quotes|bars (or a comma-separated list)
                     --from YYYY-MM-DD --to YYYY-MM-DD  both included, at most ${MAX_BACKFILL_DAYS} days
                     [--job ${JOB_CHOICES.join("|")}]  only that job (default all)
  reset-bookmark   forgets what a job has read, so its next run reads every object again
                   (and rebuilds every partition: prefer backfill for a range)
                     --job ${JOB_CHOICES.join("|")}
                   refused while a run of the job has not ended

Options of run and backfill:
  --no-wait            return once the run is started (only where one run is started)
  --poll-seconds N     seconds between polls while waiting (default 30)
Ctrl-C stops the waiting, not the run.

Exit status: 0 done (every run waited for SUCCEEDED); 1 a run FAILED, TIMEOUT, STOPPED, ERROR or
EXPIRED (its error message is printed), a refusal, or a failed AWS call; 2 bad usage.
Uses the credentials of the environment and the config's region; --endpoint points at a local
AWS API server with "test" credentials.`;

type Command = "status" | "run" | "backfill" | "reset-bookmark";
const COMMANDS: readonly Command[] = ["status", "run", "backfill", "reset-bookmark"];
const WAITING = ["no-wait", "poll-seconds"];
/** The options each command takes besides --env, --endpoint and --help. */
const COMMAND_OPTIONS: Record<Command, readonly string[]> = {
  status: ["runs"],
  run: ["job", ...WAITING],
  backfill: ["dataset", "from", "to", "job", ...WAITING],
  "reset-bookmark": ["job"],
};

const OPTIONS = {
  env: { type: "string" },
  endpoint: { type: "string" },
  job: { type: "string" },
  dataset: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  runs: { type: "string" },
  "no-wait": { type: "boolean" },
  "poll-seconds": { type: "string" },
  help: { type: "boolean" },
} as const;

/** The command line, checked: unknown or misplaced flags and commands are UsageErrors. */
function parseCommandLine(argv: string[]) {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help) return "help" as const;
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError(`a command is required: ${COMMANDS.join(", ")}`);
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}; use one of ${COMMANDS.join(", ")}`);
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}: options are --name value`);
  const cmd = command as Command;
  const misplaced = Object.keys(values).filter((name) => !["env", "endpoint", "help", ...COMMAND_OPTIONS[cmd]].includes(name));
  if (misplaced.length) throw new UsageError(`--${misplaced[0]}: not an option of ${cmd}; ${cmd} takes ${COMMAND_OPTIONS[cmd].map((o) => `--${o}`).join(", ") || "no options"} besides --env and --endpoint`);
  if (!values.env) throw new UsageError(`--env: required; allowed values are ${ENVIRONMENT_NAMES.join(", ")}`);
  if (cmd === "reset-bookmark" && values.job === undefined) throw new UsageError(`--job: required for reset-bookmark; allowed values are ${JOB_CHOICES.join(", ")}`);
  return { command: cmd, env: values.env, values };
}

/** A progress bar on a terminal (on stderr, where cli-progress draws); a line per state change otherwise. */
class ProgressDisplay {
  private bar?: SingleBar;
  private barRun?: string;
  private readonly lastState = new Map<string, string>();

  constructor(private readonly tty: boolean) {}

  started(run: StartedRun): void {
    this.stop();
    const args = run.arguments ? ` with ${Object.entries(run.arguments).map(([k, v]) => `${k} ${v}`).join(" ")}` : "";
    console.log(`Started ${run.kind} ${run.name} run ${run.runId}${args}`);
  }

  update(p: RunProgress): void {
    const payload = { state: p.state, elapsed: formatDuration(p.elapsedSeconds), limit: p.kind === "job" ? (p.total ? `of ${formatDuration(p.total)} timeout` : "no timeout set") : `${p.done}/${p.total} jobs done` };
    if (!this.tty) {
      if (this.lastState.get(p.runId) !== p.state) console.log(`${p.name} ${p.runId}: ${p.state} (${payload.elapsed})`);
      this.lastState.set(p.runId, p.state);
      return;
    }
    if (this.barRun !== p.runId) {
      this.stop();
      this.bar = new SingleBar({ format: `${p.name} {bar} {state} {elapsed} {limit}`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
      this.bar.start(Math.max(p.total, 1), p.done, payload);
      this.barRun = p.runId;
    }
    this.bar!.setTotal(Math.max(p.total, 1));
    this.bar!.update(p.done, payload);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.barRun = undefined;
  }

  /** A run ended: its line, and why it did not succeed. */
  ended(outcome: RunOutcome): void {
    this.stop();
    console.log(outcomeLine(outcome));
    for (const error of outcome.errors) console.error(`  ${error}`);
  }
}

function reportRuns(result: CommandResult, env: string): number {
  for (const name of result.notStarted) console.error(`${name}: not started, because the run before it did not succeed`);
  if (!result.outcomes.length) console.log(`Not waiting; follow the run with: npm run glue -- status --env ${env}`);
  return result.succeeded ? 0 : 1;
}

async function main(): Promise<number> {
  const invocation = invocationOrExit(() => parseCommandLine(process.argv.slice(2)), USAGE);
  if (typeof invocation === "number") return invocation;
  const { command, env, values } = invocation;
  const config = configOrExit(env);
  if (typeof config === "number") return config;
  const names = etlNames(new Naming(config));
  const glue = new GlueClient(values.endpoint ? localClientOptions(values.endpoint, config.region) : { region: config.region });
  const display = new ProgressDisplay(process.stderr.isTTY === true);
  try {
    // Every flag is checked before the first AWS call, so bad input starts nothing.
    const runs = numberFlag("--runs", values.runs, 1, 200, true) ?? 5;
    const pollIntervalMs = (numberFlag("--poll-seconds", values["poll-seconds"], 0.1, 3600, false) ?? 30) * 1000;
    const waiting = { job: values.job, wait: !values["no-wait"], pollIntervalMs, onStarted: (r: StartedRun) => display.started(r), onProgress: (p: RunProgress) => display.update(p), onEnded: (o: RunOutcome) => display.ended(o) };
    if (values.job !== undefined) selectJobs(names, values.job);
    switch (command) {
      case "status": {
        const status = await readGlueStatus(glue, names, { runs });
        console.log(`Glue ETL of ${config.environment} (${config.region})${values.endpoint ? ` against ${values.endpoint}` : ""}: the last ${runs} runs of each job\n`);
        console.log(renderTable(JOB_RUN_COLUMNS, jobRunCells(status)));
        console.log(`\n${renderTable(WORKFLOW_RUN_COLUMNS, workflowRunCells(status, etlJobs(names).length))}`);
        return hasReadErrors(status) ? 1 : 0;
      }
      case "run":
        return reportRuns(await runEtl(glue, names, waiting).finally(() => display.stop()), env);
      case "backfill": {
        const range = parseBackfillRange(values);
        return reportRuns(await backfillEtl(glue, names, range, waiting).finally(() => display.stop()), env);
      }
      case "reset-bookmark": {
        const result = await resetBookmarks(glue, selectJobs(names, values.job!));
        for (const line of bookmarkResetLines(result)) (result.status === "refused" ? console.error : console.log)(line);
        return result.status === "refused" ? 1 : 0;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RunRefused) {
      console.error(`Refused: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

exitWith(main, "Glue command failed");
