import { checkEvents, type ValidEvent } from "../../../handlers/market-events/event-validation";
import { createIngestHandler } from "../../../handlers/market-events/handler";
import { FUNCTION_METRICS } from "../../../handlers/shared/metric-catalog";
import { MemoryPersistence, SETTINGS, apiEvent, batch, bookEvent, captureStdout, context, emfDocuments, fakeEventBridge, quoteEvent, tradeEvent, type Json } from "./ingest-fixture";

function setup(options: { fail?: Parameters<typeof fakeEventBridge>[0]; settings?: Partial<typeof SETTINGS> } = {}) {
  const bus = fakeEventBridge(options.fail);
  const store = new MemoryPersistence();
  const handler = createIngestHandler({ eventBridge: bus.client, persistenceStore: store, settings: { ...SETTINGS, ...options.settings } });
  const post = async (body: string | Json, opts?: Parameters<typeof apiEvent>[1]) => {
    const { result, lines } = await captureStdout(() => handler(apiEvent(body, opts), context));
    return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body!) as { counts: Record<string, number>; results: Json[]; error?: { code: string; message: string } }, lines };
  };
  return { bus, store, post };
}

describe("ingest handler: whole-request answers", () => {
  it("415 for a wrong or missing content type, before reading the body", async () => {
    const { post, bus } = setup();
    for (const contentType of ["text/plain", null, "application/json; charset=latin1"]) {
      const r = await post(batch(tradeEvent()), { contentType });
      expect(r.status).toBe(415);
      expect(r.body.error!.code).toBe("unsupported-media-type");
    }
    expect((await post(batch(tradeEvent()), { contentType: "Application/JSON; charset=UTF-8" })).status).toBe(200);
    expect(bus.requests).toHaveLength(1);
  });

  it("400 for a body that is not JSON or not the batch shape", async () => {
    const { post } = setup();
    expect((await post("{not json")).body.error!.code).toBe("not-json");
    expect((await post("[1,2]")).body.error!.code).toBe("not-a-batch");
    expect((await post({ event: [] })).body.error!.code).toBe("not-a-batch");
    expect((await post({ events: [] })).body.error!.code).toBe("empty-batch");
    expect((await post("")).status).toBe(400);
  });

  it("413 for an oversized body or too many events, with the limit from settings", async () => {
    const { post, bus } = setup({ settings: { maxEventsPerRequest: 3, maxBodyBytes: 4096 } });
    const tooMany = await post(batch(tradeEvent(), tradeEvent(), tradeEvent(), tradeEvent()));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error!.message).toContain("at most 3");
    const big = await post(batch(tradeEvent({ conditions: "x".repeat(5000) })));
    expect(big.status).toBe(413);
    expect(big.body.error!.code).toBe("body-too-large");
    const bigBase64 = await post(batch(tradeEvent({ conditions: "x".repeat(5000) })), { base64: true });
    expect(bigBase64.status).toBe(413);
    expect(bus.requests).toEqual([]);
  });

  it("403 when the token has no tenant claim", async () => {
    const { post } = setup();
    const r = await post(batch(tradeEvent()), { sub: null });
    expect(r.status).toBe(403);
    expect(r.body.error!.message).toContain("sub");
  });

  it("reads a base64-encoded body, and refuses one that is not base64 of UTF-8", async () => {
    const { post } = setup();
    const ok = await post(batch(tradeEvent()), { base64: true });
    expect(ok.status).toBe(200);
    expect(ok.body.counts.accepted).toBe(1);
    const bad = apiEvent("x");
    bad.isBase64Encoded = true;
    bad.body = Buffer.from([0xff, 0xfe, 0x7b]).toString("base64");
    const { bus, store } = setup();
    const handler = createIngestHandler({ eventBridge: bus.client, persistenceStore: store, settings: SETTINGS });
    const { result } = await captureStdout(() => handler(bad, context));
    expect(result.statusCode).toBe(400);
  });
});

