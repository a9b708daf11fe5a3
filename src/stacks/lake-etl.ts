import { GlueTrigger } from "@cdktf/provider-aws/lib/glue-trigger";
import { GlueWorkflow } from "@cdktf/provider-aws/lib/glue-workflow";
import { Construct } from "constructs";
import { lakeGlueCode, type GlueCode } from "../bundling/glue-code";
import type { EnvironmentConfig } from "../config";
import type { AlertTopic } from "../constructs/alert-topic";
import { codeLifecycleRules } from "../constructs/bucket-lifecycle";
import { CodeObject } from "../constructs/code-object";
import { GlueEtlJob } from "../constructs/glue-etl-job";
import { GlueFailureAlerts } from "../constructs/glue-failure-alerts";
import { GlueNetwork } from "../constructs/glue-network";
import { SecureBucket } from "../constructs/secure-bucket";
import type { PolicyStatement } from "../policy/policy-document";
import { ETL_JOBS, etlNames, type EtlNames } from "./etl-names";
import { GLUE_SCRATCH_PREFIX } from "./lake-storage";
import { CURATED_COLUMNS } from "./lake-tables";
import { VALIDATION_PREFIXES } from "./validation-pipeline";
import type { LakePartProps } from "./lake-part";

export interface LakeEtlProps extends LakePartProps {
  readonly alerts: AlertTopic;
  /** Job scripts and library. @default built from glue-scripts/ at synth */
  readonly code?: GlueCode;
}

/** Namespace of the metrics made from the jobs' summary lines (dimension JobName, which names the environment). */
export const ETL_METRICS_NAMESPACE = "MarketDataLake/ETL";

const summaryMetrics = (purpose: string, metrics: Record<string, string>) => ({ event: `${purpose}.summary`, namespace: ETL_METRICS_NAMESPACE, metrics });

/**
 * The zone of the curated tables' trading dates: the job takes one, for bars from trades and
 * statistics from quotes alike, so the two datasets must agree (a daily bar and the quote
 * statistics of one date must cover the same hours).
 *
 * Why the config's zone and not UTC: raw-to-processed keeps each validated object's `date=`, and
 * the validator checks records against that zone's trading day, so processed dates are already
 * trading dates there. processed-to-curated buckets rows by the civil date of `ts` in
 * --partition_time_zone. With "UTC" it would drop a 19:30 New York trade from its trading date
 * (its UTC date is the next day, which reads only the next processed partition), losing it from
 * curated. With the same zone it is exact. Its neighbour reads (each trading date reads the
 * processed dates T and T+1; a new processed date D rebuilds D-1 and D) come from the days when
 * processed dates were UTC dates: correct here, but about twice the reading it needs.
 */
function curatedTimeZone(config: EnvironmentConfig): string {
  const { trades, quotes } = config.partitionTimeZones;
  if (trades !== quotes) throw new Error(`partitionTimeZones: trades (${trades}) and quotes (${quotes}) must be one zone; processed-to-curated builds bars and quote statistics of the same trading dates`);
  return trades;
}

/** Glue's cron for "every `minutes` minutes, on the clock" (minutes from ETL_SCHEDULE_MINUTES). */
export function scheduleExpression(minutes: number): string {
  if (minutes < 60) return `cron(0/${minutes} * * * ? *)`;
  if (minutes === 1440) return "cron(0 0 * * ? *)";
  return `cron(0 0/${minutes / 60} * * ? *)`;
}

/**
 * The Glue ETL stage: raw `validated/` -> processed Parquet -> curated bars, aggregates and quote
 * statistics, run by a workflow whose scheduled trigger starts raw-to-processed and whose
 * conditional trigger starts processed-to-curated when it succeeds. The validation function starts
 * nothing (Glue's concurrent-run quota, see ValidationPipeline). Runs that fail reach the alert topic.
 */
