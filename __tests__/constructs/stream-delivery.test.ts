import { DataStream } from "../../src/constructs/data-stream";
import { LakeKey } from "../../src/constructs/lake-key";
import { SecureBucket } from "../../src/constructs/secure-bucket";
import { DELIVERY_FILE_EXTENSION, ERROR_PREFIX_ROOT, StreamDelivery, type StreamDeliveryProps } from "../../src/constructs/stream-delivery";
import { VALIDATION_PREFIXES } from "../../src/stacks/validation-pipeline";
import { policyIn, refTo, resourceAt, resourcesOf, synthScope, type SynthesizedJson } from "../support/synth";

const ALERTS = "arn:aws:sns:us-east-1:123456789012:alerts";

const DELIVERY_NAME = "mdl-dev-use1-records-to-raw";
const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/mdl-dev-use1-market-records";

/** A delivery stream with its real neighbours (stream, raw bucket, keys), as the lake builds it. */
function synthDelivery(extra: Partial<StreamDeliveryProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const base = { accountId: "123456789012", region: "us-east-1" };
    const raw = new LakeKey(scope, "raw", { ...base, aliasName: "alias/raw", description: "raw", usedVia: ["s3", "kinesis", "firehose"] });
    const platform = new LakeKey(scope, "platform", { ...base, aliasName: "alias/platform", description: "p", allowCloudWatchLogs: true });
    const logs = new SecureBucket(scope, "access-logs", { bucketName: "logs", accountId: "123456789012", receivesAccessLogs: true, encryption: { kind: "s3-managed", justification: "access log delivery needs SSE-S3" } });
    const bucket = new SecureBucket(scope, "raw-bucket", { bucketName: "mdl-dev-use1-raw-123456789012", accountId: "123456789012", encryption: { kind: "kms", key: raw }, accessLogsTo: logs });
    const source = new DataStream(scope, "records", { ...base, streamName: "mdl-dev-use1-market-records", encryptionKey: raw, retentionHours: 24, streamMode: "ON_DEMAND", alarmActions: [ALERTS] });
    new StreamDelivery(scope, "delivery", {
      ...base,
      deliveryStreamName: DELIVERY_NAME,
      source,
      bucket,
      bucketKey: raw,
      bufferMb: 64,
      bufferSeconds: 60,
      logKey: platform,
      logRetentionDays: 30,
      freshnessAlarmSeconds: 300,
      alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
      ...extra,
    });
  });
}

