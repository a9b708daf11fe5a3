import { DataStream, SHARD_LEVEL_METRICS, type DataStreamProps } from "../../src/constructs/data-stream";
import { LakeKey } from "../../src/constructs/lake-key";
import { refTo, resourceAt, resourcesOf, synthScope, type SynthesizedJson } from "../support/synth";

const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/mdl-dev-use1-market-records";

function synthStream(extra: Partial<DataStreamProps> = {}): { json: SynthesizedJson; stream: DataStream } {
  let stream!: DataStream;
  const json = synthScope((scope) => {
    const key = new LakeKey(scope, "raw", { aliasName: "alias/raw", description: "raw", accountId: "123456789012", region: "us-east-1", usedVia: ["s3", "kinesis", "firehose"] });
    stream = new DataStream(scope, "records", {
      streamName: "mdl-dev-use1-market-records",
      region: "us-east-1",
      accountId: "123456789012",
      encryptionKey: key,
      retentionHours: 24,
      streamMode: "ON_DEMAND",
      alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
      ...extra,
    });
  });
  return { json, stream };
}

describe("DataStream", () => {
  const { json, stream } = synthStream();

  it("encrypts records with the customer-managed key, keeps them the configured hours, publishes every shard-level metric and cannot be destroyed", () => {
    expect(resourceAt(json, "aws_kinesis_stream", "records/stream")).toEqual({
      name: "mdl-dev-use1-market-records",
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      retention_period: 24,
      encryption_type: "KMS",
      kms_key_id: refTo(json, "aws_kms_key", "raw/key", "arn"),
      shard_level_metrics: [...SHARD_LEVEL_METRICS],
      enforce_consumer_deletion: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(SHARD_LEVEL_METRICS).toHaveLength(7);
  });

  it("takes a shard count only in PROVISIONED mode", () => {
    expect(resourceAt(synthStream({ streamMode: "PROVISIONED", shardCount: 1_875, retentionHours: 168 }).json, "aws_kinesis_stream", "records/stream")).toMatchObject({
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 1_875,
      retention_period: 168,
    });
    expect(() => synthStream({ streamMode: "PROVISIONED" })).toThrow(/a PROVISIONED stream needs shardCount >= 1 \(use provisionedShardCount\(capacity\)\)/);
    expect(() => synthStream({ shardCount: 4 })).toThrow(/shardCount 4 is set on an ON_DEMAND stream/);
  });

  it.each([23, 8761, 24.5])("refuses a retention of %d hours", (hours) => {
    expect(() => synthStream({ retentionHours: hours })).toThrow(/retentionHours .* is out of range; Kinesis keeps records 24-8760 hours/);
  });

  it("lets a producer put records and generate data keys only through Kinesis for this stream", () => {
    expect(stream.producerStatements()).toEqual([
      { Sid: "StreamPutRecords", Effect: "Allow", Action: ["kinesis:PutRecord", "kinesis:PutRecords"], Resource: STREAM_ARN },
      {
        Sid: "StreamKeyThroughKinesis",
        Effect: "Allow",
        Action: "kms:GenerateDataKey",
        Resource: expect.stringMatching(/^\$\{TfToken\[TOKEN\.\d+\]\}$/),
        Condition: { StringEquals: { "kms:ViaService": "kinesis.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:kinesis:arn": STREAM_ARN } },
      },
    ]);
  });

  it("alarms on three throttled minutes of writes and on GetRecords readers falling behind", () => {
    const alarms = Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a]));
    expect(Object.keys(alarms).sort()).toEqual(["mdl-dev-use1-market-records-getrecords-iterator-age", "mdl-dev-use1-market-records-write-throttled"]);
    expect(alarms["mdl-dev-use1-market-records-write-throttled"]).toMatchObject({
      namespace: "AWS/Kinesis",
      metric_name: "WriteProvisionedThroughputExceeded",
      dimensions: { StreamName: "mdl-dev-use1-market-records" },
      statistic: "Sum",
      threshold: 0,
      evaluation_periods: 3,
      alarm_actions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
    });
    expect(alarms["mdl-dev-use1-market-records-getrecords-iterator-age"]).toMatchObject({
      metric_name: "GetRecords.IteratorAgeMilliseconds",
      dimensions: { StreamName: "mdl-dev-use1-market-records" },
      statistic: "Maximum",
      threshold: 60_000,
    });
  });
});
