import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { Presets, SingleBar } from "cli-progress";
import { ENVIRONMENT_NAMES } from "../src/config";
import { Naming } from "../src/config/naming";
import { UsageError } from "../src/operations/glue";
import { EVENT_TYPES, marketEventsNames, parseReplayWindow, replayArchive, replayNameFor, ruleArn, type MarketEventType } from "../src/operations/replay";
import { parseCommandArgs, numberFlag } from "./lib/cli-args";
import { configOrExit, exitWith, invocationOrExit } from "./lib/cli-main";
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

/** The command line, checked before AWS is called: a UsageError names the flag. */
function parseCommandLine(argv: string[], now: Date) {
  const { values } = parseCommandArgs(argv, OPTIONS);
  if (values.help) return "help" as const;
  if (!values.env) throw new UsageError(`--env: required; allowed values are ${ENVIRONMENT_NAMES.join(", ")}`);
  const types = (values.type ?? []).map((t) => {
    if (!(EVENT_TYPES as readonly string[]).includes(t)) throw new UsageError(`--type "${t}" is not one of ${EVENT_TYPES.join(", ")}`);
    return t as MarketEventType;
  });
  return {
    env: values.env,
    endpoint: values.endpoint,
    types,
    window: parseReplayWindow(values.from, values.to, now),
    pollSeconds: numberFlag("--poll-seconds", values["poll-seconds"], 1, 300, true) ?? 5,
  };
}

async function main(): Promise<number> {
  const now = new Date();
  const invocation = invocationOrExit(() => parseCommandLine(process.argv.slice(2), now), USAGE);
  if (typeof invocation === "number") return invocation;
  const { env, endpoint, types, window, pollSeconds } = invocation;
  const config = configOrExit(env);
  if (typeof config === "number") return config;
  const names = marketEventsNames(new Naming(config));
  const arn = (kind: string) => `arn:aws:events:${config.region}:${config.accountId}:${kind}`;
  const busArn = arn(`event-bus/${names.bus}`);
  const client = new EventBridgeClient(endpoint ? localClientOptions(endpoint, config.region) : { region: config.region });
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

exitWith(main, "Replay failed");