describe("StreamDelivery", () => {
  const json = synthDelivery();
  const delivery = resourceAt(json, "aws_kinesis_firehose_delivery_stream", "delivery/delivery");
  const s3 = delivery.extended_s3_configuration;
  const rawArn = refTo(json, "aws_s3_bucket", "raw-bucket/bucket", "arn");
  const rawKeyArn = refTo(json, "aws_kms_key", "raw/key", "arn");

  it("reads the Kinesis stream with its own role and writes the raw bucket with the raw tier key", () => {
    expect(delivery).toMatchObject({ name: DELIVERY_NAME, destination: "extended_s3" });
    expect(delivery.kinesis_source_configuration).toEqual({ kinesis_stream_arn: refTo(json, "aws_kinesis_stream", "records/stream", "arn"), role_arn: refTo(json, "aws_iam_role", "delivery/role/role", "arn") });
    expect(s3).toMatchObject({ bucket_arn: rawArn, kms_key_arn: rawKeyArn, role_arn: refTo(json, "aws_iam_role", "delivery/role/role", "arn") });
    // Firehose's own SSE is for Direct PUT streams; a Kinesis source is encrypted by Kinesis.
    expect(delivery.server_side_encryption).toBeUndefined();
  });

  it("partitions by the record's dataset and trading date into the validation pipeline's input prefix", () => {
    expect(s3.prefix).toBe("dataset=!{partitionKeyFromQuery:dataset}/date=!{partitionKeyFromQuery:date}/");
    expect(s3.prefix.startsWith(VALIDATION_PREFIXES.input)).toBe(true);
    expect(s3.dynamic_partitioning_configuration).toEqual({ enabled: true, retry_duration: 300 });
    expect(s3.processing_configuration).toEqual({
      enabled: true,
      processors: [
        {
          type: "MetadataExtraction",
          parameters: [
            { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
            { parameter_name: "MetadataExtractionQuery", parameter_value: "{dataset: .dataset, date: .trading_date}" },
          ],
        },
        { type: "AppendDelimiterToRecord", parameters: [] },
      ],
    });
  });

  it("puts records it cannot partition or deliver under an error prefix the validation queue never sees", () => {
    expect(s3.error_output_prefix).toBe("stream-errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/");
    for (const prefix of Object.values(VALIDATION_PREFIXES)) expect(s3.error_output_prefix.startsWith(prefix)).toBe(false);
    expect(ERROR_PREFIX_ROOT).toBe("stream-errors/");
  });

  it("gzips objects named .jsonl.gz and buffers as configured", () => {
    expect(s3).toMatchObject({ compression_format: "GZIP", file_extension: ".jsonl.gz", buffering_size: 64, buffering_interval: 60, custom_time_zone: "UTC" });
    expect(DELIVERY_FILE_EXTENSION).toBe(".jsonl.gz");
  });

  it("logs delivery errors to its own CMK-encrypted log group and stream", () => {
    expect(resourceAt(json, "aws_cloudwatch_log_group", "delivery/logs/log-group")).toMatchObject({
      name: `/aws/kinesisfirehose/${DELIVERY_NAME}`,
      kms_key_id: refTo(json, "aws_kms_key", "platform/key", "arn"),
      retention_in_days: 30,
    });
    expect(s3.cloudwatch_logging_options).toEqual({
      enabled: true,
      log_group_name: refTo(json, "aws_cloudwatch_log_group", "delivery/logs/log-group", "name"),
      log_stream_name: refTo(json, "aws_cloudwatch_log_stream", "delivery/log-stream", "name"),
    });
  });

  it("gives its role exactly the reads, writes and key uses the delivery needs, on named resources", () => {
    const trust = policyIn(resourceAt(json, "aws_iam_role", "delivery/role/role"), "assume_role_policy").Statement;
    expect(trust).toEqual([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "firehose.amazonaws.com" }, Condition: { StringEquals: { "sts:ExternalId": "123456789012" } } }]);
    const doc = policyIn(resourceAt(json, "aws_iam_role_policy", "delivery/role/permissions"));
    const granted = Object.fromEntries(doc.Statement.map(({ Sid, ...rest }) => [Sid, rest]));
    expect(granted).toEqual({
      ReadSourceStream: { Effect: "Allow", Action: ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"], Resource: STREAM_ARN },
      DecryptSourceStream: {
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: rawKeyArn,
        Condition: { StringEquals: { "kms:ViaService": "kinesis.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:kinesis:arn": STREAM_ARN } },
      },
      WriteRawObjects: { Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"], Resource: [`${rawArn}/dataset=*`, `${rawArn}/stream-errors/*`] },
      RawBucket: { Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], Resource: rawArn },
      RawKeyThroughS3: { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: rawKeyArn, Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } },
      DeliveryErrorLogs: {
        Effect: "Allow",
        Action: "logs:PutLogEvents",
        Resource: `${refTo(json, "aws_cloudwatch_log_group", "delivery/logs/log-group", "arn")}:log-stream:${refTo(json, "aws_cloudwatch_log_stream", "delivery/log-stream", "name")}`,
      },
    });
  });

  it("alarms on stale data and on failed S3 deliveries", () => {
    const alarms = Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").filter(([, a]) => a.namespace === "AWS/Firehose").map(([, a]) => [a.alarm_name, a]));
    expect(alarms[`${DELIVERY_NAME}-data-freshness`]).toMatchObject({
      metric_name: "DeliveryToS3.DataFreshness",
      dimensions: { DeliveryStreamName: DELIVERY_NAME },
      statistic: "Maximum",
      threshold: 300,
      comparison_operator: "GreaterThanThreshold",
    });
    expect(alarms[`${DELIVERY_NAME}-s3-delivery-failures`]).toMatchObject({
      metric_name: "DeliveryToS3.Success",
      dimensions: { DeliveryStreamName: DELIVERY_NAME },
      statistic: "Minimum",
      threshold: 1,
      comparison_operator: "LessThanThreshold",
    });
  });

  it.each([
    [{ bufferMb: 32 }, /bufferMb 32 is out of range; dynamic partitioning needs 64-128 MB/],
    [{ bufferSeconds: 0 }, /bufferSeconds 0 is out of range; use 60-900/],
  ])("refuses %j", (change, message) => {
    expect(() => synthDelivery(change)).toThrow(message);
  });
});
