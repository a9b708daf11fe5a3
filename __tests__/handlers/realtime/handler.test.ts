import type { Context } from "aws-lambda";
import { createRealtimeHandler } from "../../../handlers/realtime/handler";
import { LAKE_METRICS_NAMESPACE, REALTIME_METRIC_CATALOG } from "../../../handlers/shared/metric-catalog";
import { checkAgainstCatalog } from "../shared/emf-catalog";
import { DATE, SETTINGS, STREAM_ARN, captureStdout, emfDocuments, fakeSns, kinesisEvent, quote, sequenceNumber, trade, type FakeSns } from "./kinesis-fixture";

const context = { functionName: "realtime-checks-dev", awsRequestId: "req-1", invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:realtime-checks-dev", memoryLimitInMB: "256" } as unknown as Context;
const at = (time: string) => `${DATE}T${time}Z`;

/** A batch with one anomaly per record 2..4: a locked quote, a crossed quote, a price jump. */
const anomalousBatch = () =>
  kinesisEvent([
    trade({ price: 100, ts: at("14:30:00") }),
    quote({ symbol: "IBM", bid_price: 250, ask_price: 250, ts: at("14:30:01") }),
    quote({ symbol: "MSFT", bid_price: 411, ask_price: 410, ts: at("14:30:02") }),
    trade({ price: 130, ts: at("14:30:03") }),
    trade({ symbol: "NVDA", price: 150, ts: at("14:30:04") }),
  ]);

async function run(sns: FakeSns, event = anomalousBatch(), handler = createRealtimeHandler({ sns: sns.client, settings: SETTINGS })) {
  const { result, lines } = await captureStdout(() => handler(event, context));
  return { response: result, lines, handler };
}

describe("real-time handler", () => {
  it("acknowledges a clean batch without publishing anything", async () => {
    // Prepare
    const sns = fakeSns();
    const event = kinesisEvent([trade(), quote(), trade({ symbol: "MSFT", price: 400 })]);
    // Act
    const { response } = await run(sns, event);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sns.requests).toEqual([]);
  });

  it("acknowledges rejected and undecodable records: they are data, not failures, and are logged with their rule", async () => {
    // Prepare
    const sns = fakeSns();
    const event = kinesisEvent([trade({ price: -1 }), "not json", trade({ ts: at("14:30:05") })]);
    // Act
    const { response, lines } = await run(sns, event);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const rejects = lines.map((l) => JSON.parse(l)).filter((l) => l.message === "record rejected");
    expect(rejects.map((l) => [l.level, l.sequenceNumber, l.rule, l.dataset, l.environment, l.function_request_id])).toEqual([
      ["WARN", sequenceNumber(1), "price.range", "trades", "dev", "req-1"],
      ["WARN", sequenceNumber(2), "record.undecodable", "unknown", "dev", "req-1"],
    ]);
  });

  it("publishes one PublishBatch request for the batch's anomalies", async () => {
    // Prepare
    const sns = fakeSns();
    // Act
    const { response } = await run(sns);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sns.requests).toHaveLength(1);
    const messages = sns.requests[0]!.PublishBatchRequestEntries!.map((e) => JSON.parse(e.Message!));
    expect(messages.map((m) => [m.kind, m.symbol, m.sequenceNumber])).toEqual([
      ["locked-quote", "IBM", sequenceNumber(2)],
      ["crossed-quote", "MSFT", sequenceNumber(3)],
      ["price-jump", "AAPL", sequenceNumber(4)],
    ]);
  });

  it("de-duplicates alerts per symbol, kind and minute within a batch and across invocations of the container", async () => {
    // Prepare: two locked IBM quotes in the same minute, then the same batch again (a Kinesis retry).
    const sns = fakeSns();
    const event = kinesisEvent([quote({ symbol: "IBM", bid_price: 250, ask_price: 250, ts: at("14:30:01") }), quote({ symbol: "IBM", bid_price: 251, ask_price: 251, ts: at("14:30:40") })]);
    const handler = createRealtimeHandler({ sns: sns.client, settings: SETTINGS });
    // Act
    await run(sns, event, handler);
    const second = await run(sns, event, handler);
    const nextMinute = await run(sns, kinesisEvent([quote({ symbol: "IBM", bid_price: 250, ask_price: 250, ts: at("14:31:00") })]), handler);
    // Assess
    expect(sns.requests.map((r) => r.PublishBatchRequestEntries!.map((e) => JSON.parse(e.Message!).occurrences))).toEqual([[2], [1]]);
    expect(second.response).toEqual({ batchItemFailures: [] });
    const suppressed = emfDocuments(second.lines).find((d) => REALTIME_METRIC_CATALOG.alertsSuppressed.name in d);
    expect(suppressed).toMatchObject({ dataset: "quotes", AlertsSuppressed: 1 });
    expect(nextMinute.response).toEqual({ batchItemFailures: [] });
  });

  it("returns exactly the record whose alert SNS failed as a batch item failure, and sends that alert again on the retry", async () => {
    // Prepare: SNS fails the crossed-quote entry (record 3) once.
    let failures = 1;
    const sns = fakeSns((input) => {
      const entries = input.PublishBatchRequestEntries!;
      const crossed = entries.find((e) => JSON.parse(e.Message!).kind === "crossed-quote");
      const failed = crossed && failures-- > 0 ? [{ Id: crossed.Id, Code: "InternalError", SenderFault: false }] : [];
      return { Successful: entries.filter((e) => !failed.some((f) => f.Id === e.Id)).map((e) => ({ Id: e.Id })), Failed: failed };
    });
    const handler = createRealtimeHandler({ sns: sns.client, settings: SETTINGS });
    // Act
    const first = await run(sns, anomalousBatch(), handler);
    // Kinesis retries from the failed record on: records 3, 4 and 5.
    const retry = await run(sns, { Records: anomalousBatch().Records.slice(2) }, handler);
    // Assess
    expect(first.response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(3) }] });
    expect(first.lines.some((l) => l.includes("anomaly alert not published"))).toBe(true);
    expect(retry.response).toEqual({ batchItemFailures: [] });
    expect(sns.requests[1]!.PublishBatchRequestEntries!.map((e) => JSON.parse(e.Message!).kind)).toEqual(["crossed-quote"]);
  });

  it("returns every record of a failed PublishBatch request when SNS is unreachable, and throws when that is the whole batch", async () => {
    // Prepare
    const sns = fakeSns(() => Promise.reject(new Error("connect ECONNREFUSED")));
    const onlyAnomalies = kinesisEvent([quote({ bid_price: 250, ask_price: 250 })]);
    // Act
    const partial = await run(sns);
    const whole = await captureStdout(() => createRealtimeHandler({ sns: sns.client, settings: SETTINGS })(onlyAnomalies, context)).catch((error: Error) => error);
    // Assess: the price jump of record 4 was seen against record 1, which is retried with it.
    expect(partial.response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([1, 2, 3, 4].map(sequenceNumber));
    expect(whole).toMatchObject({ name: "FullBatchFailureError" });
  });

  it("returns the earlier record a price jump was seen against, so the retried batch still shows the jump", async () => {
    // Prepare: SNS fails the price-jump entry once; Kinesis retries from the lowest failed sequence number.
    let failures = 1;
    const sns = fakeSns((input) => {
      const entries = input.PublishBatchRequestEntries!;
      const jump = entries.find((e) => JSON.parse(e.Message!).kind === "price-jump");
      const failed = jump && failures-- > 0 ? [{ Id: jump.Id, Code: "InternalError", SenderFault: false }] : [];
      return { Successful: entries.filter((e) => !failed.some((f) => f.Id === e.Id)).map((e) => ({ Id: e.Id })), Failed: failed };
    });
    const handler = createRealtimeHandler({ sns: sns.client, settings: SETTINGS });
    // Act
    const first = await run(sns, anomalousBatch(), handler);
    const retry = await run(sns, anomalousBatch(), handler); // from record 1, the lowest failed one
    // Assess
    expect(first.response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }, { itemIdentifier: sequenceNumber(4) }] });
    expect(retry.response).toEqual({ batchItemFailures: [] });
    expect(sns.requests[1]!.PublishBatchRequestEntries!.map((e) => JSON.parse(e.Message!).kind)).toEqual(["price-jump"]);
  });

  it("writes EMF metrics with the environment and dataset dimensions on every document", async () => {
    // Prepare
    const sns = fakeSns();
    const event = kinesisEvent([...anomalousBatch().Records.map((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString())), trade({ price: -1, ts: at("14:30:06") }), "garbage"]);
    // Act
    const { lines } = await run(sns, event);
    // Assess
    const documents = emfDocuments(lines);
    for (const document of documents) {
      const [directive] = document._aws.CloudWatchMetrics;
      expect(directive.Namespace).toBe("MarketDataLake");
      for (const dimensions of directive.Dimensions) expect(dimensions).toEqual(expect.arrayContaining(["environment", "dataset"]));
      expect(document).toMatchObject({ environment: "dev", service: "realtime-checks" });
    }
    const find = (dataset: string, extra: Record<string, string> = {}) =>
      documents.find((d) => d.dataset === dataset && Object.entries(extra).every(([k, v]) => d[k] === v) && Object.keys(extra).length === d._aws.CloudWatchMetrics[0].Dimensions[0].length - 3);
    expect(find("trades")).toMatchObject({ RecordsIn: 4, RecordsAccepted: 3, RecordsRejected: 1, RecordsFlagged: 1, AlertsPublished: 1 });
    expect(find("quotes")).toMatchObject({ RecordsIn: 2, RecordsAccepted: 1, RecordsRejected: 1, AlertsPublished: 2 });
    expect(find("unknown")).toMatchObject({ RecordsIn: 1, RecordsRejected: 1 });
    expect(find("trades", { rule: "price.range" })).toMatchObject({ RejectsByRule: 1 });
    expect(find("trades", { rule: "price.jump" })).toMatchObject({ FlagsByRule: 1 });
    expect(find("quotes", { rule: "quote.crossed" })).toMatchObject({ RejectsByRule: 1 });
    expect(find("unknown", { rule: "record.undecodable" })).toMatchObject({ RejectsByRule: 1 });
    expect(find("quotes", { kind: "locked-quote" })).toMatchObject({ AnomaliesDetected: 1 });
    expect(find("trades", { kind: "price-jump" })).toMatchObject({ AnomaliesDetected: 1 });
    checkAgainstCatalog(documents, REALTIME_METRIC_CATALOG, LAKE_METRICS_NAMESPACE);
  });

  it("emits every metric of the catalog, each with its unit and exact dimension set", async () => {
    // Prepare: rejects, flags and anomalies; the same batch again (alerts suppressed); then an SNS that fails every entry.
    const sns = fakeSns();
    const handler = createRealtimeHandler({ sns: sns.client, settings: SETTINGS });
    const mixed = kinesisEvent([...anomalousBatch().Records.map((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString())), trade({ price: -1, ts: at("14:30:06") }), "garbage"]);
    const failing = fakeSns(() => Promise.reject(new Error("SNS is down")));
    // Act
    const runs = [await run(sns, mixed, handler), await run(sns, mixed, handler), await run(failing, anomalousBatch())];
    // Assess
    const emitted = checkAgainstCatalog(emfDocuments(runs.flatMap((r) => r.lines)), REALTIME_METRIC_CATALOG, LAKE_METRICS_NAMESPACE);
    expect([...emitted].sort()).toEqual(Object.keys(REALTIME_METRIC_CATALOG).sort());
  });

  it("logs one summary line per batch naming the stream", async () => {
    // Act
    const { lines } = await run(fakeSns(), kinesisEvent([trade(), "garbage"]));
    // Assess
    const summary = lines.map((l) => JSON.parse(l)).find((l) => l.message === "batch processed");
    expect(summary).toMatchObject({ level: "INFO", records: 2, accepted: 1, rejected: 1, batchItemFailures: 0, eventSourceARN: STREAM_ARN, service: "realtime-checks", environment: "dev" });
  });

  it("answers an empty batch with no failures and writes no metrics", async () => {
    // Act
    const { response, lines } = await run(fakeSns(), { Records: [] });
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(emfDocuments(lines)).toEqual([]);
  });

  it("refuses an event that is not a Kinesis batch", async () => {
    // Act / Assess
    await expect(createRealtimeHandler({ sns: fakeSns().client, settings: SETTINGS })({} as never)).rejects.toThrow("Not a Kinesis event: Records is not an array");
  });
});
