import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { policyIn, refTo, resourceAt, resourcesOf, statement, type SynthesizedJson } from "../support/synth";

function synthLake(config: EnvironmentConfig = ENVIRONMENTS.dev): SynthesizedJson {
  return JSON.parse(Testing.synth(new DataLakeStack(Testing.app(), `data-lake-${config.environment}`, { config }), true)) as SynthesizedJson;
}

const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/mdl-dev-use1-market-records";

describe("LakeStreaming in the data lake stack", () => {
  const json = synthLake();
  const consumerArn = refTo(json, "aws_kinesis_stream_consumer", "streaming/subscription/consumer", "arn");
  const queueArn = refTo(json, "aws_sqs_queue", "streaming/on-failure/queue", "arn");
  const topicArn = refTo(json, "aws_sns_topic", "validation/alerts/topic", "arn");

  it("encrypts the stream with the raw tier key", () => {
    expect(resourceAt(json, "aws_kinesis_stream", "streaming/stream/stream")).toMatchObject({
      name: "mdl-dev-use1-market-records",
      kms_key_id: refTo(json, "aws_kms_key", "keys/raw/key", "arn"),
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      retention_period: 24,
    });
  });

  it("registers an enhanced fan-out consumer and maps it to the real-time function with the configured batching", () => {
    expect(resourceAt(json, "aws_kinesis_stream_consumer", "streaming/subscription/consumer")).toEqual({
      name: "mdl-dev-use1-realtime-efo",
      stream_arn: refTo(json, "aws_kinesis_stream", "streaming/stream/stream", "arn"),
    });
    expect(resourceAt(json, "aws_lambda_event_source_mapping", "streaming/subscription/mapping")).toMatchObject({
      event_source_arn: consumerArn,
      function_name: refTo(json, "aws_lambda_function", "streaming/function/function", "arn"),
      starting_position: "LATEST",
      batch_size: 500,
      maximum_batching_window_in_seconds: 1,
      parallelization_factor: 2,
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 3600,
      function_response_types: ["ReportBatchItemFailures"],
      destination_config: { on_failure: { destination_arn: queueArn } },
      enabled: true,
    });
  });

  it("gives the real-time function the environment agreed with handlers/realtime/settings.ts", () => {
    const fn = resourceAt(json, "aws_lambda_function", "streaming/function/function");
    expect(fn).toMatchObject({ function_name: "mdl-dev-use1-realtime-checks", memory_size: 512, timeout: 60, reserved_concurrent_executions: 50 });
    expect(fn.environment.variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      ALERT_TOPIC_ARN: topicArn,
      ENVIRONMENT: "dev",
      PRICE_JUMP_RATIO: "0.2",
      MAX_SPREAD_RATIO: "0.05",
      OUT_OF_ORDER_POLICY: "flag",
      MAX_GAP_SECONDS: "60",
      PARTITION_TIME_ZONES: JSON.stringify({ trades: "America/New_York", quotes: "America/New_York", bars: "America/New_York" }),
      POWERTOOLS_SERVICE_NAME: "realtime-checks",
      POWERTOOLS_METRICS_NAMESPACE: "MarketDataLake",
    });
    expect(() => JSON.parse(fn.environment.variables.PARTITION_TIME_ZONES)).not.toThrow();
  });

  it("lets the real-time function read through its consumer, decrypt the stream, alert and report failures, nothing more", () => {
    const doc = policyIn(resourceAt(json, "aws_iam_role_policy", "streaming/function/role/permissions"));
    const rawKey = refTo(json, "aws_kms_key", "keys/raw/key", "arn");
    const platformKey = refTo(json, "aws_kms_key", "keys/platform/key", "arn");
    const own = Object.fromEntries(
      doc.Statement.filter((s) => !["WriteOwnLogs", "Tracing", "VpcNetworkInterfaces", "DecryptEnvironment"].includes(s.Sid!)).map(({ Sid, ...rest }) => [Sid, rest]),
    );
    expect(own).toEqual({
      DeadLetters: { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: queueArn },
      PublishAnomalies: { Effect: "Allow", Action: "sns:Publish", Resource: topicArn },
      AlertTopicKey: { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: platformKey, Condition: { StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" } } },
      ReadStream: {
        Effect: "Allow",
        Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
        Resource: STREAM_ARN,
      },
      // The consumer's ARN (`<stream ARN>/consumer/<name>:<creation epoch>`), not the stream's.
      ReadThroughConsumer: { Effect: "Allow", Action: ["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"], Resource: consumerArn },
      DecryptStream: {
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: rawKey,
        Condition: { StringEquals: { "kms:ViaService": "kinesis.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:kinesis:arn": STREAM_ARN } },
      },
      OnFailureDestination: { Effect: "Allow", Action: "sqs:SendMessage", Resource: queueArn },
      OnFailureQueueKey: { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: platformKey, Condition: { StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } } },
    });
  });

  it("keeps given-up batches 14 days in a CMK-encrypted, TLS-only queue and alarms on the first", () => {
    expect(resourceAt(json, "aws_sqs_queue", "streaming/on-failure/queue")).toMatchObject({
      name: "mdl-dev-use1-realtime-on-failure",
      kms_master_key_id: refTo(json, "aws_kms_key", "keys/platform/key", "arn"),
      message_retention_seconds: 1_209_600,
    });
    expect(policyIn(resourceAt(json, "aws_sqs_queue_policy", "streaming/on-failure/policy")).Statement).toEqual([
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ]);
  });

  it("lets each producer put records on the stream, with the stream's key through Kinesis only", () => {
    const doc = policyIn(resourceAt(json, "aws_iam_role_policy", "producer-exchange-feed/role/permissions"));
    expect(statement(doc, "StreamPutRecords")).toEqual({ Sid: "StreamPutRecords", Effect: "Allow", Action: ["kinesis:PutRecord", "kinesis:PutRecords"], Resource: STREAM_ARN });
    expect(statement(doc, "StreamKeyThroughKinesis")).toEqual({
      Sid: "StreamKeyThroughKinesis",
      Effect: "Allow",
      Action: "kms:GenerateDataKey",
      Resource: refTo(json, "aws_kms_key", "keys/raw/key", "arn"),
      Condition: { StringEquals: { "kms:ViaService": "kinesis.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:kinesis:arn": STREAM_ARN } },
    });
    const consumerRole = policyIn(resourceAt(json, "aws_iam_role_policy", "consumer-quant-research/role/permissions"));
    expect(consumerRole.Statement.map((s) => s.Sid)).not.toContain("StreamPutRecords");
  });

  it("alarms on consumer lag per consumer, on the stream, the delivery, the queue and the function", () => {
    const alarms = Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a]));
    expect(alarms["mdl-dev-use1-realtime-efo-millis-behind-latest"]).toMatchObject({
      namespace: "AWS/Kinesis",
      metric_name: "SubscribeToShardEvent.MillisBehindLatest",
      dimensions: { StreamName: "mdl-dev-use1-market-records", ConsumerName: "mdl-dev-use1-realtime-efo" },
      statistic: "Maximum",
      threshold: 60_000,
      alarm_actions: [topicArn],
    });
    expect(Object.keys(alarms).filter((name) => /market-records|records-to-raw|realtime/.test(name)).sort()).toEqual([
      "mdl-dev-use1-market-records-getrecords-iterator-age",
      "mdl-dev-use1-market-records-incoming-records-above-band",
      "mdl-dev-use1-market-records-incoming-records-below-band",
      "mdl-dev-use1-market-records-market-hours",
      "mdl-dev-use1-market-records-write-throttled",
      "mdl-dev-use1-realtime-checks-duration-p99",
      "mdl-dev-use1-realtime-checks-error-log-lines",
      "mdl-dev-use1-realtime-checks-errors",
      "mdl-dev-use1-realtime-checks-throttles",
      "mdl-dev-use1-realtime-efo-millis-behind-latest",
      "mdl-dev-use1-realtime-on-failure-not-empty",
      "mdl-dev-use1-records-to-raw-data-freshness",
      "mdl-dev-use1-records-to-raw-s3-delivery-failures",
    ]);
    expect(alarms["mdl-dev-use1-realtime-on-failure-not-empty"]).toMatchObject({ metric_name: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "mdl-dev-use1-realtime-on-failure" }, threshold: 0 });
  });

  it("sizes prod's provisioned stream and the function's concurrency from capacity", () => {
    const prod = synthLake(ENVIRONMENTS.prod);
    expect(resourceAt(prod, "aws_kinesis_stream", "streaming/stream/stream")).toMatchObject({ stream_mode_details: { stream_mode: "PROVISIONED" }, shard_count: 1_875, retention_period: 168 });
    expect(resourceAt(prod, "aws_lambda_function", "streaming/function/function").reserved_concurrent_executions).toBe(1_875);
    expect(resourceAt(prod, "aws_kinesis_firehose_delivery_stream", "streaming/delivery/delivery").extended_s3_configuration).toMatchObject({ buffering_size: 128, buffering_interval: 300 });
  });
});
