import { DescribeReplayCommand, StartReplayCommand, type EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { UsageError } from "../glue/jobs";
import type { MarketEventType } from "./market-events-names";

/** What to replay: events archived between `from` and `to`, back onto the bus, all rules or some. */
export interface ReplayRequest {
  readonly replayName: string;
  readonly archiveArn: string;
  readonly busArn: string;
  readonly from: Date;
  readonly to: Date;
  /** Replay only to these rules (the types' rules); all of the bus's rules when empty. */
  readonly ruleArns: readonly string[];
}

export interface ReplayProgress {
  readonly state: string;
  /** Share of the window replayed (EventLastReplayedTime within from..to), 0-1. */
  readonly done: number;
}

export interface ReplayOutcome {
  readonly state: string;
  readonly succeeded: boolean;
  readonly reason?: string;
  readonly seconds: number;
}

export interface ReplayWaitOptions {
  /** @default 5000 (a replay moves at most a few hundred events a second) */
  readonly pollIntervalMs?: number;
  readonly onProgress?: (progress: ReplayProgress) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** Replays end in one of these (EventBridge ReplayState). */
const TERMINAL = new Set(["COMPLETED", "CANCELLED", "FAILED"]);

/**
 * --from / --to as instants (ISO 8601 with a zone, or a date meaning 00:00Z), from before to, not in
 * the future. A window older than the archive's retention is StartReplay's to refuse (it says so).
 */
export function parseReplayWindow(from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } {
  const parse = (flag: string, text: string | undefined): Date => {
    if (!text) throw new UsageError(`--${flag} is required (ISO 8601, e.g. 2026-12-01T14:30:00Z)`);
    const withZone = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(withZone)) throw new UsageError(`--${flag} "${text}" has no time zone; add Z or an offset, e.g. ${text}Z`);
    const date = new Date(withZone);
    if (Number.isNaN(date.getTime())) throw new UsageError(`--${flag} "${text}" is not a time (ISO 8601, e.g. 2026-12-01T14:30:00Z)`);
    return date;
  };
  const window = { from: parse("from", from), to: parse("to", to) };
  if (window.to <= window.from) throw new UsageError(`--to ${to} must be after --from ${from}`);
  if (window.to > now) throw new UsageError(`--to ${to} is in the future; EventBridge replays only what the archive already holds`);
  return window;
}

/** The rule ARN of a bus rule: arn:aws:events:<region>:<account>:rule/<bus>/<rule>. */
export function ruleArn(busArn: string, ruleName: string): string {
  const match = /^(arn:[^:]+:events:[^:]+:\d{12}):event-bus\/(.+)$/.exec(busArn);
  if (!match) throw new Error(`"${busArn}" is not an event bus ARN`);
  return `${match[1]}:rule/${match[2]}/${ruleName}`;
}

/** A replay name EventBridge accepts (1-64 of [.\-_A-Za-z0-9]), unique per start. */
export function replayNameFor(types: readonly MarketEventType[], from: Date, now: Date): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `replay-${types.length ? types.join("-") : "all"}-${stamp(from)}-at-${stamp(now)}`.slice(0, 64);
}

/** Starts the replay and polls DescribeReplay until it ends. */
export async function replayArchive(client: EventBridgeClient, request: ReplayRequest, options: ReplayWaitOptions = {}): Promise<ReplayOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  await client.send(
    new StartReplayCommand({
      ReplayName: request.replayName,
      EventSourceArn: request.archiveArn,
      EventStartTime: request.from,
      EventEndTime: request.to,
      Destination: { Arn: request.busArn, ...(request.ruleArns.length ? { FilterArns: [...request.ruleArns] } : {}) },
    }),
  );
  const span = request.to.getTime() - request.from.getTime();
  for (;;) {
    const replay = await client.send(new DescribeReplayCommand({ ReplayName: request.replayName }));
    const state = replay.State ?? "UNKNOWN";
    const last = replay.EventLastReplayedTime?.getTime();
    const done = state === "COMPLETED" ? 1 : last === undefined ? 0 : Math.min(1, Math.max(0, (last - request.from.getTime()) / span));
    options.onProgress?.({ state, done });
    if (TERMINAL.has(state)) {
      return { state, succeeded: state === "COMPLETED", reason: replay.StateReason, seconds: (now() - started) / 1000 };
    }
    await sleep(options.pollIntervalMs ?? 5000);
  }
}
