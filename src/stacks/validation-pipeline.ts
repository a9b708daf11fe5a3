import { LAKE_ALERT_TOPIC_PURPOSE } from "./lake-references";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { Construct } from "constructs";
import type { HandlerBundle } from "../bundling/handler-bundle";
import { validationConcurrency } from "../config/capacity";
import { AlertTopic } from "../constructs/alert-topic";
import { LineageTable } from "../constructs/lineage-table";
import { ObservedFunction } from "../constructs/observed-function";
import { QueueWithDlq } from "../constructs/queue-with-dlq";
import type { LakePartProps } from "./lake-part";

/**
 * Where the validation function writes, all in the raw bucket next to (never over) the input:
 * accepted records normalised as gzip JSON lines for the Glue raw-to-processed job, rejected
 * records with their reasons, and one JSON report per input object.
 */
/** Name purpose of the validation function (`Naming.resource`), also its Powertools service name. */
export const VALIDATION_FUNCTION = "validate-raw";

export const VALIDATION_PREFIXES = { input: "dataset=", validated: "validated/", quarantine: "quarantine/", reports: "reports/" } as const;

export interface ValidationPipelineProps extends LakePartProps {
  readonly bundle: HandlerBundle;
}

/**
 * raw bucket ObjectCreated -> SQS (CMK, DLQ after 3 receives) -> validation Lambda (partial
 * batch responses) -> validated/quarantine objects, lineage items, EMF metrics, SNS alerts.
 *
 * The function does not start Glue runs: at 50 TB a day that is thousands of objects, each would
 * start its own run and hit Glue's concurrent-run quota. The Glue workflow's scheduled trigger
 * picks up `validated/` with job bookmarks instead, so the function needs no Glue permission.
 */
export class ValidationPipeline extends Construct {
  readonly alerts: AlertTopic;
  readonly lineage: LineageTable;
  readonly queue: QueueWithDlq;
  readonly function: ObservedFunction;

