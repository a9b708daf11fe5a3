import { ANOMALY_KINDS } from "../../handlers/realtime/anomalies/anomaly";
import type { S3BucketLifecycleConfigurationRuleTransition } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { Construct, type IConstruct } from "constructs";
import { FUNCTION_METRICS } from "../../handlers/shared/metric-catalog";
import { REALTIME_RULES } from "../../handlers/realtime/rules";
import { ALL_RULE_IDS } from "../../handlers/validation/core/rules";
import { DATA_TIERS, LAKE_DATASETS, type EnvironmentConfig } from "../config";
import type { Naming } from "../config/naming";
import { tierLifecycleRules } from "../constructs/bucket-lifecycle";
import {
  alarmStatusWidget, catalogMetric, Dashboard, dynamodbMetric, firehoseMetric, functionWidgets, glueJobMetric, glueObservabilityMetric, graphWidget,
  kinesisConsumerMetric, kinesisStreamMetric, mathExpression, metric, queueWidgets, s3StorageMetric, s3StorageTypes, S3_DAILY_SECONDS, singleValueWidget,
  type Row, type Widget, type WidgetContext,
} from "../constructs/dashboard";
import type { GlueEtlJob } from "../constructs/glue-etl-job";
import { LOG_METRICS_NAMESPACE } from "../constructs/observed-function";
import type { SecureBucket } from "../constructs/secure-bucket";
import { ETL_METRICS_NAMESPACE, type LakeEtl } from "./lake-etl";
import type { LakeStorage } from "./lake-storage";
import type { LakeStreaming } from "./lake-streaming";
import type { ValidationPipeline } from "./validation-pipeline";
import { VALIDATION_FUNCTION } from "./validation-pipeline";
import { REALTIME_FUNCTION } from "./lake-streaming";
import { alarmsUnder } from "../constructs/metric-alarm";

export interface LakeDashboardProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly storage: LakeStorage;
  readonly validation: ValidationPipeline;
  readonly streaming: LakeStreaming;
  readonly etl: LakeEtl;
  /** Where the alarm status row collects alarms from: add the dashboard after every alarm below it. */
  readonly watched: IConstruct;
}


/**
 * The environment's operations dashboard: alarm status, then ingestion, validation, real-time
 * checks, ETL, storage and lineage, each a row under a text header. Custom metrics are pinned to
 * this environment and follow the `dataset` variable at the top.
 */
export class LakeDashboard extends Construct {
  readonly dashboard: Dashboard;
  /** ARNs of the alarms in the alarm status row. */
  readonly alarmArns: readonly string[];

  constructor(scope: Construct, id: string, private readonly props: LakeDashboardProps) {
    super(scope, id);
    const context: WidgetContext = { region: props.config.region };
    this.alarmArns = alarmsUnder(props.watched).map((alarm) => alarm.arn);
    this.dashboard = new Dashboard(this, "dashboard", {
      dashboardName: props.naming.resource("operations"),
      variables: [{ property: "dataset", label: "Dataset", values: LAKE_DATASETS }],
      rows: [
        this.alarmRow(),
        this.ingestionRow(context),
        this.validationRow(context),
        this.dataQualityRow(context),
        this.realtimeRow(context),
        this.etlRow(context),
        this.storageRow(context),
        this.lineageRow(context),
      ],
    });
  }

  /** `service`, `environment` and the variable's `dataset`: the dimensions every catalog metric has. */
  private pinned(service: string) {
    return { service, environment: this.props.config.environment, dataset: LAKE_DATASETS[0] };
  }

  private alarmRow(): Row {
    // One widget shows at most 100 alarms.
    const chunks: string[][] = [];
    this.alarmArns.forEach((arn, i) => (chunks[Math.floor(i / 100)] ??= []).push(arn));
    return { title: "Alarms", description: `${this.alarmArns.length} alarms of this stack; each names its runbook section`, widgets: chunks.map((arns, i) => alarmStatusWidget(`Alarms ${i + 1}`, arns)) };
  }

  private ingestionRow(context: WidgetContext): Row {
    const { stream, delivery, subscription } = this.props.streaming;
    const consumerName = subscription.consumer.name;
    const graph = (title: string, metrics: Parameters<typeof graphWidget>[0]["metrics"]) => graphWidget({ title, metrics }, context);
    return {
      title: "Ingestion",
      description: "Kinesis stream, its enhanced fan-out consumer and the Firehose delivery to the raw bucket",
      widgets: [
        graph("Stream: incoming records", [kinesisStreamMetric(stream.name, "IncomingRecords", "Sum")]),
        graph("Stream: incoming bytes", [kinesisStreamMetric(stream.name, "IncomingBytes", "Sum")]),
        graph("Stream: write throughput exceeded", [kinesisStreamMetric(stream.name, "WriteProvisionedThroughputExceeded", "Sum")]),
        graph("Read lag (ms)", [
          kinesisStreamMetric(stream.name, "GetRecords.IteratorAgeMilliseconds", "Maximum", { label: "GetRecords iterator age (Firehose)" }),
          kinesisConsumerMetric(stream.name, consumerName, "SubscribeToShardEvent.MillisBehindLatest", "Maximum", { label: "EFO consumer behind latest" }),
        ]),
        graph("Firehose: data freshness (s)", [firehoseMetric(delivery.name, "DeliveryToS3.DataFreshness", "Maximum")]),
        graphWidget(
          {
            title: "Firehose: S3 delivery failures",
            metrics: [
              firehoseMetric(delivery.name, "DeliveryToS3.Success", "Average", { id: "success", visible: false }),
              firehoseMetric(delivery.name, "DeliveryToS3.Records", "Sum", { label: "records delivered" }),
              mathExpression("failed", "100 * (1 - success)", "failed S3 puts (%)"),
            ],
          },
          context,
        ),
      ],
    };
  }

