import { metric, type Metric, type MetricOptions, type Statistic } from "./metric";

/**
 * Metrics of AWS namespaces, one helper per namespace so each passes the dimension keys that
 * namespace publishes under (a wrong key draws an empty graph, not an error).
 */
export const lambdaMetric = (functionName: string, name: string, stat: Statistic, options?: MetricOptions): Metric =>
  metric("AWS/Lambda", name, { FunctionName: functionName }, stat, options);

export const sqsMetric = (queueName: string, name: string, stat: Statistic, options?: MetricOptions): Metric => metric("AWS/SQS", name, { QueueName: queueName }, stat, options);

export const kinesisStreamMetric = (streamName: string, name: string, stat: Statistic, options?: MetricOptions): Metric =>
  metric("AWS/Kinesis", name, { StreamName: streamName }, stat, options);

/** Enhanced fan-out consumer metrics (SubscribeToShard*) carry the consumer's name too. */
export const kinesisConsumerMetric = (streamName: string, consumerName: string, name: string, stat: Statistic, options?: MetricOptions): Metric =>
  metric("AWS/Kinesis", name, { StreamName: streamName, ConsumerName: consumerName }, stat, options);

export const firehoseMetric = (deliveryStreamName: string, name: string, stat: Statistic, options?: MetricOptions): Metric =>
  metric("AWS/Firehose", name, { DeliveryStreamName: deliveryStreamName }, stat, options);

export const dynamodbMetric = (tableName: string, name: string, stat: Statistic, options?: MetricOptions): Metric =>
  metric("AWS/DynamoDB", name, { TableName: tableName }, stat, options);

/** S3 daily storage metrics: one data point a day, so graphs of them need a period of a day. */
export const S3_DAILY_SECONDS = 86_400;

export const s3StorageMetric = (bucketName: string, name: "BucketSizeBytes" | "NumberOfObjects", storageType: string, options?: MetricOptions): Metric =>
  metric("AWS/S3", name, { BucketName: bucketName, StorageType: storageType }, "Average", { period: S3_DAILY_SECONDS, ...options });

/** Glue job metrics (--enable-metrics): JobRunId "ALL" sums every run; Type is "count" or "gauge" by metric. */
export const glueJobMetric = (jobName: string, name: string, type: "count" | "gauge", stat: Statistic, options?: MetricOptions): Metric =>
  metric("Glue", name, { JobName: jobName, JobRunId: "ALL", Type: type }, stat, options);

/** Glue observability metrics (--enable-observability-metrics) add their group as a dimension. */
export const glueObservabilityMetric = (jobName: string, name: string, group: string, stat: Statistic, options?: MetricOptions): Metric =>
  metric("Glue", name, { JobName: jobName, JobRunId: "ALL", Type: "count", ObservabilityGroup: group }, stat, options);

/**
 * The S3 StorageType of each lifecycle storage class the lake transitions to. Intelligent-Tiering
 * reports its access tiers separately; the lake uses the automatic ones (no archive opt-in).
 */
export const S3_STORAGE_TYPES: Readonly<Record<string, readonly string[]>> = {
  STANDARD: ["StandardStorage"],
  INTELLIGENT_TIERING: ["IntelligentTieringFAStorage", "IntelligentTieringIAStorage", "IntelligentTieringAIAStorage"],
  GLACIER_IR: ["GlacierInstantRetrievalStorage"],
  GLACIER: ["GlacierStorage"],
  DEEP_ARCHIVE: ["DeepArchiveStorage"],
};

export function s3StorageTypes(storageClass: string): readonly string[] {
  const types = S3_STORAGE_TYPES[storageClass];
  if (!types) throw new Error(`s3StorageTypes: no CloudWatch StorageType known for storage class ${storageClass}; add it to S3_STORAGE_TYPES`);
  return types;
}
