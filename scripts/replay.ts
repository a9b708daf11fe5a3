import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { Presets, SingleBar } from "cli-progress";
import { ConfigError, ENVIRONMENT_NAMES, loadEnvironmentConfig } from "../src/config";
import { Naming } from "../src/config/naming";
import { UsageError } from "../src/operations/glue";
import { EVENT_TYPES, marketEventsNames, parseReplayWindow, replayArchive, replayNameFor, ruleArn, type MarketEventType } from "../src/operations/replay";
import { parseCommandArgs, numberFlag } from "./lib/cli-args";
import { localClientOptions } from "./lib/local-clients";

const USAGE = `Usage: npm run replay -- --env <${ENVIRONMENT_NAMES.join("|")}> --from <time> --to <time> [--type ${EVENT_TYPES.join("|")}] [--poll-seconds N] [--endpoint http://127.0.0.1:5000]

Replays the market events archived between --from and --to (ISO 8601 with a zone, e.g.
2026-12-01T14:30:00Z, or a date for its 00:00Z) back onto the environment's market events bus,
to every rule, or with --type (repeatable) only to those types' rules, and shows its progress
until it ends. Replayed events carry "replay-name", so consumers can tell them apart.

Exit status: 0 COMPLETED; 1 FAILED or CANCELLED (the reason is printed) or a failed AWS call;
2 bad usage. Uses the credentials of the environment and the config's region; --endpoint points
at a local AWS API server with "test" credentials.`;

const OPTIONS = {
  env: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  type: { type: "string", multiple: true },
  "poll-seconds": { type: "string" },
  endpoint: { type: "string" },
  help: { type: "boolean" },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.env) throw new UsageError("--env is required");
  const config = loadEnvironmentConfig(values.env);
  const types = (values.type ?? []).map((t) => {
    if (!(EVENT_TYPES as readonly string[]).includes(t)) throw new UsageError(`--type "${t}" is not one of ${EVENT_TYPES.join(", ")}`);
    return t as MarketEventType;
  });
  const now = new Date();
  const window = parseReplayWindow(values.from, values.to, now);
  const pollSeconds = numberFlag("--poll-seconds", values["poll-seconds"], 1, 300, true) ?? 5;
  const names = marketEventsNames(new Naming(config));
  const arn = (kind: string) => `arn:aws:events:${config.region}:${config.accountId}:${kind}`;
  const busArn = arn(`event-bus/${names.bus}`);
  const client = new EventBridgeClient(values.endpoint ? localClientOptions(values.endpoint, config.region) : { region: config.region });
  const bar = new SingleBar({ format: "replay {bar} {percentage}% | {state}", hideCursor: true }, Presets.shades_classic);
  bar.start(100, 0, { state: "STARTING" });
  const outcome = await replayArchive(
    client,
    { replayName: replayNameFor(types, window.from, now), archiveArn: arn(`archive/${names.archive}`), busArn, from: window.from, to: window.to, ruleArns: types.map((t) => ruleArn(busArn, names.rule(t))) },
    { pollIntervalMs: pollSeconds * 1000, onProgress: (p) => bar.update(Math.round(p.done * 100), { state: p.state }) },
  ).finally(() => bar.stop());
  console.log(`replay ${outcome.state} in ${outcome.seconds.toFixed(0)} s: ${window.from.toISOString()} .. ${window.to.toISOString()} onto ${names.bus}${types.length ? ` (rules of ${types.join(", ")})` : ""}${outcome.reason ? `: ${outcome.reason}` : ""}`);
  return outcome.succeeded ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`replay failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
