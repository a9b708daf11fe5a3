import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Construct } from "constructs";
import type { DataStream } from "./data-stream";
import { EncryptedLogGroup } from "./encrypted-log-group";
import type { LakeKey } from "./lake-key";
import { LeastPrivilegeRole } from "./least-privilege-role";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";
import type { SecureBucket } from "./secure-bucket";

/**
 * Firehose's inline (JQ 1.6) partitioning query. Firehose's JQ has no time zone conversion, so it
 * cannot turn a timestamp into a venue's trading date: producers put `dataset` and `trading_date`
 * (YYYY-MM-DD in the dataset's partition time zone) in every record, and the validator checks that
 * the date agrees with the record's timestamp in that zone (a record that lies is quarantined).
 */
export const PARTITIONING_QUERY = "{dataset: .dataset, date: .trading_date}";
/** Where records land: the validation pipeline's input prefix (`dataset=`, see VALIDATION_PREFIXES). */
export const DELIVERY_PREFIX = "dataset=!{partitionKeyFromQuery:dataset}/date=!{partitionKeyFromQuery:date}/";
/**
 * Where Firehose puts records it could not partition or deliver, with the error type; outside
 * `dataset=`, so the validation queue never sees them (they are not market data objects).
 */
export const ERROR_PREFIX_ROOT = "stream-errors/";
export const ERROR_OUTPUT_PREFIX = `${ERROR_PREFIX_ROOT}!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/`;
/** Gzip JSON lines, the name the validation key parser reads as jsonl + gzip. */
export const DELIVERY_FILE_EXTENSION = ".jsonl.gz";

export interface StreamDeliveryProps {
  readonly deliveryStreamName: string;
  readonly region: string;
  readonly accountId: string;
  readonly source: DataStream;
  /** The raw bucket. */
  readonly bucket: SecureBucket;
  /** The raw tier key: objects are written SSE-KMS with it (the bucket policy refuses any other key). */
  readonly bucketKey: LakeKey;
  /** Buffer size in MB (64-128: dynamic partitioning needs at least 64). */
  readonly bufferMb: number;
  /** Buffer time in seconds (60-900). */
  readonly bufferSeconds: number;
  /** Key of the delivery log group (its policy must allow CloudWatch Logs). */
  readonly logKey: LakeKey;
  readonly logRetentionDays: number;
  /** Oldest undelivered record (s) that raises the freshness alarm. */
  readonly freshnessAlarmSeconds: number;
  readonly alarmActions: readonly string[];
}

/**
 * Firehose from the Kinesis stream into the raw bucket: records partitioned by their own `dataset`
 * and `trading_date` into `dataset=<d>/date=<date>/`, newline-delimited and gzipped as
 * `<name>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>.jsonl.gz`, so the validation pipeline takes them
 * like any producer's file. Errors go to `stream-errors/`, delivery errors are logged to an
 * encrypted log group, and alarms watch freshness and failed S3 deliveries.
 */
export class StreamDelivery extends Construct {
  readonly deliveryStream: KinesisFirehoseDeliveryStream;
  readonly role: LeastPrivilegeRole;
  readonly logGroup: EncryptedLogGroup;
  readonly name: string;

