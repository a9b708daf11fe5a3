import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { Construct } from "constructs";
import type { PolicyStatement } from "../policy/policy-document";
import type { LakeKey } from "./lake-key";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

/**
 * Every shard-level metric Kinesis offers (EnhancedMetrics in the Kinesis API reference), listed
 * instead of "ALL" so a plan shows exactly what is billed. IteratorAgeMilliseconds per shard finds
 * the one slow shard behind a stream-level iterator age alarm.
 */
export const SHARD_LEVEL_METRICS = [
  "IncomingBytes",
  "IncomingRecords",
  "OutgoingBytes",
  "OutgoingRecords",
  "WriteProvisionedThroughputExceeded",
  "ReadProvisionedThroughputExceeded",
  "IteratorAgeMilliseconds",
] as const;

export interface DataStreamProps {
  readonly streamName: string;
  readonly region: string;
  readonly accountId: string;
  /** Customer-managed key the records are encrypted with (its policy must allow use via kinesis). */
  readonly encryptionKey: LakeKey;
  /** Hours records stay readable (24-8760). */
  readonly retentionHours: number;
  /** "ON_DEMAND" or "PROVISIONED". */
  readonly streamMode: "ON_DEMAND" | "PROVISIONED";
  /** Shards of a PROVISIONED stream (see `provisionedShardCount`); must be unset for ON_DEMAND. */
  readonly shardCount?: number;
  /** GetRecords iterator age (ms) above which the alarm fires. @default 60000 */
  readonly iteratorAgeAlarmMs?: number;
  /** SNS topics the alarms notify. */
  readonly alarmActions: readonly string[];
}

/**
 * A Kinesis data stream encrypted with a customer-managed key, with retention, shard-level metrics,
 * protection from `terraform destroy`, and alarms on write throttling and on GetRecords iterator age
 * (readers such as Firehose falling behind; the EFO consumer has its own metric, see StreamSubscription).
 */
export class DataStream extends Construct {
  readonly stream: KinesisStream;
  readonly name: string;
  /** Built from the name, so policies that name the stream form no dependency cycle. */
  readonly arn: string;

  constructor(scope: Construct, id: string, private readonly props: DataStreamProps) {
    super(scope, id);
    this.checkProps(props);
    this.name = props.streamName;
    this.arn = `arn:aws:kinesis:${props.region}:${props.accountId}:stream/${props.streamName}`;
    this.stream = new KinesisStream(this, "stream", {
      name: props.streamName,
      streamModeDetails: { streamMode: props.streamMode },
      shardCount: props.streamMode === "PROVISIONED" ? props.shardCount : undefined,
      retentionPeriod: props.retentionHours,
      encryptionType: "KMS",
      kmsKeyId: props.encryptionKey.arn,
      shardLevelMetrics: [...SHARD_LEVEL_METRICS],
      // Consumers are deregistered with the stream only if someone removes this protection first.
      enforceConsumerDeletion: false,
      lifecycle: { preventDestroy: true },
    });
    this.addAlarms();
  }

  /**
   * What a producer needs to write records: PutRecord(s) on this stream and GenerateDataKey on its key,
   * only through Kinesis and only for this stream (Kinesis passes the stream ARN as encryption context).
   */
  producerStatements(sidPrefix = "Stream"): PolicyStatement[] {
    return [
      { Sid: `${sidPrefix}PutRecords`, Effect: "Allow", Action: ["kinesis:PutRecord", "kinesis:PutRecords"], Resource: this.arn },
      { Sid: `${sidPrefix}KeyThroughKinesis`, Effect: "Allow", Action: "kms:GenerateDataKey", Resource: this.props.encryptionKey.arn, Condition: this.keyCondition() },
    ];
  }

  /** Decrypt on the stream's key, only through Kinesis and only for this stream: what every reader needs. */
  decryptStatement(sid: string): PolicyStatement {
    return { Sid: sid, Effect: "Allow", Action: "kms:Decrypt", Resource: this.props.encryptionKey.arn, Condition: this.keyCondition() };
  }

  private keyCondition(): Record<string, Record<string, string>> {
    return { StringEquals: { "kms:ViaService": `kinesis.${this.props.region}.amazonaws.com`, "kms:EncryptionContext:aws:kinesis:arn": this.arn } };
  }

  private checkProps(props: DataStreamProps): void {
    if (!Number.isInteger(props.retentionHours) || props.retentionHours < 24 || props.retentionHours > 8760) {
      throw new Error(`${this.node.path}: retentionHours ${props.retentionHours} is out of range; Kinesis keeps records 24-8760 hours`);
    }
    if (props.streamMode === "PROVISIONED" && !(Number.isInteger(props.shardCount) && props.shardCount! >= 1)) {
      throw new Error(`${this.node.path}: a PROVISIONED stream needs shardCount >= 1 (use provisionedShardCount(capacity)), got ${props.shardCount}`);
    }
    if (props.streamMode === "ON_DEMAND" && props.shardCount !== undefined) {
      throw new Error(`${this.node.path}: shardCount ${props.shardCount} is set on an ON_DEMAND stream, which sizes itself; drop it or use streamMode "PROVISIONED"`);
    }
  }

  private addAlarms(): void {
    const { streamName, alarmActions } = this.props;
    const base = { namespace: "AWS/Kinesis", dimensions: { StreamName: streamName }, actions: alarmActions };
    addMetricAlarm(this, "write-throttled", {
      ...base,
      alarmName: `${streamName}-write-throttled`,
      description: `Writes to ${streamName} were throttled (over 1 MB/s or 1,000 records/s on a shard): producers retry, and data is late or, after their retries, lost; add shards or spread partition keys`,
      metricName: "WriteProvisionedThroughputExceeded",
      statistic: "Sum",
      threshold: 0,
      runbook: RUNBOOK_SECTIONS.streamThrottled,
      // No writes, no throttles: an idle stream publishes nothing here.
      treatMissingData: "notBreaching",
      severity: "page",
      // Producers retry throttled entries; three throttled minutes in a row is a lasting shortage.
      evaluationPeriods: 3,
    });
    addMetricAlarm(this, "iterator-age", {
      ...base,
      alarmName: `${streamName}-getrecords-iterator-age`,
      description: `A GetRecords reader of ${streamName} (the Firehose delivery) is more than ${this.props.iteratorAgeAlarmMs ?? 60_000} ms behind; records expire after ${this.props.retentionHours} h`,
      metricName: "GetRecords.IteratorAgeMilliseconds",
      statistic: "Maximum",
      runbook: RUNBOOK_SECTIONS.iteratorAge,
      // Firehose calls GetRecords every second even on an idle stream, so no data point at all
      // means the reader stopped: that is the failure this alarm is for.
      treatMissingData: "breaching",
      severity: "page",
      threshold: this.props.iteratorAgeAlarmMs ?? 60_000,
      evaluationPeriods: 5,
    });
  }
}
