import { chunkEntries, entrySize, MAX_PUT_BYTES } from "../../../handlers/market-events/bus-entry";
import { publishEntries } from "../../../handlers/market-events/event-publisher";
import { parseRequest } from "../../../handlers/market-events/http-request";
import { readIngestSettings } from "../../../handlers/market-events/settings";
import { ENV, SETTINGS, apiEvent, batch, fakeEventBridge, tradeEvent } from "./ingest-fixture";

describe("parseRequest", () => {
  it("takes the tenant from the JWT claim and the events from the body", () => {
    expect(parseRequest(apiEvent(batch(tradeEvent()), { sub: "p-1" }), SETTINGS)).toMatchObject({ ok: true, tenant: "p-1", events: [expect.any(Object)] });
  });
  it("accepts header names in any case", () => {
    const event = apiEvent(batch(tradeEvent()), { contentType: null });
    event.headers["Content-Type"] = "application/json";
    expect(parseRequest(event, SETTINGS).ok).toBe(true);
  });
});

describe("bus entries", () => {
  it("counts entry size as EventBridge does (Time 14 bytes, UTF-8 of the strings)", () => {
    expect(entrySize({ Source: "s", DetailType: "trade", Detail: '{"a":"é"}', Time: new Date() })).toBe(14 + 1 + 5 + 10);
    expect(entrySize({ Source: "s", DetailType: "t", Resources: ["ab", "c"] })).toBe(5);
  });
  it("chunks by 10 entries and under 256 KB", () => {
    expect(chunkEntries(Array.from({ length: 23 }, () => ({ size: 100 }))).map((c) => c.length)).toEqual([10, 10, 3]);
    const big = Math.floor(MAX_PUT_BYTES / 2.5);
    const chunks = chunkEntries(Array.from({ length: 5 }, () => ({ size: big })));
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 1]);
    for (const c of chunks) expect(c.reduce((s, x) => s + x.size, 0)).toBeLessThan(MAX_PUT_BYTES);
  });
});

describe("publishEntries", () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ entry: { Source: "s", DetailType: "trade", Detail: JSON.stringify({ id: `e${i}` }) }, size: 30 }));

  it("retries only failed entries, a bounded number of times, with backoff", async () => {
    const bus = fakeEventBridge((entry, attempt) => (entry.Detail!.includes('"e1"') && attempt < 3 ? "ThrottlingException" : entry.Detail!.includes('"e2"') ? "InternalFailure" : undefined));
    const delays: number[] = [];
    const spy = jest.spyOn(global, "setTimeout").mockImplementation(((fn: () => void, ms: number) => (delays.push(ms), fn(), 0)) as any);
    try {
      const report = await publishEntries(bus.client, items(4), { maxAttempts: 4, baseDelayMs: 100 }, () => 0.999);
      expect(report.outcomes.map((o) => o.ok)).toEqual([true, true, false, true]);
      expect(report.outcomes[1]).toMatchObject({ ok: true, attempts: 3 });
      expect(report.outcomes[2]).toMatchObject({ ok: false, errorCode: "InternalFailure", attempts: 4 });
      expect(bus.requests.map((r) => r.length)).toEqual([4, 2, 2, 1]);
      expect(report.retries).toBe(5);
      expect(delays).toEqual([99, 199, 399]);
    } finally {
      spy.mockRestore();
    }
  });

  it("treats a request that throws as every entry of it failed, and retries them", async () => {
    let calls = 0;
    const client = { send: async (cmd: any) => (++calls === 1 ? Promise.reject(Object.assign(new Error("socket hang up"), { name: "TimeoutError" })) : { Entries: cmd.input.Entries.map((_: unknown, i: number) => ({ EventId: `x${i}` })) }) } as any;
    const report = await publishEntries(client, items(3), { maxAttempts: 2, baseDelayMs: 0 });
    expect(report.outcomes.every((o) => o.ok)).toBe(true);
    expect(calls).toBe(2);
  });
});

describe("readIngestSettings", () => {
  it("reads the stack's environment", () => {
    expect(readIngestSettings(ENV)).toEqual(SETTINGS);
  });
  it.each([
    ["EVENT_BUS_NAME", undefined, /EVENT_BUS_NAME is not set/],
    ["MAX_EVENTS_PER_REQUEST", "0", /MAX_EVENTS_PER_REQUEST="0" is not an integer in 1..1000/],
    ["IDEMPOTENCY_WINDOW_SECONDS", "1.5", /IDEMPOTENCY_WINDOW_SECONDS/],
    ["EVENT_SOURCE", "aws.events", /not an EventBridge source/],
    ["MAX_SPREAD_RATIO", "-1", /MAX_SPREAD_RATIO/],
    ["PARTITION_TIME_ZONES", '{"trades":"Mars/Base"}', /IANA/],
  ])("fails naming %s", (name, value, message) => {
    expect(() => readIngestSettings({ ...ENV, [name]: value })).toThrow(message);
  });
});

describe("IntrospectedOnceFunctions", () => {
  it("evaluates Powertools JMESPath expressions (built-in and Powertools functions) and walks the prototypes once", () => {
    const { search } = jest.requireActual("@aws-lambda-powertools/jmespath") as typeof import("@aws-lambda-powertools/jmespath");
    const { IntrospectedOnceFunctions } = jest.requireActual("../../../handlers/market-events/jmespath-functions") as typeof import("../../../handlers/market-events/jmespath-functions");
    const functions = new IntrospectedOnceFunctions();
    const walk = jest.spyOn(Object, "getOwnPropertyNames");
    expect(search("key", { key: "a#1" }, { customFunctions: functions })).toBe("a#1");
    const first = walk.mock.calls.length;
    expect(search("length(key)", { key: "a#1" }, { customFunctions: functions })).toBe(3);
    expect(search("powertools_json(doc).x", { doc: '{"x":2}' }, { customFunctions: functions })).toBe(2);
    expect(walk.mock.calls.length).toBe(first);
    walk.mockRestore();
  });
});