  private validationRow(context: WidgetContext): Row {
    const { function: fn, queue } = this.props.validation;
    return {
      title: "Validation function and queue",
      widgets: [
        ...functionWidgets({ functionName: fn.name, label: "validation", errorLines: errorLines(this.props.naming.resource(VALIDATION_FUNCTION)) }, context),
        ...queueWidgets({ queueName: queue.queue.name, deadLetterQueueName: queue.deadLetterQueue.name, label: "validation queue" }, context),
      ],
    };
  }

  private dataQualityRow(context: WidgetContext): Row {
    const v = FUNCTION_METRICS.validation;
    const dims = this.pinned(VALIDATION_FUNCTION);
    const counts = [
      catalogMetric(v.recordsIn, dims, "Sum", { id: "recordsIn" }),
      catalogMetric(v.recordsAccepted, dims, "Sum", { id: "accepted" }),
      catalogMetric(v.recordsQuarantined, dims, "Sum", { id: "quarantined" }),
    ];
    const rejectRate = [
      catalogMetric(v.recordsIn, dims, "Sum", { id: "recordsIn", visible: false }),
      catalogMetric(v.recordsQuarantined, dims, "Sum", { id: "quarantined", visible: false }),
      mathExpression("rejectRate", "100 * quarantined / recordsIn", "quarantined / in (%)"),
    ];
    return {
      title: "Data quality (validation)",
      description: "Records of the dataset picked at the top; rejects by rule",
      widgets: [
        graphWidget({ title: "Records in, accepted, quarantined", metrics: counts }, context),
        singleValueWidget({ title: "Reject rate (%)", metrics: rejectRate, width: 4, height: 6 }, context),
        graphWidget({ title: "Reject rate (%)", metrics: rejectRate, width: 4 }, context),
        graphWidget({ title: "Objects validated / failed / duplicate deliveries", metrics: [catalogMetric(v.objectsValidated, dims, "Sum"), catalogMetric(v.objectsFailed, dims, "Sum"), catalogMetric(v.duplicateDeliveries, dims, "Sum")] }, context),
        graphWidget({ title: "Quarantined by rule", width: 16, stacked: true, metrics: ALL_RULE_IDS.map((rule) => catalogMetric(v.rejectsByRule, { ...dims, rule }, "Sum", { label: rule })) }, context),
        graphWidget({ title: "Object duration p99 (ms)", metrics: [catalogMetric(v.objectDuration, dims, "p99")] }, context),
      ],
    };
  }

  private realtimeRow(context: WidgetContext): Row {
    const { function: fn, onFailure } = this.props.streaming;
    const r = FUNCTION_METRICS.realtime;
    const dims = this.pinned(REALTIME_FUNCTION);
    const realtimeRules = [...ALL_RULE_IDS, ...Object.values(REALTIME_RULES)];
    return {
      title: "Real-time checks",
      description: "The EFO consumer function: streamed records, rejects, anomalies and alerts",
      widgets: [
        ...functionWidgets({ functionName: fn.name, label: "real-time", errorLines: errorLines(this.props.naming.resource(REALTIME_FUNCTION)) }, context),
        graphWidget({ title: "Records in / accepted / rejected / failed", metrics: [r.recordsIn, r.recordsAccepted, r.recordsRejected, r.recordsFailed].map((m) => catalogMetric(m, dims, "Sum")) }, context),
        graphWidget({ title: "Rejected by rule", stacked: true, metrics: realtimeRules.map((rule) => catalogMetric(r.rejectsByRule, { ...dims, rule }, "Sum", { label: rule })) }, context),
        graphWidget({ title: "Anomalies by kind", stacked: true, metrics: ANOMALY_KINDS.map((kind) => catalogMetric(r.anomalies, { ...dims, kind }, "Sum", { label: kind })) }, context),
        graphWidget({ title: "Alerts published / failed / suppressed", metrics: [r.alertsPublished, r.alertsFailed, r.alertsSuppressed].map((m) => catalogMetric(m, dims, "Sum")) }, context),
        ...queueWidgets({ queueName: onFailure.queue.name, label: "real-time on-failure queue" }, context).slice(0, 1),
      ],
    };
  }