describe("ingest handler: per-event answers", () => {
  it("answers good, bad and duplicate events one by one and publishes only the good ones once", async () => {
    const { post, bus } = setup();
    const good = tradeEvent();
    const quote = quoteEvent();
    const book = bookEvent();
    const events = [good, tradeEvent({ price: -1 }), quote, quoteEvent({ bid_price: 411 }), book, bookEvent({ asks: [{ price: 600.05, size: 1 }] }), { ...good }, { id: "no-version", type: "trade" }, "text"];
    const r = await post(batch(...events));
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual(["accepted", "rejected", "accepted", "rejected", "accepted", "rejected", "duplicate", "rejected", "rejected"]);
    expect(r.body.results[1]).toMatchObject({ index: 1, field: "data.price", rule: "price.range" });
    expect(r.body.results[3]).toMatchObject({ field: "data.bid_price", rule: "quote.crossed" });
    expect(r.body.results[5]).toMatchObject({ field: "data.asks[0].price", rule: "orderbook.crossed" });
    expect(r.body.results[7]).toMatchObject({ id: "no-version", field: "version", rule: "envelope.version" });
    expect(r.body.results[8]).toMatchObject({ field: "", rule: "envelope.not-object" });
    expect(r.body.counts).toEqual({ accepted: 3, duplicate: 1, rejected: 5, retry: 0 });
    expect(bus.requests).toHaveLength(1); // three entries, one PutEvents
    expect(bus.published.map((e) => e.DetailType)).toEqual(["trade", "quote", "orderbook"]);
    const detail = JSON.parse(bus.published[0]!.Detail!);
    expect(detail).toMatchObject({ version: "1", id: good.id, tenant: "partner-a", source: "oms.desk-7", type: "trade", data: { symbol: "AAPL", price: 190.1, ts: `2026-11-20T14:30:00.000000000Z` } });
    expect(bus.published[0]!.Source).toBe(SETTINGS.eventSource);

    // The same events again: every accepted one is a duplicate, nothing reaches the bus.
    const again = await post(batch(good, quote, book));
    expect(again.body.results.map((x) => x.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(bus.published).toHaveLength(3);
  });

  it("keys ids by tenant: the same id from two partners is two events", async () => {
    const { post, bus } = setup();
    const event = tradeEvent();
    expect((await post(batch(event), { sub: "partner-a" })).body.results[0]!.status).toBe("accepted");
    expect((await post(batch(event), { sub: "partner-b" })).body.results[0]!.status).toBe("accepted");
    expect((await post(batch(event), { sub: "partner-b" })).body.results[0]!.status).toBe("duplicate");
    expect(bus.published).toHaveLength(2);
  });

  it("refuses an id reused with different content (id.conflict), in one request and across requests", async () => {
    const { post } = setup();
    const event = tradeEvent();
    const changed = { ...event, data: { ...(event.data as Json), price: 191 } };
    const first = await post(batch(event, changed));
    expect(first.body.results[1]).toMatchObject({ status: "rejected", field: "id", rule: "id.conflict" });
    const later = await post(batch(changed));
    expect(later.body.results[0]).toMatchObject({ status: "rejected", rule: "id.conflict" });
  });

  it("batches PutEvents by 10 entries", async () => {
    const { post, bus } = setup();
    const r = await post(batch(...Array.from({ length: 25 }, () => tradeEvent())));
    expect(r.body.counts.accepted).toBe(25);
    expect(bus.requests.map((x) => x.length).sort()).toEqual([10, 10, 5]);
  });

  it("retries only the failed entry of a partial failure, and answers accepted", async () => {
    const target = tradeEvent();
    const { post, bus, store } = setup({ fail: (entry, attempt) => (JSON.parse(entry.Detail!).id === target.id && attempt === 1 ? "ThrottlingException" : undefined) });
    const r = await post(batch(tradeEvent(), target, tradeEvent()));
    expect(r.body.counts).toEqual({ accepted: 3, duplicate: 0, rejected: 0, retry: 0 });
    expect(bus.requests.map((x) => x.length)).toEqual([3, 1]);
    expect(bus.published).toHaveLength(3);
    expect([...store.records.values()].every((rec) => rec.getStatus() === "COMPLETED")).toBe(true);
    const publishRetries = emfDocuments(r.lines).find((d) => d.type === "trade")!;
    expect(publishRetries.PublishRetries).toBe(1);
  });

  it("answers retry for an entry that never goes through, releases its id, and accepts it on the next request", async () => {
    let broken = true;
    const target = tradeEvent();
    const { post, bus, store } = setup({ fail: (entry) => (broken && JSON.parse(entry.Detail!).id === target.id ? "InternalFailure" : undefined) });
    const r = await post(batch(tradeEvent(), target));
    expect(r.body.results[1]).toMatchObject({ status: "retry" });
    expect(r.body.results[1]!.reason).toContain("InternalFailure");
    expect(r.headers["retry-after"]).toBe("1");
    expect(bus.requests.map((x) => x.length)).toEqual([2, 1, 1]); // 3 attempts
    expect(store.records.size).toBe(1); // only the published one holds its id
    broken = false;
    const retry = await post(batch(target));
    expect(retry.body.results[0]).toMatchObject({ status: "accepted" });
    expect(bus.published.filter((e) => JSON.parse(e.Detail!).id === target.id)).toHaveLength(1);
  });

  it("answers retry for an event in progress in another request, and never publishes it", async () => {
    const { post, bus, store } = setup();
    const event = tradeEvent();
    await post(batch(tradeEvent())); // the store is configured by the first idempotent call
    // Another invocation claimed the id and is still publishing.
    const before = bus.requests.length;
    const { fingerprint } = checkEvents([event], SETTINGS, "partner-a", "2026-11-20T14:30:01.000Z")[0] as ValidEvent;
    await store.saveInProgress({ key: `partner-a#${event.id}`, fingerprint }, 60_000);
    const r = await post(batch(event));
    expect(r.body.results[0]).toMatchObject({ status: "retry" });
    expect(r.body.results[0]!.reason).toContain("another request");
    expect(bus.requests).toHaveLength(before);
  });

  it("answers retry when the idempotency store fails, without publishing", async () => {
    const { post, bus, store } = setup();
    jest.spyOn(store as any, "_putRecord").mockRejectedValue(new Error("ProvisionedThroughputExceededException"));
    const r = await post(batch(tradeEvent(), tradeEvent()));
    expect(r.body.results.map((x) => x.status)).toEqual(["retry", "retry"]);
    expect(bus.requests).toEqual([]);
  });

  it("writes the catalog's metrics with the catalog's dimension sets", async () => {
    const { post } = setup();
    const r = await post(batch(tradeEvent(), tradeEvent({ size: -5 }), bookEvent(), { version: "1", id: "x1", type: "bar" }));
    const r2 = await post("nope");
    const catalog = Object.values(FUNCTION_METRICS["market-events-ingest"]);
    const docs = emfDocuments([...r.lines, ...r2.lines]);
    expect(docs.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const doc of docs) {
      for (const directive of doc._aws.CloudWatchMetrics) {
        for (const m of directive.Metrics) {
          const entry = catalog.find((c) => c.name === m.Name);
          expect(entry).toBeDefined();
          expect(m.Unit).toBe(entry!.unit);
          expect([...directive.Dimensions[0]].sort()).toEqual([...entry!.dimensions].sort());
          seen.add(m.Name);
        }
      }
    }
    expect(docs.find((d) => d.type === "trade")).toMatchObject({ EventsReceived: 2, EventsAccepted: 1, EventsRejected: 1, environment: "dev", service: "market-events-ingest" });
    expect(docs.find((d) => d.rule === "size.range")).toMatchObject({ RejectsByRule: 1, type: "trade" });
    expect(docs.find((d) => d.type === "unknown")).toMatchObject({ EventsRejected: 1 });
    expect(seen).toContain("RequestsRejected");
  });
});