  constructor(scope: Construct, id: string, private readonly props: StreamDeliveryProps) {
    super(scope, id);
    this.checkProps(props);
    const { source, bucket, region } = props;
    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: `/aws/kinesisfirehose/${props.deliveryStreamName}`,
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    });
    // Firehose writes to a stream the owner creates; it does not create one.
    const logStream = new CloudwatchLogStream(this, "log-stream", { name: "DestinationDelivery", logGroupName: this.logGroup.name });
    const objectPrefixes = [bucket.objectsArn("dataset="), bucket.objectsArn(ERROR_PREFIX_ROOT)];
    this.role = new LeastPrivilegeRole(this, "role", {
      roleName: props.deliveryStreamName,
      description: `Firehose ${props.deliveryStreamName}: reads ${source.name}, writes raw objects`,
      // sts:ExternalId = the account id, as the Firehose developer guide's trust policy has it.
      trust: { Principal: { Service: "firehose.amazonaws.com" }, Condition: { StringEquals: { "sts:ExternalId": props.accountId } } },
      statements: [
        { Sid: "ReadSourceStream", Effect: "Allow", Action: ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"], Resource: source.arn },
        source.decryptStatement("DecryptSourceStream"),
        { Sid: "WriteRawObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"], Resource: objectPrefixes },
        { Sid: "RawBucket", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], Resource: bucket.arn },
        // No kms:EncryptionContext:aws:s3:arn condition: with S3 Bucket Keys on, the context is the bucket ARN, not the object's.
        { Sid: "RawKeyThroughS3", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: props.bucketKey.arn, Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } } },
        { Sid: "DeliveryErrorLogs", Effect: "Allow", Action: "logs:PutLogEvents", Resource: `${this.logGroup.arn}:log-stream:${logStream.name}` },
      ],
    });
    this.deliveryStream = new KinesisFirehoseDeliveryStream(this, "delivery", {
      name: props.deliveryStreamName,
      destination: "extended_s3",
      // Firehose's own SSE applies to Direct PUT only: records at rest in the source are encrypted by Kinesis.
      kinesisSourceConfiguration: { kinesisStreamArn: source.stream.arn, roleArn: this.role.arn },
      extendedS3Configuration: {
        roleArn: this.role.arn,
        bucketArn: bucket.arn,
        prefix: DELIVERY_PREFIX,
        errorOutputPrefix: ERROR_OUTPUT_PREFIX,
        bufferingSize: props.bufferMb,
        bufferingInterval: props.bufferSeconds,
        compressionFormat: "GZIP",
        fileExtension: DELIVERY_FILE_EXTENSION,
        kmsKeyArn: props.bucketKey.arn,
        customTimeZone: "UTC",
        cloudwatchLoggingOptions: { enabled: true, logGroupName: this.logGroup.name, logStreamName: logStream.name },
        dynamicPartitioningConfiguration: { enabled: true, retryDuration: 300 },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: "MetadataExtraction",
              parameters: [
                { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
                { parameterName: "MetadataExtractionQuery", parameterValue: PARTITIONING_QUERY },
              ],
            },
            // Records are single JSON objects without a newline; this makes each object JSON lines.
            { type: "AppendDelimiterToRecord", parameters: [] },
          ],
        },
      },
      // Firehose checks the role when the stream is created.
      dependsOn: [this.role.policy],
    });
    this.name = this.deliveryStream.name;
    this.addAlarms();
  }

  private checkProps(props: StreamDeliveryProps): void {
    if (!Number.isInteger(props.bufferMb) || props.bufferMb < 64 || props.bufferMb > 128) {
      throw new Error(`${this.node.path}: bufferMb ${props.bufferMb} is out of range; dynamic partitioning needs 64-128 MB`);
    }
    if (!Number.isInteger(props.bufferSeconds) || props.bufferSeconds < 60 || props.bufferSeconds > 900) {
      throw new Error(`${this.node.path}: bufferSeconds ${props.bufferSeconds} is out of range; use 60-900 (no zero buffering with dynamic partitioning)`);
    }
  }

  private addAlarms(): void {
    const { deliveryStreamName, alarmActions } = this.props;
    // No records buffered, nothing to deliver: missing data points are an idle stream, in market
    // hours too. A delivery that stopped reading is not missed: the stream's GetRecords iterator-age
    // alarm treats missing data as breaching, and the ingestion composite pages for a quiet feed.
    const base = {
      namespace: "AWS/Firehose",
      dimensions: { DeliveryStreamName: deliveryStreamName },
      actions: alarmActions,
      periodSeconds: 300,
      runbook: RUNBOOK_SECTIONS.deliveryFreshness,
      treatMissingData: "notBreaching",
      severity: "page",
    } as const;
    addMetricAlarm(this, "freshness", {
      ...base,
      alarmName: `${deliveryStreamName}-data-freshness`,
      description: `The oldest record in ${deliveryStreamName} is older than ${this.props.freshnessAlarmSeconds} s: S3 deliveries fail or lag; see the ${this.logGroup.name} log group`,
      metricName: "DeliveryToS3.DataFreshness",
      statistic: "Maximum",
      threshold: this.props.freshnessAlarmSeconds,
    });
    // DeliveryToS3.Success is successful S3 puts over all S3 puts: below 1 means a put failed (and is retried).
    addMetricAlarm(this, "delivery-failures", {
      ...base,
      alarmName: `${deliveryStreamName}-s3-delivery-failures`,
      description: `S3 puts of ${deliveryStreamName} failed (role, key or bucket policy); Firehose retries, then writes the records under ${ERROR_PREFIX_ROOT}`,
      metricName: "DeliveryToS3.Success",
      statistic: "Minimum",
      threshold: 1,
      comparison: "LessThanThreshold",
    });
  }
}
