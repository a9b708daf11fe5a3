import type { SQSRecord } from "aws-lambda";
import type { EventResult } from "../../handlers/market-events/response";
import { MARKET_EVENTS_INGEST_METRICS as M } from "../../handlers/shared/metric-catalog";
import type { MarketEventsPlan } from "./market-events-inputs";
import type { SagaOutcome } from "../lib/run-saga-locally";

/** What a saga pass over the saga-input queue saw. */
export interface SagaPass {
  readonly deliveries: number;
  readonly outcomes: readonly SagaOutcome[];
}

/** The events table's items by "pk|sk". */
export type StoreSnapshot = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

export interface FirstPassFacts {
  readonly plan: MarketEventsPlan;
  readonly answers: readonly EventResult[];
  /** The ingest handler's EMF metrics, summed. */
  readonly metrics: ReadonlyMap<string, number>;
  readonly pass: SagaPass;
  readonly store: StoreSnapshot;
  /** "stored" events the saga published (not replayed ones). */
  readonly stored: readonly SQSRecord[];
  /** Messages on the lake's alert topic. */
  readonly alerts: readonly SQSRecord[];
  readonly unknownTypes: number;
}

export interface AfterReplayFacts {
  readonly plan: MarketEventsPlan;
  readonly pass: SagaPass;
  readonly before: StoreSnapshot;
  readonly store: StoreSnapshot;
  /** "stored" events published since the first pass. */
  readonly stored: readonly SQSRecord[];
}

const sorted = (ids: Iterable<string>) => [...ids].sort();
const sameIds = (a: Iterable<string>, b: Iterable<string>) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

function expectEqual(problems: string[], what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

/** Ids of the items of one kind (sk EVENT or SAGA), optionally of one saga status. */
function itemIds(store: StoreSnapshot, sk: "EVENT" | "SAGA", status?: string): string[] {
  return [...store.values()].filter((i) => i.sk === sk && (status === undefined || i.status === status)).map((i) => String(i.id ?? String(i.pk).split("#").pop()));
}

function storedDetails(records: readonly SQSRecord[]): Array<{ id: string; written: boolean }> {
  return records.map((r) => (JSON.parse(r.body) as { detail: { id: string; written: boolean } }).detail);
}

function outcomeCounts(pass: SagaPass): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of pass.outcomes) {
    const key = o.status === "SUCCEEDED" ? "SUCCEEDED" : `FAILED ${o.error}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * After posting and one saga pass: posted = accepted + duplicate + rejected, each planted fault
 * rejected for its field and rule, accepted = delivered = stored + compensated, compensated =
 * injected and alerted, no event stored twice, the unknown type kept in its queue.
 */
export function checkFirstPass(facts: FirstPassFacts): string[] {
  const { plan, answers } = facts;
  const problems: string[] = [];
  const posted = plan.requests.reduce((n, r) => n + r.length, 0);
  const goodIds = plan.good.map((e) => String(e.id));
  const failing = [...plan.storeFailsFor];
  const storedIds = goodIds.filter((id) => !plan.storeFailsFor.has(id));
  const count = (status: EventResult["status"]) => answers.filter((a) => a.status === status).length;
  expectEqual(problems, "answers (accepted, duplicate, rejected, retry)", [count("accepted"), count("duplicate"), count("rejected"), count("retry")], [goodIds.length, plan.duplicates, plan.rejections.length, 0]);
  expectEqual(problems, "answers in all", answers.length, posted);
  const accepted = answers.filter((a) => a.status === "accepted").map((a) => String(a.id));
  if (!sameIds(accepted, goodIds)) problems.push("the accepted ids are not exactly the good events' ids");
  for (const want of plan.rejections) {
    const got = answers.find((a) => a.id === want.id);
    expectEqual(problems, `answer for ${want.id}`, got?.status === "rejected" ? { field: got.field, rule: got.rule } : got, { field: want.field, rule: want.rule });
  }
  const metric = (name: string) => facts.metrics.get(name) ?? 0;
  expectEqual(problems, "ingest metrics (received, accepted, duplicate, rejected)", [M.eventsReceived, M.eventsAccepted, M.eventsDuplicate, M.eventsRejected].map((m) => metric(m.name)), [posted, goodIds.length, plan.duplicates, plan.rejections.length]);

  expectEqual(problems, "deliveries to the saga (accepted; no duplicate reaches the bus)", facts.pass.deliveries, goodIds.length);
  expectEqual(problems, "saga outcomes", outcomeCounts(facts.pass), { SUCCEEDED: storedIds.length, "FAILED SagaCompensated": failing.length });
  if (!sameIds(itemIds(facts.store, "EVENT"), storedIds)) problems.push(`stored events are not the accepted ones less the ${failing.length} compensated (${itemIds(facts.store, "EVENT").length} stored)`);
  if (!sameIds(itemIds(facts.store, "SAGA", "COMPENSATED"), failing)) problems.push(`COMPENSATED sagas are not exactly the injected Store failures: ${sorted(itemIds(facts.store, "SAGA", "COMPENSATED")).join(", ")}`);
  const unenriched = [...facts.store.values()].filter((i) => i.sk === "EVENT" && !(i.enrichment as { venue?: unknown } | undefined)?.venue);
  if (unenriched.length) problems.push(`${unenriched.length} stored event(s) have no venue from the instruments table`);

  const published = storedDetails(facts.stored);
  if (!sameIds(published.filter((d) => d.written).map((d) => d.id), storedIds)) problems.push(`"stored" events published (${published.length}) are not one per stored event`);
  const compensatedAlerts = facts.alerts.map((r) => JSON.parse(r.body) as { compensation?: { result?: { id?: string; deleted?: boolean } } }).filter((a) => a.compensation?.result?.deleted);
  if (!sameIds(compensatedAlerts.map((a) => String(a.compensation!.result!.id)), failing)) problems.push(`compensation alerts (${compensatedAlerts.length}) are not one per injected failure (${failing.length})`);
  expectEqual(problems, "events of an unknown type in the unknown-types queue", facts.unknownTypes, 1);
  return problems;
}

/**
 * After replaying the archive: every accepted event delivered once more, every saga succeeds, the
 * compensated events are stored now, and what was stored before is untouched (written: false).
 */
export function checkAfterReplay(facts: AfterReplayFacts): string[] {
  const { plan } = facts;
  const problems: string[] = [];
  const goodIds = plan.good.map((e) => String(e.id));
  const failing = [...plan.storeFailsFor];
  expectEqual(problems, "replayed deliveries to the saga", facts.pass.deliveries, goodIds.length);
  expectEqual(problems, "saga outcomes of the replay", outcomeCounts(facts.pass), { SUCCEEDED: goodIds.length });
  if (!sameIds(itemIds(facts.store, "EVENT"), goodIds)) problems.push(`after the replay the stored events are not every accepted event once (${itemIds(facts.store, "EVENT").length} of ${goodIds.length})`);
  const changed = [...facts.before.entries()].filter(([key, item]) => item.sk === "EVENT" && JSON.stringify(facts.store.get(key)) !== JSON.stringify(item));
  if (changed.length) problems.push(`the replay rewrote ${changed.length} already stored event(s), e.g. ${changed[0][0]}`);
  const published = storedDetails(facts.stored);
  if (!sameIds(published.filter((d) => d.written).map((d) => d.id), failing)) problems.push(`the replay wrote other events than the compensated ones: ${sorted(published.filter((d) => d.written).map((d) => d.id)).join(", ")}`);
  expectEqual(problems, "replayed events that found themselves stored (written: false)", published.filter((d) => !d.written).length, goodIds.length - failing.length);
  return problems;
}
