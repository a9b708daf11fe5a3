import { GlueJob } from "@cdktf/provider-aws/lib/glue-job";
import { GlueSecurityConfiguration } from "@cdktf/provider-aws/lib/glue-security-configuration";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { Construct } from "constructs";
import type { GlueJobConfig } from "../config";
import type { PolicyStatement } from "../policy/policy-document";
import { EncryptedLogGroup } from "./encrypted-log-group";
import type { LakeKey } from "./lake-key";
import { LeastPrivilegeRole } from "./least-privilege-role";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

/** Glue 5.0: Spark 3.5, Python 3.11, Java 17 (the line glue-scripts/ is tested on). */
export const GLUE_VERSION = "5.0";

/**
 * The EC2 actions of AWS's managed AWSGlueServiceRole: what Glue does with the job's role to place
 * workers in the VPC of a NETWORK connection (ENIs in its subnet, checks of its endpoints and
 * routes). Describe* and ENI creation take no resource-level permissions; tagging is limited below
 * to the tag Glue puts on the ENIs it owns. A test compares the list with the managed policy.
 */
export const GLUE_VPC_EC2_ACTIONS = [
  "ec2:DescribeVpcEndpoints",
  "ec2:DescribeRouteTables",
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeSubnets",
  "ec2:DescribeVpcAttribute",
] as const;

export interface GlueEtlJobProps {
  readonly jobName: string;
  readonly description: string;
  readonly accountId: string;
  readonly region: string;
  /** Size, limits and execution class (validated config). */
  readonly config: GlueJobConfig;
  /** `s3://` URI of the job's script and its object ARN (the role may read only that). */
  readonly script: { readonly uri: string; readonly objectArn: string };
  /** Python libraries (`--extra-py-files`): `s3://` URIs and object ARNs. */
  readonly libraries: ReadonlyArray<{ readonly uri: string; readonly objectArn: string }>;
  /** Key of the tier the job writes: its security configuration encrypts every S3 write with it. */
  readonly outputKey: LakeKey;
  /** Key for the job's log groups and bookmarks. */
  readonly platformKey: LakeKey;
  /** `s3://` prefix (in the output bucket) for `--TempDir` and Spark UI event logs, and its ARN pattern. */
  readonly scratch: { readonly uri: string; readonly objectsArn: string };
  /** NETWORK connections (one per subnet) the workers run in. */
  readonly connections: ReadonlyArray<{ readonly name: string; readonly arn: string }>;
  /** The job's own arguments, without the leading "--" (see glue-scripts/lib/market_lake/job_options.py). */
  readonly arguments: Readonly<Record<string, string>>;
  /** What the job reads and writes, each on named resources. */
  readonly statements: readonly PolicyStatement[];
  readonly logRetentionDays: number;
  /** SNS topics the alarms notify. */
  readonly alarmActions: readonly string[];
  /** Share of the timeout a run may take before the elapsed-time alarm fires. @default 0.8 */
  readonly elapsedAlarmShareOfTimeout?: number;
  /**
   * Metrics made from the run summary the job prints as one JSON line to its output log group:
   * one log metric filter per metric on `{ $.event = "<event>" }`, dimension JobName from the
   * line's `job_name`. @default none
   */
  readonly summaryMetrics?: SummaryMetrics;
}

/** Metrics of a job's JSON summary line (glue-scripts/lib/market_lake/summary.py). */
export interface SummaryMetrics {
  /** The line's `event`, e.g. "raw-to-processed.summary". */
  readonly event: string;
  readonly namespace: string;
  /** Metric name -> JSON path of its value in the line, e.g. { RecordsIn: "$.totals.records_in" }. */
  readonly metrics: Readonly<Record<string, string>>;
}

/**
 * A Glue 5.0 Spark job with the lake's production settings: its own security configuration (S3
 * writes SSE-KMS with the output tier's key, logs and bookmarks with the platform key), log groups
 * with retention made here (not left to Glue, which creates them without), auto scaling up to the
 * configured workers, bookmarks, metrics, observability metrics, continuous logs, Spark UI event
 * logs, one run at a time, workers in the VPC through NETWORK connections, a least-privilege role,
 * and alarms on elapsed time near the timeout and on failed tasks.
 */
export class GlueEtlJob extends Construct {
  readonly job: GlueJob;
  readonly role: LeastPrivilegeRole;
  readonly name: string;
  readonly arn: string;
  readonly logGroups: readonly EncryptedLogGroup[];

