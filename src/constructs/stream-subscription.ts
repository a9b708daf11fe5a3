import { KinesisStreamConsumer } from "@cdktf/provider-aws/lib/kinesis-stream-consumer";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { Construct } from "constructs";
import type { DataStream } from "./data-stream";
import type { FailureQueue } from "./failure-queue";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";
import type { ObservedFunction } from "./observed-function";

/** What the event source mapping does with the stream (Lambda's Kinesis event source parameters). */
export interface StreamBatching {
  /** Records per invocation (1-10000). */
  readonly batchSize: number;
  /** Seconds to wait to fill a batch (0-300). */
  readonly batchWindowSeconds: number;
  /** Concurrent batches per shard (1-10). */
  readonly parallelizationFactor: number;
  /** Retries of a failed batch (0-10000) before its records go to the on-failure queue. */
  readonly maximumRetryAttempts: number;
  /** Oldest record (60-604800 s) still processed; older ones go to the on-failure queue. */
  readonly maximumRecordAgeSeconds: number;
  readonly startingPosition: "LATEST" | "TRIM_HORIZON";
}

export interface StreamSubscriptionProps {
  /** Name of the enhanced fan-out consumer (1-128 of [a-zA-Z0-9_.-]). */
  readonly consumerName: string;
  readonly stream: DataStream;
  /** The function fed with the records; its role gets exactly what reading through the consumer needs. */
  readonly target: ObservedFunction;
  /** Where Lambda sends a description (shard, sequence numbers) of records it gave up on. */
  readonly onFailure: FailureQueue;
  readonly batching: StreamBatching;
  /** Consumer lag (SubscribeToShardEvent.MillisBehindLatest) above which the alarm fires. */
  readonly lagAlarmMs: number;
  readonly alarmActions: readonly string[];
  /**
   * Deploying to the local AWS API server (moto 5.2.1): it has no SubscribeToShard, refuses a mapping on
   * a consumer ARN ("Invalid EventSourceArn"), and for a mapping on the stream ARN invokes the function
   * inside every PutRecord, even with the mapping disabled (measured: 21 records, 21 invocation
   * attempts). So no mapping is created there; the tests feed the handler from GetRecords. @default false
   */
  readonly localAwsServer?: boolean;
}

/**
 * An enhanced fan-out consumer of the stream (its own 2 MB/s per shard, pushed over HTTP/2, so the
 * Firehose delivery's GetRecords never competes with it) and the event source mapping that feeds
 * the real-time function from it: partial batch responses, bisection on errors, bounded retries and
 * record age, and an on-failure queue, so one poisoned record never blocks its shard.
 */
export class StreamSubscription extends Construct {
  readonly consumer: KinesisStreamConsumer;
  readonly mapping?: LambdaEventSourceMapping;

  constructor(scope: Construct, id: string, props: StreamSubscriptionProps) {
    super(scope, id);
    this.checkProps(props);
    const { stream, target, batching } = props;
    this.consumer = new KinesisStreamConsumer(this, "consumer", { name: props.consumerName, streamArn: stream.stream.arn });
    // Lambda's Kinesis documentation (services-kinesis-create) lists these for a mapping; the stream
    // actions name the stream, SubscribeToShard and DescribeStreamConsumer the consumer (its ARN
    // carries a creation timestamp: `<stream ARN>/consumer/<name>:<epoch seconds>`).
    target.role.addToPolicy({
      Sid: "ReadStream",
      Effect: "Allow",
      Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
      Resource: stream.arn,
    });
    target.role.addToPolicy({ Sid: "ReadThroughConsumer", Effect: "Allow", Action: ["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"], Resource: this.consumer.arn });
    target.role.addToPolicy(stream.decryptStatement("DecryptStream"));
    // Lambda sends the on-failure record with the function's role, into a CMK-encrypted queue.
    target.role.addToPolicy({ Sid: "OnFailureDestination", Effect: "Allow", Action: "sqs:SendMessage", Resource: props.onFailure.arn });
    target.role.addToPolicy({
      Sid: "OnFailureQueueKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: props.onFailure.encryptionKey.arn,
      Condition: { StringEquals: { "kms:ViaService": `sqs.${props.onFailure.region}.amazonaws.com` } },
    });
    // Not created on the local AWS server (see localAwsServer): mapped to the consumer it is refused,
    // and mapped to the stream, even disabled, it makes the server invoke the function for every record.
    if (props.localAwsServer !== true) {
      this.mapping = new LambdaEventSourceMapping(this, "mapping", {
        eventSourceArn: this.consumer.arn,
        functionName: target.arn,
        startingPosition: batching.startingPosition,
        batchSize: batching.batchSize,
        maximumBatchingWindowInSeconds: batching.batchWindowSeconds,
        parallelizationFactor: batching.parallelizationFactor,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: batching.maximumRetryAttempts,
        maximumRecordAgeInSeconds: batching.maximumRecordAgeSeconds,
        functionResponseTypes: ["ReportBatchItemFailures"],
        destinationConfig: { onFailure: { destinationArn: props.onFailure.arn } },
        enabled: true,
        dependsOn: [target.role.policy],
      });
    }
    addMetricAlarm(this, "consumer-lag", {
      alarmName: `${props.consumerName}-millis-behind-latest`,
      description: `${props.consumerName} is more than ${props.lagAlarmMs} ms behind ${stream.name}: the real-time function is slow, erroring (retries) or throttled; records expire after the stream's retention`,
      namespace: "AWS/Kinesis",
      metricName: "SubscribeToShardEvent.MillisBehindLatest",
      dimensions: { StreamName: stream.name, ConsumerName: props.consumerName },
      statistic: "Maximum",
      threshold: props.lagAlarmMs,
      evaluationPeriods: 5,
      runbook: RUNBOOK_SECTIONS.consumerLag,
      // Lambda keeps an EFO subscription open (renewing it every 5 min) even on an idle stream, so
      // no data point at all means nothing is subscribed: a stuck or disabled consumer.
      treatMissingData: "breaching",
      severity: "page",
      actions: props.alarmActions,
    });
  }

  private checkProps(props: StreamSubscriptionProps): void {
    const b = props.batching;
    const checks: Array<[string, number, number, number]> = [
      ["batchSize", b.batchSize, 1, 10_000],
      ["batchWindowSeconds", b.batchWindowSeconds, 0, 300],
      ["parallelizationFactor", b.parallelizationFactor, 1, 10],
      ["maximumRetryAttempts", b.maximumRetryAttempts, 0, 10_000],
      ["maximumRecordAgeSeconds", b.maximumRecordAgeSeconds, 60, 604_800],
    ];
    for (const [field, value, min, max] of checks) {
      if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${this.node.path}: ${field} ${value} is out of range; Lambda allows ${min}-${max}`);
    }
    if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(props.consumerName)) {
      throw new Error(`${this.node.path}: consumerName "${props.consumerName}" is invalid; Kinesis allows 1-128 letters, digits, _ . -`);
    }
  }
}
