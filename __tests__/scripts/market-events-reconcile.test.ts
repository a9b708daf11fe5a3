import type { SQSRecord } from "aws-lambda";
import type { EventResult } from "../../handlers/market-events/response";
import { marketEventsPlan } from "../../scripts/e2e/market-events-inputs";
import { checkAfterReplay, checkFirstPass, type FirstPassFacts, type StoreSnapshot } from "../../scripts/e2e/market-events-reconcile";

const plan = marketEventsPlan({ goodEvents: 30, eventsPerRequest: 10, storeFailureEvery: 10, at: new Date("2026-12-04T14:30:00Z") });
const goodIds = plan.good.map((e) => String(e.id));
const failing = [...plan.storeFailsFor];
const storedIds = goodIds.filter((id) => !plan.storeFailsFor.has(id));

const record = (body: unknown) => ({ body: JSON.stringify(body) }) as SQSRecord;
const storedEvent = (id: string, written: boolean) => record({ source: "market-data.saga", "detail-type": "stored", detail: { id, written } });
type Entry = [string, Record<string, unknown>];
const eventItem = (id: string): Entry => [`EVENT#desk-7#${id}|EVENT`, { pk: `EVENT#desk-7#${id}`, sk: "EVENT", id, enrichment: { venue: "XNAS" }, storedAt: "t1" }];
const sagaItem = (id: string, status: string): Entry => [`EVENT#desk-7#${id}|SAGA`, { pk: `EVENT#desk-7#${id}`, sk: "SAGA", status }];

/** The facts of a run that went exactly as planned. */
function plannedRun(): FirstPassFacts {
  const answers: EventResult[] = [];
  let index = 0;
  const seen = new Set<string>();
  for (const events of plan.requests) {
    for (const event of events as Array<{ id: string }>) {
      const rejection = plan.rejections.find((r) => r.id === event.id);
      if (rejection) answers.push({ index: index++, id: event.id, status: "rejected", field: rejection.field, rule: rejection.rule, reason: "planted" });
      else if (seen.has(event.id)) answers.push({ index: index++, id: event.id, status: "duplicate" });
      else answers.push({ index: index++, id: event.id, status: "accepted", eventId: `bus-${event.id}` }), seen.add(event.id);
    }
  }
  const posted = plan.requests.reduce((n, r) => n + r.length, 0);
  return {
    plan,
    answers,
    metrics: new Map([["EventsReceived", posted], ["EventsAccepted", goodIds.length], ["EventsDuplicate", plan.duplicates], ["EventsRejected", plan.rejections.length]]),
    pass: { deliveries: goodIds.length, outcomes: goodIds.map((id) => (plan.storeFailsFor.has(id) ? { status: "FAILED", error: "SagaCompensated", entered: [], retries: 0 } : { status: "SUCCEEDED", entered: [], retries: 0 })) },
    store: new Map([...storedIds.flatMap((id) => [eventItem(id), sagaItem(id, "STORED")]), ...failing.map((id) => sagaItem(id, "COMPENSATED"))]),
    stored: storedIds.map((id) => storedEvent(id, true)),
    alerts: failing.map((id) => record({ compensation: { result: { id, deleted: true, status: "COMPENSATED" } } })),
    unknownTypes: 1,
  };
}

describe("market events e2e reconciliation (scripts/e2e/market-events-reconcile.ts)", () => {
  it("plans good, rejected, duplicate events and Store failures that add up", () => {
    expect(plan.requests.reduce((n, r) => n + r.length, 0)).toBe(30 + plan.rejections.length + plan.duplicates);
    // every tenth good event re-posted; every tenth (from the tenth) failing in Store, of each type
    expect(plan.duplicates).toBe(3);
    expect(failing).toEqual(["e2e-trade-9", "e2e-quote-19", "e2e-orderbook-29"]);
  });

  it("finds nothing wrong with a run that went as planned", () => {
    expect(checkFirstPass(plannedRun())).toEqual([]);
  });

  it.each<[string, (facts: FirstPassFacts) => FirstPassFacts, RegExp]>([
    ["a duplicate that reached the bus", (f) => ({ ...f, pass: { ...f.pass, deliveries: f.pass.deliveries + 1 } }), /^deliveries to the saga/],
    ["a rejection for another field", (f) => ({ ...f, answers: f.answers.map((a) => (a.status === "rejected" && a.id === "e2e-bad-price" ? { ...a, field: "data.size" } : a)) }), /^answer for e2e-bad-price/],
    ["an event stored twice over a compensation", (f) => ({ ...f, store: new Map([...f.store, eventItem(failing[0])]) }), /^stored events are not/],
    ["a compensation without its alert", (f) => ({ ...f, alerts: f.alerts.slice(1) }), /^compensation alerts \(2\)/],
    ["a metric off by one", (f) => ({ ...f, metrics: new Map([...f.metrics, ["EventsAccepted", goodIds.length - 1]]) }), /^ingest metrics/],
    ["an unknown type dropped", (f) => ({ ...f, unknownTypes: 0 }), /unknown-types queue: 0, expected 1/],
  ])("names %s", (_case, spoil, problem) => {
    expect(checkFirstPass(spoil(plannedRun()))).toEqual([expect.stringMatching(problem)]);
  });

  describe("after the replay", () => {
    const before: StoreSnapshot = plannedRun().store;
    const after: StoreSnapshot = new Map([...before, ...failing.flatMap((id) => [eventItem(id), sagaItem(id, "STORED")])]);
    const replayed = { deliveries: goodIds.length, outcomes: goodIds.map(() => ({ status: "SUCCEEDED" as const, entered: [], retries: 0 })) };
    const stored = goodIds.map((id) => storedEvent(id, plan.storeFailsFor.has(id)));

    it("accepts a replay that stored the compensated events and rewrote nothing", () => {
      expect(checkAfterReplay({ plan, pass: replayed, before, store: after, stored })).toEqual([]);
    });

    it("names a stored event the replay rewrote", () => {
      const rewritten = new Map(after);
      const [key, item] = eventItem(storedIds[0]);
      rewritten.set(key, { ...item, storedAt: "t2" });
      expect(checkAfterReplay({ plan, pass: replayed, before, store: rewritten, stored })).toEqual([expect.stringMatching(/^the replay rewrote 1 already stored event/)]);
    });

    it("names a replay that wrote an event a second time", () => {
      expect(checkAfterReplay({ plan, pass: replayed, before, store: after, stored: stored.map((r, i) => (i === 0 ? storedEvent(goodIds[0], true) : r)) })).toEqual([
        expect.stringMatching(/^the replay wrote other events/),
        expect.stringMatching(/written: false/),
      ]);
    });
  });
});