  constructor(scope: Construct, id: string, props: ValidationPipelineProps) {
    super(scope, id);
    const { config, naming, keys, storage, network } = props;
    const v = config.validation;
    const raw = storage.tiers.raw;
    const platformKey = keys.platform;

    this.alerts = new AlertTopic(this, "alerts", { topicName: naming.resource(LAKE_ALERT_TOPIC_PURPOSE), accountId: config.accountId, encryptionKey: platformKey, subscriptions: v.alertSubscriptions, enforceConditionalDenies: props.localAwsServer !== true });
    this.lineage = new LineageTable(this, "lineage", { tableName: naming.resource("lineage"), encryptionKey: platformKey, region: config.region, alarmActions: [this.alerts.arn] });
    this.queue = new QueueWithDlq(this, "queue", {
      queueName: naming.resource("validation"),
      oldestMessageAlarmSeconds: config.alarms.validationBacklogAgeSeconds,
      region: config.region,
      accountId: config.accountId,
      encryptionKey: platformKey,
      consumerTimeoutSeconds: v.timeoutSeconds,
      consumerBatchWindowSeconds: v.batchWindowSeconds,
      maxReceiveCount: 3,
      alarmActions: [this.alerts.arn],
      enforceConditionalDenies: props.localAwsServer !== true,
      restrictRedriveSources: props.localAwsServer !== true,
      // The local server applies a policy at once; one second still runs the wait in the e2e apply.
      policyPropagationSeconds: props.localAwsServer === true ? 1 : undefined,
    });
    this.queue.allowS3Notifications(raw.arn);
    raw.addObjectCreatedQueue("validation", this.queue.queue.arn, VALIDATION_PREFIXES.input, this.queue.sendersReady);

    const concurrency = validationConcurrency(config.capacity, v);
    const s3 = `s3.${config.region}.amazonaws.com`;
    this.function = new ObservedFunction(this, "function", {
      functionName: naming.resource(VALIDATION_FUNCTION),
      description: "Validates raw market data objects, writes accepted and quarantined records, records lineage",
      durationAlarmShareOfTimeout: config.alarms.durationShareOfTimeout,
      bundle: props.bundle,
      memoryMb: v.memoryMb,
      timeoutSeconds: v.timeoutSeconds,
      reservedConcurrency: concurrency,
      encryptionKey: platformKey,
      logRetentionDays: config.logRetentionDays,
      vpc: { subnetIds: network.subnets.map((s) => s.id), securityGroupIds: [network.workloadSecurityGroup.id] },
      deadLetterQueueArn: this.queue.deadLetterQueue.arn,
      alarmActions: [this.alerts.arn],
      environment: {
        POWERTOOLS_SERVICE_NAME: VALIDATION_FUNCTION,
        POWERTOOLS_METRICS_NAMESPACE: "MarketDataLake",
        ENVIRONMENT: config.environment,
        LINEAGE_TABLE: this.lineage.name,
        ALERT_TOPIC_ARN: this.alerts.arn,
        VALIDATED_PREFIX: VALIDATION_PREFIXES.validated,
        QUARANTINE_PREFIX: VALIDATION_PREFIXES.quarantine,
        REPORTS_PREFIX: VALIDATION_PREFIXES.reports,
        REJECT_RATE_ALERT_THRESHOLD: String(v.rejectRateAlertThreshold),
        LINEAGE_TTL_DAYS: String(v.lineageTtlDays),
        MAX_SPREAD_RATIO: String(v.maxSpreadRatio),
        PRICE_JUMP_RATIO: String(v.priceJumpRatio),
        OUT_OF_ORDER_POLICY: v.outOfOrderPolicy,
        REDELIVERY_BASE_SECONDS: String(v.redelivery.baseSeconds),
        REDELIVERY_MAX_SECONDS: String(v.redelivery.maxSeconds),
        PARTITION_TIME_ZONES: JSON.stringify(config.partitionTimeZones),
      },
      statements: [
        { Sid: "ReadRawInput", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: raw.objectsArn(VALIDATION_PREFIXES.input) },
        // ListBucket turns a missing object into 404 instead of 403, so a deleted input is told apart from a permission error.
        { Sid: "ListRawInput", Effect: "Allow", Action: "s3:ListBucket", Resource: raw.arn, Condition: { StringLike: { "s3:prefix": `${VALIDATION_PREFIXES.input}*` } } },
        {
          Sid: "WriteValidationOutputs",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
          Resource: [VALIDATION_PREFIXES.validated, VALIDATION_PREFIXES.quarantine, VALIDATION_PREFIXES.reports].map((p) => raw.objectsArn(p)),
        },
        { Sid: "RawKeyThroughS3", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keys.tiers.raw.arn, Condition: { StringEquals: { "kms:ViaService": s3 } } },
        { Sid: "ConsumeValidationQueue", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"], Resource: this.queue.queue.arn },
        {
          Sid: "PlatformKeyForQueueTopicTable",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: platformKey.arn,
          Condition: { StringEquals: { "kms:ViaService": ["sqs", "sns", "dynamodb"].map((service) => `${service}.${config.region}.amazonaws.com`) } },
        },
        { Sid: "WriteLineage", Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"], Resource: this.lineage.arn },
        { Sid: "PublishAlerts", Effect: "Allow", Action: "sns:Publish", Resource: this.alerts.arn },
      ],
    });

    new LambdaEventSourceMapping(this, "queue-trigger", {
      eventSourceArn: this.queue.queue.arn,
      functionName: this.function.arn,
      batchSize: v.batchSize,
      maximumBatchingWindowInSeconds: v.batchWindowSeconds,
      functionResponseTypes: ["ReportBatchItemFailures"],
      // The local AWS API server would poll for the mapping itself and, unable to run the
      // function, burn each message's receives into the DLQ; there the e2e poller plays Lambda.
      enabled: props.localAwsServer !== true,
      // Not above the reserved concurrency, or the poller's extra invocations are throttled.
      scalingConfig: { maximumConcurrency: concurrency },
      dependsOn: [this.function.role.policy],
    });
  }
}
