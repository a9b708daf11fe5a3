import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataStream } from "../../src/constructs/data-stream";
import { FailureQueue } from "../../src/constructs/failure-queue";
import { LakeKey } from "../../src/constructs/lake-key";
import { ObservedFunction } from "../../src/constructs/observed-function";
import { StreamSubscription, type StreamBatching, type StreamSubscriptionProps } from "../../src/constructs/stream-subscription";
import { refTo, resourceAt, resourcesOf, synthScope, type SynthesizedJson } from "../support/synth";

const ALERTS = "arn:aws:sns:us-east-1:123456789012:alerts";

const BATCHING: StreamBatching = { batchSize: 500, batchWindowSeconds: 1, parallelizationFactor: 2, maximumRetryAttempts: 3, maximumRecordAgeSeconds: 3600, startingPosition: "TRIM_HORIZON" };

function synthSubscription(extra: Partial<StreamSubscriptionProps> = {}, local = false): SynthesizedJson {
  const dir = mkdtempSync(join(tmpdir(), "bundle-"));
  writeFileSync(join(dir, "fn.zip"), "not really a zip");
  return synthScope((scope) => {
    const base = { accountId: "123456789012", region: "us-east-1" };
    const raw = new LakeKey(scope, "raw", { ...base, aliasName: "alias/raw", description: "raw", usedVia: ["kinesis"] });
    const platform = new LakeKey(scope, "platform", { ...base, aliasName: "alias/p", description: "p", allowCloudWatchLogs: true });
    const stream = new DataStream(scope, "records", { ...base, streamName: "records", encryptionKey: raw, retentionHours: 24, streamMode: "ON_DEMAND", alarmActions: [ALERTS] });
    const onFailure = new FailureQueue(scope, "on-failure", { queueName: "on-failure", region: "us-east-1", encryptionKey: platform, holds: "given-up batches", alarmActions: [ALERTS], enforceConditionalDenies: !local });
    const target = new ObservedFunction(scope, "realtime", {
      functionName: "realtime",
      description: "checks",
      bundle: { name: "fn", zipPath: join(dir, "fn.zip"), sha256Base64: "q1w2e3r4t5y6u7i8o9p0+/asdfghjklzxcvbnm1234=", zipBytes: 16, codeBytes: 16 },
      memoryMb: 512,
      timeoutSeconds: 60,
      reservedConcurrency: 4,
      encryptionKey: platform,
      logRetentionDays: 30,
      vpc: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"] },
      deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:on-failure",
      alarmActions: [ALERTS],
      statements: [],
    });
    new StreamSubscription(scope, "subscription", { consumerName: "realtime-efo", stream, target, onFailure, batching: BATCHING, lagAlarmMs: 30_000, alarmActions: [ALERTS], localAwsServer: local, ...extra });
  });
}

describe("StreamSubscription", () => {
  it("maps the function to the enhanced fan-out consumer, never to the stream itself", () => {
    const json = synthSubscription();
    const mapping = resourceAt(json, "aws_lambda_event_source_mapping", "subscription/mapping");
    expect(mapping.event_source_arn).toBe(refTo(json, "aws_kinesis_stream_consumer", "subscription/consumer", "arn"));
    expect(mapping).toMatchObject({ starting_position: "TRIM_HORIZON", bisect_batch_on_function_error: true, function_response_types: ["ReportBatchItemFailures"] });
  });

  it("creates the consumer but no mapping on the local AWS server", () => {
    const json = synthSubscription({}, true);
    expect(resourcesOf(json, "aws_kinesis_stream_consumer")).toHaveLength(1);
    expect(resourcesOf(json, "aws_lambda_event_source_mapping")).toHaveLength(0);
    expect(resourcesOf(json, "aws_sqs_queue_policy")).toHaveLength(0);
  });

  it.each([
    [{ batchSize: 0 }, /batchSize 0 is out of range; Lambda allows 1-10000/],
    [{ parallelizationFactor: 11 }, /parallelizationFactor 11 is out of range; Lambda allows 1-10/],
    [{ maximumRecordAgeSeconds: 59 }, /maximumRecordAgeSeconds 59 is out of range; Lambda allows 60-604800/],
    [{ batchWindowSeconds: 301 }, /batchWindowSeconds 301 is out of range; Lambda allows 0-300/],
  ])("refuses batching %j", (change, message) => {
    expect(() => synthSubscription({ batching: { ...BATCHING, ...change } })).toThrow(message);
  });

  it("refuses a consumer name Kinesis would reject", () => {
    expect(() => synthSubscription({ consumerName: "real time" })).toThrow(/consumerName "real time" is invalid; Kinesis allows 1-128 letters, digits, _ \. -/);
  });
});