  private etlRow(context: WidgetContext): Row {
    const jobs = [this.props.etl.rawToProcessed, this.props.etl.processedToCurated];
    const perJob = (title: string, line: (job: GlueEtlJob) => ReturnType<typeof metric>[]) => graphWidget({ title, metrics: jobs.flatMap(line) }, context);
    const summary = (name: string) => (job: GlueEtlJob) => [metric(ETL_METRICS_NAMESPACE, name, { JobName: job.name }, "Sum", { label: `${job.name} ${name}` })];
    return {
      title: "ETL (Glue)",
      description: "Job metrics of both jobs (all runs), and the counts of their run summaries",
      widgets: [
        perJob("Runs succeeded / failed", (job) => [
          glueObservabilityMetric(job.name, "glue.succeed.ALL", "error", "Sum", { label: `${job.name} succeeded` }),
          glueObservabilityMetric(job.name, "glue.error.ALL", "error", "Sum", { label: `${job.name} failed` }),
        ]),
        perJob("Elapsed time (ms)", (job) => [glueJobMetric(job.name, "glue.driver.aggregate.elapsedTime", "count", "Sum")]),
        perJob("Failed tasks", (job) => [glueJobMetric(job.name, "glue.driver.aggregate.numFailedTasks", "count", "Sum")]),
        perJob("Bytes read", (job) => [glueJobMetric(job.name, "glue.driver.aggregate.bytesRead", "count", "Sum")]),
        perJob("S3 bytes written", (job) => [glueJobMetric(job.name, "glue.ALL.s3.filesystem.write_bytes", "gauge", "Sum")]),
        graphWidget({ title: "raw-to-processed summary", metrics: ["RecordsIn", "RowsWritten", "DuplicatesDropped", "ConflictingDuplicates"].flatMap((name) => summary(name)(jobs[0])) }, context),
        graphWidget({ title: "processed-to-curated summary", metrics: ["CuratedRows", "OutputFiles"].flatMap((name) => summary(name)(jobs[1])) }, context),
        perJob("Output bytes (summaries)", summary("OutputBytes")),
      ],
    };
  }

  private storageRow(context: WidgetContext): Row {
    const { storage, config, etl } = this.props;
    const tiered = DATA_TIERS.map((tier) => ({ label: tier, bucket: storage.tiers[tier], classes: storageClassesOf(tierLifecycleRules(config.lifecycle[tier])) }));
    const plain = [
      { label: "access logs", bucket: storage.accessLogs, classes: ["STANDARD"] },
      { label: "glue code", bucket: etl.codeBucket, classes: ["STANDARD"] },
    ];
    const sizeWidget = ({ label, bucket, classes }: { label: string; bucket: SecureBucket; classes: readonly string[] }): Widget =>
      graphWidget(
        {
          title: `${label}: bytes by storage tier`,
          period: S3_DAILY_SECONDS,
          stacked: true,
          metrics: classes.flatMap((c) => s3StorageTypes(c)).map((type) => s3StorageMetric(bucket.name, "BucketSizeBytes", type, { label: type })),
        },
        context,
      );
    return {
      title: "Storage",
      description: "S3 daily storage metrics (one point a day, about a day late)",
      widgets: [
        ...[...tiered, ...plain].map(sizeWidget),
        graphWidget({ title: "Objects per bucket", period: S3_DAILY_SECONDS, metrics: [...tiered, ...plain].map(({ label, bucket }) => s3StorageMetric(bucket.name, "NumberOfObjects", "AllStorageTypes", { label })) }, context),
      ],
    };
  }

  private lineageRow(context: WidgetContext): Row {
    const table = this.props.validation.lineage.name;
    return {
      title: "Lineage table",
      widgets: [
        graphWidget({ title: "Consumed capacity", metrics: [dynamodbMetric(table, "ConsumedWriteCapacityUnits", "Sum"), dynamodbMetric(table, "ConsumedReadCapacityUnits", "Sum")] }, context),
        graphWidget(
          {
            title: "Throttles",
            metrics: [
              dynamodbMetric(table, "WriteThrottleEvents", "Sum"),
              dynamodbMetric(table, "ReadThrottleEvents", "Sum"),
              // ThrottledRequests is published per operation: the function's three.
              ...["PutItem", "UpdateItem", "GetItem"].map((Operation) => metric("AWS/DynamoDB", "ThrottledRequests", { TableName: table, Operation }, "Sum", { label: `ThrottledRequests ${Operation}` })),
            ],
          },
          context,
        ),
      ],
    };
  }
}

/** ObservedFunction names its error-line metric after the function's literal name (addErrorLineAlarm). */
function errorLines(functionName: string) {
  return { namespace: LOG_METRICS_NAMESPACE, name: `${functionName}-error-lines` };
}

/** STANDARD (where objects land) plus every class the lifecycle rules transition to. */
function storageClassesOf(rules: ReturnType<typeof tierLifecycleRules>): string[] {
  const transitions = rules.flatMap((rule) => (Array.isArray(rule.transition) ? (rule.transition as S3BucketLifecycleConfigurationRuleTransition[]) : []));
  return ["STANDARD", ...new Set(transitions.map((t) => t.storageClass))];
}