  constructor(scope: Construct, id: string, props: GlueEtlJobProps) {
    super(scope, id);
    const { jobName, accountId, region, config } = props;
    for (const name of Object.keys(props.arguments)) {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`${this.node.path}: argument "${name}" is not a job argument name (snake_case, no leading "--")`);
    }
    const security = new GlueSecurityConfiguration(this, "security", {
      name: jobName,
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: props.outputKey.arn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: props.platformKey.arn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: props.platformKey.arn },
      },
    });
    // Glue 5.0 writes to <prefix>/error and <prefix>/output when --custom-logGroup-prefix is set.
    const logPrefix = `/aws-glue/jobs/${jobName}`;
    this.logGroups = ["error", "output"].map(
      (stream) => new EncryptedLogGroup(this, `logs-${stream}`, { name: `${logPrefix}/${stream}`, encryptionKey: props.platformKey, retentionDays: props.logRetentionDays }),
    );
    this.role = new LeastPrivilegeRole(this, "role", {
      roleName: jobName,
      description: `Role of the Glue job ${jobName}`,
      trust: { Principal: { Service: "glue.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": accountId } } },
      statements: [
        { Sid: "ReadCode", Effect: "Allow", Action: "s3:GetObject", Resource: [props.script.objectArn, ...props.libraries.map((l) => l.objectArn)] },
        { Sid: "Scratch", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], Resource: props.scratch.objectsArn },
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
          Resource: this.logGroups.flatMap((g) => [g.arn, `${g.arn}:*`]),
        },
        // CSE-KMS bookmarks are encrypted by the job itself, not through a service: no kms:ViaService.
        { Sid: "BookmarkKey", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], Resource: props.platformKey.arn },
        { Sid: "JobMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } } },
        { Sid: "ReadConnections", Effect: "Allow", Action: "glue:GetConnection", Resource: [`arn:aws:glue:${region}:${accountId}:catalog`, ...props.connections.map((c) => c.arn)] },
        // Describe*/CreateNetworkInterface have no resource-level permissions: AWS requires "*".
        { Sid: "VpcNetworkInterfaces", Effect: "Allow", Action: [...GLUE_VPC_EC2_ACTIONS], Resource: "*" },
        {
          Sid: "TagGlueNetworkInterfaces",
          Effect: "Allow",
          Action: ["ec2:CreateTags", "ec2:DeleteTags"],
          Resource: `arn:aws:ec2:${region}:${accountId}:network-interface/*`,
          Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["aws-glue-service-resource"] } },
        },
        ...props.statements,
      ],
    });
    // The job's role may use the platform key directly only for its bookmarks (CSE-KMS).
    props.platformKey.addToKeyPolicy({
      Sid: `GlueBookmarks${id.replace(/[^A-Za-z0-9]/g, "")}`,
      Effect: "Allow",
      Principal: { AWS: this.role.arn },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
    });
    this.job = new GlueJob(this, "job", {
      name: jobName,
      description: props.description,
      roleArn: this.role.arn,
      glueVersion: GLUE_VERSION,
      command: { name: "glueetl", pythonVersion: "3", scriptLocation: props.script.uri },
      workerType: config.workerType,
      numberOfWorkers: config.maxWorkers,
      executionClass: config.executionClass,
      timeout: config.timeoutMinutes,
      maxRetries: config.maxRetries,
      // Partition rebuilds are idempotent, but two runs rebuilding one partition at once would race.
      executionProperty: { maxConcurrentRuns: 1 },
      securityConfiguration: security.name,
      connections: props.connections.map((c) => c.name),
      defaultArguments: {
        "--job-language": "python",
        "--job-bookmark-option": "job-bookmark-enable",
        "--enable-auto-scaling": "true",
        "--enable-metrics": "true",
        "--enable-observability-metrics": "true",
        "--enable-continuous-cloudwatch-log": "true",
        "--custom-logGroup-prefix": logPrefix,
        "--enable-spark-ui": "true",
        "--spark-event-logs-path": `${props.scratch.uri}spark-ui/`,
        "--TempDir": `${props.scratch.uri}temp/`,
        "--extra-py-files": props.libraries.map((l) => l.uri).join(","),
        ...Object.fromEntries(Object.entries(props.arguments).map(([name, value]) => [`--${name}`, value])),
      },
      // The role's policy must exist before the first run reads its script.
      dependsOn: [this.role.policy, ...this.logGroups.map((g) => g.logGroup)],
    });
    this.name = this.job.name;
    this.arn = this.job.arn;
    this.addAlarms(props);
    if (props.summaryMetrics) this.addSummaryMetrics(props.jobName, props.summaryMetrics);
  }

  private addSummaryMetrics(jobName: string, summary: SummaryMetrics): void {
    if (!/^[a-z0-9-]+\.summary$/.test(summary.event)) throw new Error(`${this.node.path}: summaryMetrics.event "${summary.event}" is not a summary event name ("<job>.summary")`);
    const [, output] = this.logGroups; // [error, output]: the driver's stdout goes to output
    for (const [name, path] of Object.entries(summary.metrics)) {
      if (!/^\$(\.[a-z_]+)+$/.test(path)) throw new Error(`${this.node.path}: summaryMetrics.metrics.${name}: "${path}" is not a JSON path like $.totals.records_in`);
      new CloudwatchLogMetricFilter(this, `summary-${name}`, {
        name: `${jobName}-${name}`,
        logGroupName: output.name,
        pattern: `{ $.event = "${summary.event}" }`,
        // With dimensions CloudWatch allows no default value: a run that prints no summary adds no point.
        metricTransformation: { name, namespace: summary.namespace, value: path, unit: name.endsWith("Bytes") ? "Bytes" : "Count", dimensions: { JobName: "$.job_name" } },
      });
    }
  }

  private addAlarms(props: GlueEtlJobProps): void {
    // Glue job metrics (--enable-metrics): JobRunId "ALL" aggregates every run of the job.
    // A run failing outright is paged by GlueFailureAlerts (Glue Job State Change events); these are
    // trends to fix before runs fail. No run in a period publishes nothing, which is fine.
    const base = {
      namespace: "Glue",
      dimensions: { JobName: props.jobName, JobRunId: "ALL", Type: "count" },
      actions: props.alarmActions,
      periodSeconds: 300,
      treatMissingData: "notBreaching",
      severity: "ticket",
    } as const;
    // Glue reports its job metrics every 30 s as deltas since the last report, so elapsedTime holds
    // no run's total for a threshold to compare. A run is long when it kept adding elapsed time in
    // every period of a window as long as the share of the timeout (one run at a time:
    // maxConcurrentRuns 1); this holds whether the values are deltas or running totals.
    const share = props.elapsedAlarmShareOfTimeout ?? 0.8;
    const window = runningAlarmWindow(props.config.timeoutMinutes, share);
    addMetricAlarm(this, "elapsed-near-timeout", {
      ...base,
      alarmName: `${props.jobName}-elapsed-near-timeout`,
      description: `A run of ${props.jobName} has been running for ${window.minutes} min, about ${Math.round(share * 100)}% of its ${props.config.timeoutMinutes} min timeout: raise maxWorkers or the timeout before runs end in TIMEOUT (README, "Glue ETL")`,
      metricName: "glue.driver.aggregate.elapsedTime",
      statistic: "Sum",
      threshold: 0,
      periodSeconds: window.periodSeconds,
      evaluationPeriods: window.periods,
      runbook: RUNBOOK_SECTIONS.glueElapsed,
    });
    addMetricAlarm(this, "failed-tasks", {
      ...base,
      alarmName: `${props.jobName}-failed-tasks`,
      description: `Spark tasks of ${props.jobName} failed (retried by Spark, but a sign of bad input, memory pressure or lost workers); read the run's error log group`,
      metricName: "glue.driver.aggregate.numFailedTasks",
      statistic: "Sum",
      threshold: 0,
      runbook: RUNBOOK_SECTIONS.glueFailedTasks,
    });
  }
}

/**
 * The periods in a row a Glue run must be seen running before it counts as near its timeout: the
 * share of the timeout, in 1-minute periods below 15 minutes (Glue reports every 30 s), 5-minute
 * ones up to a day and hourly ones beyond (CloudWatch evaluates at most a day of sub-hour periods).
 */
export function runningAlarmWindow(timeoutMinutes: number, share: number): { readonly periodSeconds: number; readonly periods: number; readonly minutes: number } {
  const windowMinutes = timeoutMinutes * share;
  const periodSeconds = windowMinutes > 1440 ? 3600 : windowMinutes >= 15 ? 300 : 60;
  const periods = Math.max(1, Math.floor((windowMinutes * 60) / periodSeconds));
  return { periodSeconds, periods, minutes: (periods * periodSeconds) / 60 };
}
