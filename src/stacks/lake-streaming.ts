import { Construct } from "constructs";
import type { HandlerBundle } from "../bundling/handler-bundle";
import { provisionedShardCount, realtimeConcurrency } from "../config/stream-sizing";
import type { AlertTopic } from "../constructs/alert-topic";
import { DataStream } from "../constructs/data-stream";
import { FailureQueue } from "../constructs/failure-queue";
import { ObservedFunction } from "../constructs/observed-function";
import type { PartnerAccessRole } from "../constructs/partner-access-role";
import { StreamDelivery } from "../constructs/stream-delivery";
import { StreamSubscription } from "../constructs/stream-subscription";
import { streamNameOf } from "../operations/produce/stream-name";
import { IngestionRateAlarms } from "../constructs/ingestion-rate-alarms";
import type { LakePartProps } from "./lake-part";

/** Name purpose of the real-time function (`Naming.resource`), also its Powertools service name. */
export const REALTIME_FUNCTION = "realtime-checks";

export interface LakeStreamingProps extends LakePartProps {
  /** The data-quality alert topic (anomalies and alarms go there). */
  readonly alerts: AlertTopic;
  readonly bundle: HandlerBundle;
  /** Producer partner roles by partner name: each may write records to the stream. */
  readonly producers: ReadonlyMap<string, PartnerAccessRole>;
}

/**
 * producers -> Kinesis stream (raw tier key) -> Firehose -> raw bucket `dataset=<d>/date=<date>/`
 * (then the validation pipeline, like any file) and -> EFO consumer -> real-time function (the
 * validator's record rules, market anomalies to the alert topic; given-up batches to a queue).
 *
 * The stream is encrypted with the raw tier key, not the platform key: its records are raw market
 * data, the same data the raw bucket holds, so the tier's key policy stays the one place that says
 * who can read raw data, disabling it stops raw ingest by both paths, and producers, which already
 * encrypt into raw, get no use of the key that also opens queues, topics and the lineage table.
 */
export class LakeStreaming extends Construct {
  readonly stream: DataStream;
  readonly delivery: StreamDelivery;
  readonly onFailure: FailureQueue;
  readonly function: ObservedFunction;
  readonly subscription: StreamSubscription;
  readonly ingestionRate: IngestionRateAlarms;

  constructor(scope: Construct, id: string, props: LakeStreamingProps) {
    super(scope, id);
    const { config, naming, keys, storage, network, alerts } = props;
    const s = config.streaming;
    const alarmActions = [alerts.arn];
    const local = props.localAwsServer === true;
    const rawKey = keys.tiers.raw;

    this.stream = new DataStream(this, "stream", {
      streamName: streamNameOf(naming),
      region: config.region,
      accountId: config.accountId,
      encryptionKey: rawKey,
      retentionHours: s.retentionHours,
      streamMode: s.streamMode,
      shardCount: s.streamMode === "PROVISIONED" ? provisionedShardCount(config.capacity) : undefined,
      iteratorAgeAlarmMs: s.iteratorAgeAlarmMs,
      alarmActions,
    });
    this.ingestionRate = new IngestionRateAlarms(this, "ingestion-rate", { streamName: this.stream.name, config: config.alarms.ingestionRate, alarmActions, composite: !local });
    this.delivery = new StreamDelivery(this, "delivery", {
      deliveryStreamName: naming.resource("records-to-raw"),
      region: config.region,
      accountId: config.accountId,
      source: this.stream,
      bucket: storage.tiers.raw,
      bucketKey: rawKey,
      bufferMb: s.firehoseBufferMb,
      bufferSeconds: s.firehoseBufferSeconds,
      logKey: keys.platform,
      logRetentionDays: config.logRetentionDays,
      freshnessAlarmSeconds: s.deliveryFreshnessAlarmSeconds,
      alarmActions,
    });
    this.onFailure = new FailureQueue(this, "on-failure", {
      queueName: naming.resource("realtime-on-failure"),
      region: config.region,
      encryptionKey: keys.platform,
      holds: "Kinesis batches the real-time function failed past its retries or record age",
      alarmActions,
      enforceConditionalDenies: !local,
    });
    const functionName = naming.resource(REALTIME_FUNCTION);
    this.function = new ObservedFunction(this, "function", {
      functionName,
      description: "Runs the record rules and market anomaly checks on streamed records",
      durationAlarmShareOfTimeout: config.alarms.durationShareOfTimeout,
      bundle: props.bundle,
      memoryMb: s.functionMemoryMb,
      timeoutSeconds: s.functionTimeoutSeconds,
      reservedConcurrency: realtimeConcurrency(config.capacity, s),
      encryptionKey: keys.platform,
      logRetentionDays: config.logRetentionDays,
      vpc: { subnetIds: network.subnets.map((subnet) => subnet.id), securityGroupIds: [network.workloadSecurityGroup.id] },
      // A stream-invoked function has no asynchronous invocations; its dead letters and the mapping's
      // on-failure records share the one queue operators watch.
      deadLetterQueueArn: this.onFailure.arn,
      alarmActions,
      // The contract with handlers/realtime/settings.ts.
      environment: {
        ALERT_TOPIC_ARN: alerts.arn,
        ENVIRONMENT: config.environment,
        PRICE_JUMP_RATIO: String(s.priceJumpRatio),
        MAX_SPREAD_RATIO: String(config.validation.maxSpreadRatio),
        OUT_OF_ORDER_POLICY: config.validation.outOfOrderPolicy,
        MAX_GAP_SECONDS: String(s.maxGapSeconds),
        PARTITION_TIME_ZONES: JSON.stringify(config.partitionTimeZones),
        POWERTOOLS_SERVICE_NAME: REALTIME_FUNCTION,
        POWERTOOLS_METRICS_NAMESPACE: "MarketDataLake",
      },
      statements: [
        { Sid: "PublishAnomalies", Effect: "Allow", Action: "sns:Publish", Resource: alerts.arn },
        {
          Sid: "AlertTopicKey",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: keys.platform.arn,
          Condition: { StringEquals: { "kms:ViaService": `sns.${config.region}.amazonaws.com` } },
        },
      ],
    });
    this.subscription = new StreamSubscription(this, "subscription", {
      consumerName: naming.resource("realtime-efo"),
      stream: this.stream,
      target: this.function,
      onFailure: this.onFailure,
      batching: s,
      lagAlarmMs: s.iteratorAgeAlarmMs,
      alarmActions,
      localAwsServer: local,
    });
    for (const role of props.producers.values()) role.grantStreamWrite(this.stream);
  }
}
