import { PublishBatchCommand } from "@aws-sdk/client-sns";
import { SentAlertKeys, groupAnomalies } from "../../../handlers/realtime/alert-dedupe";
import type { Anomaly } from "../../../handlers/realtime/anomalies/anomaly";
import { MAX_BATCH_BYTES, alertEntry, chunkEntries, entryBytes, publishAlerts } from "../../../handlers/realtime/sns-alerts";
import { DATE, TOPIC_ARN, fakeSns, sequenceNumber } from "./kinesis-fixture";

const anomaly = (n: number, fields: Partial<Anomaly> = {}): Anomaly => ({
  kind: "locked-quote",
  dataset: "quotes",
  symbol: "MSFT",
  eventTimeMs: Date.parse(`${DATE}T14:30:00Z`) + n * 1000,
  sequenceNumber: sequenceNumber(n),
  detail: { bidPrice: 1, askPrice: 1 },
  ...fields,
});

describe("groupAnomalies", () => {
  it("makes one alert per kind, dataset, symbol and event-time minute, keeping every record behind it", () => {
    // Prepare: 14:30:01 and 14:30:59 share a minute; 14:31:00 does not; another symbol or kind is another alert.
    const anomalies = [anomaly(1), anomaly(59), anomaly(60), anomaly(2, { symbol: "IBM" }), anomaly(3, { kind: "crossed-quote" })];
    // Act
    const alerts = groupAnomalies(anomalies);
    // Assess
    expect(alerts.map((a) => [a.key, a.occurrences, a.sequenceNumbers])).toEqual([
      [`locked-quote|quotes|MSFT|${Math.floor(anomalies[0]!.eventTimeMs / 60_000)}`, 2, [sequenceNumber(1), sequenceNumber(59)]],
      [expect.stringMatching(/^locked-quote\|quotes\|MSFT\|/), 1, [sequenceNumber(60)]],
      [expect.stringMatching(/^locked-quote\|quotes\|IBM\|/), 1, [sequenceNumber(2)]],
      [expect.stringMatching(/^crossed-quote\|quotes\|MSFT\|/), 1, [sequenceNumber(3)]],
    ]);
  });
});

describe("SentAlertKeys", () => {
  it("remembers at most maxKeys keys, forgetting the oldest first", () => {
    // Prepare
    const keys = new SentAlertKeys(3);
    // Act
    for (const key of ["a", "b", "c", "a", "d"]) keys.add(key);
    // Assess: "a" was refreshed, so "b" was the oldest.
    expect([keys.size, keys.has("a"), keys.has("b"), keys.has("c"), keys.has("d")]).toEqual([3, true, false, true, true]);
  });
});

describe("PublishBatch requests", () => {
  it("holds at most 10 entries and 256 KiB per request", () => {
    // Prepare
    const small = Array.from({ length: 23 }, (_, i) => ({ Id: `s${i}`, Message: "x" }));
    const large = Array.from({ length: 3 }, (_, i) => ({ Id: `l${i}`, Message: "y".repeat(100_000) }));
    // Act
    const smallChunks = chunkEntries(small);
    const largeChunks = chunkEntries(large);
    // Assess
    expect(smallChunks.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(largeChunks.map((c) => c.length)).toEqual([2, 1]);
    for (const chunk of largeChunks) expect(chunk.reduce((sum, e) => sum + entryBytes(e), 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });

  it("says what the anomaly is in the message, the subject and filterable attributes", () => {
    // Prepare
    const [alert] = groupAnomalies([anomaly(1)]);
    // Act
    const entry = alertEntry(alert!, "dev", "a0");
    // Assess
    expect(entry.Subject).toBe("[dev] locked-quote MSFT (quotes) 2026-11-20T14:30Z");
    expect(JSON.parse(entry.Message!)).toEqual({
      type: "market-anomaly",
      environment: "dev",
      kind: "locked-quote",
      dataset: "quotes",
      symbol: "MSFT",
      minute: `${DATE}T14:30:00.000Z`,
      eventTime: `${DATE}T14:30:01.000Z`,
      occurrences: 1,
      sequenceNumber: sequenceNumber(1),
      detail: { bidPrice: 1, askPrice: 1 },
    });
    expect(entry.MessageAttributes).toMatchObject({ kind: { DataType: "String", StringValue: "locked-quote" }, environment: { DataType: "String", StringValue: "dev" } });
  });

  it("reports entries SNS failed and every entry of a request that threw, and the rest as published", async () => {
    // Prepare: 12 alerts = two requests; entry a3 of the first fails, the second request throws.
    const alerts = groupAnomalies(Array.from({ length: 12 }, (_, i) => anomaly(i * 60)));
    const sns = fakeSns((input) => {
      if (input.PublishBatchRequestEntries!.some((e) => e.Id === "a10")) throw Object.assign(new Error("Rate exceeded"), { name: "ThrottledException" });
      const entries = input.PublishBatchRequestEntries!;
      return { Successful: entries.filter((e) => e.Id !== "a3").map((e) => ({ Id: e.Id })), Failed: [{ Id: "a3", Code: "InternalError", SenderFault: false, Message: "try again" }] };
    });
    // Act
    const { published, failed } = await publishAlerts(sns.client, TOPIC_ARN, "dev", alerts);
    // Assess
    expect(sns.requests.map((r) => [r.TopicArn, r.PublishBatchRequestEntries!.length])).toEqual([[TOPIC_ARN, 10], [TOPIC_ARN, 2]]);
    expect(published).toHaveLength(9);
    expect(failed.map((f) => [f.alert.sequenceNumbers[0], (f.error as Error).message])).toEqual([
      [sequenceNumber(180), "SNS rejected the alert: InternalError: try again"],
      [sequenceNumber(600), "Rate exceeded"],
      [sequenceNumber(660), "Rate exceeded"],
    ]);
  });

  it("sends PublishBatchCommand (not one Publish per alert)", async () => {
    // Prepare
    const send = jest.fn().mockResolvedValue({ Successful: [{ Id: "a0" }], Failed: [] });
    // Act
    await publishAlerts({ send } as never, TOPIC_ARN, "dev", groupAnomalies([anomaly(1)]));
    // Assess
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toBeInstanceOf(PublishBatchCommand);
  });
});
