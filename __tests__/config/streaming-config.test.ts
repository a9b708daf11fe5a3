import type { EnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { devConfigWith } from "../support/synth";
import { configIssuesOf } from "../support/config-issues";

const issuesOf = configIssuesOf;

const withStreaming = (changes: Partial<EnvironmentConfig["streaming"]>) => devConfigWith({ streaming: { ...ENVIRONMENTS.dev.streaming, ...changes } });

describe("streaming config", () => {
  it("keeps prod's records 7 days, on a provisioned stream", () => {
    expect(ENVIRONMENTS.prod.streaming).toMatchObject({ retentionHours: 168, streamMode: "PROVISIONED" });
    expect(ENVIRONMENTS.dev.streaming.streamMode).toBe("ON_DEMAND");
  });

  it.each([
    [{ streamMode: "SERVERLESS" }, "streaming.streamMode", '"SERVERLESS" is not allowed; use one of "ON_DEMAND", "PROVISIONED"'],
    [{ retentionHours: 12 }, "streaming.retentionHours", "12 must be a whole number from 24 to 8760"],
    [{ firehoseBufferMb: 32 }, "streaming.firehoseBufferMb", "32 must be a whole number from 64 to 128"],
    [{ firehoseBufferSeconds: 0 }, "streaming.firehoseBufferSeconds", "0 must be a whole number from 60 to 900"],
    [{ batchSize: 20_000 }, "streaming.batchSize", "20000 must be a whole number from 1 to 10000"],
    [{ batchWindowSeconds: 301 }, "streaming.batchWindowSeconds", "301 must be a whole number from 0 to 300"],
    [{ parallelizationFactor: 11 }, "streaming.parallelizationFactor", "11 must be a whole number from 1 to 10"],
    [{ maximumRetryAttempts: -1 }, "streaming.maximumRetryAttempts", "-1 must be a whole number from 0 to 10000"],
    [{ maximumRecordAgeSeconds: 30 }, "streaming.maximumRecordAgeSeconds", "30 must be a whole number from 60 to 604800"],
    [{ startingPosition: "AT_TIMESTAMP" }, "streaming.startingPosition", '"AT_TIMESTAMP" is not allowed; use one of "LATEST", "TRIM_HORIZON"'],
    [{ priceJumpRatio: 0 }, "streaming.priceJumpRatio", "0 must be a finite number greater than 0"],
    [{ maxGapSeconds: 0 }, "streaming.maxGapSeconds", "0 must be a whole number from 1 to 86400"],
  ])("rejects %j naming the field and what is allowed", (change, field, message) => {
    expect(issuesOf(withStreaming(change as never))).toEqual([{ field, message }]);
  });

  it("refuses a maximum record age longer than the stream keeps records", () => {
    expect(issuesOf(withStreaming({ retentionHours: 24, maximumRecordAgeSeconds: 90_000 }))).toEqual([
      { field: "streaming.maximumRecordAgeSeconds", message: expect.stringContaining("90000 is longer than the stream keeps records (retentionHours 24 = 86400 s)") },
    ]);
  });

  it("refuses a freshness alarm that normal dynamic-partitioning buffering would set off", () => {
    expect(issuesOf(withStreaming({ firehoseBufferSeconds: 300, deliveryFreshnessAlarmSeconds: 450 }))).toEqual([
      { field: "streaming.deliveryFreshnessAlarmSeconds", message: expect.stringContaining("Firehose may hold a record 1.5x firehoseBufferSeconds (450 s)") },
    ]);
  });

  it("requires the section and the peak MB/s that sizes the stream", () => {
    expect(issuesOf(devConfigWith({ streaming: undefined }))).toEqual([{ field: "streaming", message: expect.stringContaining("is missing") }]);
    expect(issuesOf(devConfigWith({ capacity: { ...ENVIRONMENTS.dev.capacity, peakStreamMegabytesPerSecond: 0 } }))).toEqual([
      { field: "capacity.peakStreamMegabytesPerSecond", message: "0 must be a finite number greater than 0" },
    ]);
  });
});