export class LakeEtl extends Construct {
  readonly names: EtlNames;
  readonly codeBucket: SecureBucket;
  readonly glueNetwork: GlueNetwork;
  readonly rawToProcessed: GlueEtlJob;
  readonly processedToCurated: GlueEtlJob;
  readonly workflow: GlueWorkflow;

  constructor(scope: Construct, id: string, props: LakeEtlProps) {
    super(scope, id);
    const { config, naming, keys, storage } = props;
    const { raw, processed, curated } = storage.tiers;
    this.names = etlNames(naming);
    const code = props.code ?? lakeGlueCode(Object.values(ETL_JOBS).map((j) => j.script));

    // Code under the processed key: both jobs hold it already (one writes, one reads processed).
    this.codeBucket = new SecureBucket(this, "code", {
      bucketName: naming.bucket("glue-code"),
      accountId: config.accountId,
      encryption: { kind: "kms", key: keys.tiers.processed },
      accessLogsTo: storage.accessLogs,
      lifecycleRules: codeLifecycleRules(),
      enforceConditionalDenies: props.localAwsServer !== true,
    });
    const upload = (objectId: string, key: string, file: GlueCode["library"]) =>
      new CodeObject(this, objectId, { bucket: this.codeBucket, key, file, encryptionKey: keys.tiers.processed });
    const library = upload("library", `lib/${code.library.fileName}`, code.library);
    const script = (job: keyof typeof ETL_JOBS) => upload(`script-${ETL_JOBS[job].purpose}`, `scripts/${ETL_JOBS[job].script}`, code.scripts[ETL_JOBS[job].script]);

    this.glueNetwork = new GlueNetwork(this, "network", {
      namePrefix: naming.resource("glue"),
      accountId: config.accountId,
      region: config.region,
      network: props.network,
      availabilityZones: config.network.availabilityZones,
    });

    const s3 = `s3.${config.region}.amazonaws.com`;
    const keyThroughS3 = (sid: string, arn: string, write: boolean): PolicyStatement => ({
      Sid: sid,
      Effect: "Allow",
      Action: write ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
      Resource: arn,
      Condition: { StringEquals: { "kms:ViaService": s3 } },
    });
    const writeObjects = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"];
    // Spark lists parent paths of what it reads and writes; a listing shows key names of the
    // job's own buckets only, and objects stay limited to the prefixes below.
    const listBuckets = (...arns: string[]): PolicyStatement => ({ Sid: "ListOwnBuckets", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: arns });
    const common = {
      accountId: config.accountId,
      region: config.region,
      platformKey: keys.platform,
      connections: this.glueNetwork.connections,
      libraries: [library],
      logRetentionDays: config.logRetentionDays,
      elapsedAlarmShareOfTimeout: config.alarms.durationShareOfTimeout,
      alarmActions: [props.alerts.arn],
    };
    const scratch = (bucket: SecureBucket, job: string) => ({ uri: `s3://${bucket.name}/${GLUE_SCRATCH_PREFIX}${job}/`, objectsArn: bucket.objectsArn(`${GLUE_SCRATCH_PREFIX}${job}/`) });

    this.rawToProcessed = new GlueEtlJob(this, "raw-to-processed", {
      ...common,
      jobName: this.names.jobs.rawToProcessed,
      description: "validated/ JSON lines of the raw tier -> typed, deduplicated Parquet in the processed tier (touched partitions rebuilt whole)",
      config: config.etl.rawToProcessed,
      script: script("rawToProcessed"),
      outputKey: keys.tiers.processed,
      scratch: scratch(processed, ETL_JOBS.rawToProcessed.purpose),
      summaryMetrics: summaryMetrics(ETL_JOBS.rawToProcessed.purpose, {
        RecordsIn: "$.totals.records_in",
        RowsWritten: "$.totals.rows_written",
        DuplicatesDropped: "$.totals.duplicates_dropped",
        ConflictingDuplicates: "$.totals.conflicting_duplicates",
        OutputFiles: "$.totals.output_files",
        OutputBytes: "$.totals.output_bytes",
      }),
      arguments: { validated_path: `s3://${raw.name}/${VALIDATION_PREFIXES.validated}`, processed_path: `s3://${processed.name}/`, target_file_mb: String(config.etl.targetFileMb) },
      statements: [
        { Sid: "ReadValidated", Effect: "Allow", Action: "s3:GetObject", Resource: raw.objectsArn(VALIDATION_PREFIXES.validated) },
        { Sid: "WriteProcessed", Effect: "Allow", Action: writeObjects, Resource: processed.objectsArn("dataset=") },
        listBuckets(raw.arn, processed.arn, this.codeBucket.arn),
        keyThroughS3("RawKeyThroughS3", keys.tiers.raw.arn, false),
        keyThroughS3("ProcessedKeyThroughS3", keys.tiers.processed.arn, true),
      ],
    });
    this.processedToCurated = new GlueEtlJob(this, "processed-to-curated", {
      ...common,
      jobName: this.names.jobs.processedToCurated,
      description: "processed trades and quotes -> curated 1-minute bars with VWAP, daily bars and quote statistics (touched dates rebuilt whole)",
      config: config.etl.processedToCurated,
      script: script("processedToCurated"),
      outputKey: keys.tiers.curated,
      scratch: scratch(curated, ETL_JOBS.processedToCurated.purpose),
      summaryMetrics: summaryMetrics(ETL_JOBS.processedToCurated.purpose, { CuratedRows: "$.totals.rows", OutputFiles: "$.totals.files", OutputBytes: "$.totals.bytes" }),
      arguments: { processed_path: `s3://${processed.name}/`, curated_path: `s3://${curated.name}/`, no_price_conditions: config.etl.noPriceConditions.join(","), partition_time_zone: curatedTimeZone(config) },
      statements: [
        { Sid: "ReadProcessed", Effect: "Allow", Action: "s3:GetObject", Resource: processed.objectsArn("dataset=") },
        { Sid: "WriteCurated", Effect: "Allow", Action: writeObjects, Resource: Object.keys(CURATED_COLUMNS).map((table) => curated.objectsArn(`${table}/`)) },
        listBuckets(processed.arn, curated.arn, this.codeBucket.arn),
        keyThroughS3("ProcessedKeyThroughS3", keys.tiers.processed.arn, false),
        keyThroughS3("CuratedKeyThroughS3", keys.tiers.curated.arn, true),
      ],
    });

    this.workflow = new GlueWorkflow(this, "workflow", {
      name: this.names.workflow,
      description: `raw-to-processed every ${config.etl.scheduleMinutes} min, then processed-to-curated when it succeeds`,
      // One run at a time: a run still going when the next is due makes the schedule skip, not pile up.
      maxConcurrentRuns: 1,
    });
    new GlueTrigger(this, "schedule", {
      name: naming.resource("etl-schedule"),
      description: `Starts the ETL workflow every ${config.etl.scheduleMinutes} minutes`,
      type: "SCHEDULED",
      schedule: scheduleExpression(config.etl.scheduleMinutes),
      workflowName: this.workflow.name,
      startOnCreation: true,
      actions: [{ jobName: this.rawToProcessed.name }],
    });
    new GlueTrigger(this, "after-raw-to-processed", {
      name: naming.resource("etl-curate"),
      description: "Starts processed-to-curated when raw-to-processed succeeds in the same workflow run",
      type: "CONDITIONAL",
      workflowName: this.workflow.name,
      startOnCreation: true,
      predicate: { conditions: [{ jobName: this.rawToProcessed.name, state: "SUCCEEDED", logicalOperator: "EQUALS" }] },
      actions: [{ jobName: this.processedToCurated.name }],
    });

    new GlueFailureAlerts(this, "failures", {
      ruleName: naming.resource("etl-failures"),
      jobNames: [this.names.jobs.rawToProcessed, this.names.jobs.processedToCurated],
      topic: props.alerts,
      encryptionKey: keys.platform,
      enforceConditionalDenies: props.localAwsServer !== true,
    });
  }
}
