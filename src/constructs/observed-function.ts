import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { HandlerBundle } from "../bundling/handler-bundle";
import type { PolicyStatement } from "../policy/policy-document";
import { EncryptedLogGroup } from "./encrypted-log-group";
import type { LakeKey } from "./lake-key";
import { LeastPrivilegeRole } from "./least-privilege-role";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

/**
 * Node.js 22: Node 20 reached end of life on 2026-04-30 and Lambda deprecates runtimes with it.
 * Bundles target node20 syntax, which Node 22 runs unchanged.
 */
export const LAMBDA_NODE_RUNTIME = "nodejs22.x";

/**
 * The EC2 actions of AWS's managed AWSLambdaVPCAccessExecutionRole (version v3, 2024-01-05, which
 * added ec2:DescribeSubnets), so a function in a VPC can do what Lambda expects of that policy.
 * A test compares this list with the managed policy the local AWS server carries.
 */
export const LAMBDA_VPC_ACCESS_EC2_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
] as const;

/** Namespace of the metrics counted from the functions' log lines. */
export const LOG_METRICS_NAMESPACE = "MarketDataLake/Logs";

/** Powertools' and Lambda's JSON log lines at level ERROR. */
export const ERROR_LINE_PATTERN = '{ $.level = "ERROR" }';

export interface ObservedFunctionProps {
  readonly functionName: string;
  readonly description: string;
  /** Deterministic zip from `bundleHandler`. */
  readonly bundle: HandlerBundle;
  /** Memory in MB (128-10240). */
  readonly memoryMb: number;
  /** Timeout in seconds (1-900). */
  readonly timeoutSeconds: number;
  /** Instances reserved for (and limiting) this function. */
  readonly reservedConcurrency: number;
  readonly environment?: Readonly<Record<string, string>>;
  /** Encrypts the environment variables and the log group. */
  readonly encryptionKey: LakeKey;
  readonly logRetentionDays: number;
  /**
   * Private subnets and security groups; the function reaches AWS through VPC endpoints only.
   * @default outside any VPC: for a function that reaches nothing but AWS APIs (IAM-signed, TLS),
   * such as one behind API Gateway or a Step Functions task; no ENIs, no endpoints to pay for.
   */
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** Where failed asynchronous invocations go (queue event sources use their queue's DLQ). */
  readonly deadLetterQueueArn: string;
  /** What the code does, each on named resources. */
  readonly statements: readonly PolicyStatement[];
  /** SNS topics the alarms notify. */
  readonly alarmActions: readonly string[];
  /** Share of the timeout the p99 duration may reach before its alarm fires. @default 0.8 */
  readonly durationAlarmShareOfTimeout?: number;
  /** Handler export. @default "index.handler" */
  readonly handler?: string;
}

/**
 * A Node.js arm64 Lambda with the lake's production settings: its own CMK-encrypted log group
 * with retention (JSON logs), X-Ray tracing, environment encrypted with the CMK, VPC placement,
 * a DLQ, a least-privilege role, and alarms on errors, ERROR log lines, throttles and p99 duration
 * near the timeout.
 */
export class ObservedFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: LeastPrivilegeRole;
  readonly logGroup: EncryptedLogGroup;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ObservedFunctionProps) {
    super(scope, id);
    this.checkProps(props);
    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: `/aws/lambda/${props.functionName}`,
      encryptionKey: props.encryptionKey,
      retentionDays: props.logRetentionDays,
    });
    this.role = new LeastPrivilegeRole(this, "role", {
      roleName: props.functionName,
      description: `Execution role of ${props.functionName}`,
      // No aws:SourceAccount/aws:SourceArn condition: Lambda's execution-role documentation
      // (lambda-intro-execution-role) names only the service principal and does not say Lambda
      // sends either key when it assumes the role, and AWS ParallelCluster measured a condition on
      // this trust breaking CreateFunction for functions in a VPC (aws-parallelcluster#6926). The
      // confused-deputy risk it would cover does not exist here: only a principal of this account
      // with iam:PassRole can hand the role to a function, and PassRole does not cross accounts.
      trust: { Principal: { Service: "lambda.amazonaws.com" } },
      statements: [
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
        // X-Ray and ENI management have no resource-level permissions: AWS requires "*" here.
        { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
        ...(props.vpc ? [{ Sid: "VpcNetworkInterfaces", Effect: "Allow" as const, Action: [...LAMBDA_VPC_ACCESS_EC2_ACTIONS], Resource: "*" }] : []),
        { Sid: "DecryptEnvironment", Effect: "Allow", Action: ["kms:Decrypt"], Resource: props.encryptionKey.arn },
        { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: props.deadLetterQueueArn },
        ...props.statements,
      ],
    });
    const code = new TerraformAsset(this, "code", { path: props.bundle.zipPath, type: AssetType.FILE, assetHash: props.bundle.sha256Base64.replace(/[^A-Za-z0-9]/g, "") });
    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: LAMBDA_NODE_RUNTIME,
      architectures: ["arm64"],
      handler: props.handler ?? "index.handler",
      filename: code.path,
      sourceCodeHash: props.bundle.sha256Base64,
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      kmsKeyArn: props.encryptionKey.arn,
      environment: { variables: { NODE_OPTIONS: "--enable-source-maps", ...props.environment } },
      tracingConfig: { mode: "Active" },
      ...(props.vpc ? { vpcConfig: { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } } : {}),
      deadLetterConfig: { targetArn: props.deadLetterQueueArn },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      // The role's policy must exist before the first invocation can log or read its queue.
      dependsOn: [this.role.policy],
    });
    this.arn = this.function.arn;
    this.name = this.function.functionName;
    this.addAlarms(props);
  }

  private checkProps(props: ObservedFunctionProps): void {
    const bad = (field: string, value: number, range: string) => new Error(`${this.node.path}: ${field} ${value} is out of range; use ${range}`);
    if (!Number.isInteger(props.memoryMb) || props.memoryMb < 128 || props.memoryMb > 10240) throw bad("memoryMb", props.memoryMb, "128-10240");
    if (!Number.isInteger(props.timeoutSeconds) || props.timeoutSeconds < 1 || props.timeoutSeconds > 900) throw bad("timeoutSeconds", props.timeoutSeconds, "1-900");
    if (!Number.isInteger(props.reservedConcurrency) || props.reservedConcurrency < 1) throw bad("reservedConcurrency", props.reservedConcurrency, "a whole number >= 1");
  }

  private addAlarms(props: ObservedFunctionProps): void {
    const share = props.durationAlarmShareOfTimeout ?? 0.8;
    // An idle function publishes no data points: missing data is "nothing went wrong".
    const base = { namespace: "AWS/Lambda", dimensions: { FunctionName: props.functionName }, actions: props.alarmActions, periodSeconds: 300, treatMissingData: "notBreaching" } as const;
    addMetricAlarm(this, "errors", {
      ...base,
      alarmName: `${props.functionName}-errors`,
      description: `${props.functionName} threw; its messages are retried and then go to the DLQ`,
      metricName: "Errors",
      statistic: "Sum",
      threshold: 0,
      runbook: RUNBOOK_SECTIONS.functionErrors,
      severity: "page",
    });
    addMetricAlarm(this, "throttles", {
      ...base,
      alarmName: `${props.functionName}-throttles`,
      description: `${props.functionName} hit its reserved concurrency; raise capacity or perFunctionMegabytesPerSecond is too optimistic`,
      metricName: "Throttles",
      statistic: "Sum",
      threshold: 0,
      runbook: RUNBOOK_SECTIONS.functionThrottles,
      // Throttled work is retried; the backlog and iterator-age alarms page when it falls behind.
      severity: "ticket",
    });
    addMetricAlarm(this, "duration-near-timeout", {
      ...base,
      alarmName: `${props.functionName}-duration-p99`,
      description: `p99 duration of ${props.functionName} is above ${Math.round(share * 100)}% of its ${props.timeoutSeconds} s timeout; large objects will start to time out`,
      metricName: "Duration",
      statistic: "p99",
      threshold: props.timeoutSeconds * 1000 * share,
      runbook: RUNBOOK_SECTIONS.functionDuration,
      severity: "ticket",
    });
    this.addErrorLineAlarm(props);
  }

  /**
   * Counts the ERROR lines of the function's JSON logs (Powertools' and Lambda's own, both
   * `"level": "ERROR"`): the errors a handler catches and reports as batch item failures, which
   * never show in the Errors metric. One metric per function, without dimensions, so the filter can
   * emit 0 for every other line and a quiet period reads 0 rather than missing (CloudWatch allows a
   * default value only on a filter without dimensions); the function's name carries the environment.
   */
  private addErrorLineAlarm(props: ObservedFunctionProps): void {
    const metricName = `${props.functionName}-error-lines`;
    new CloudwatchLogMetricFilter(this, "error-lines", {
      name: metricName,
      logGroupName: this.logGroup.name,
      pattern: ERROR_LINE_PATTERN,
      metricTransformation: { name: metricName, namespace: LOG_METRICS_NAMESPACE, value: "1", defaultValue: "0", unit: "Count" },
    });
    addMetricAlarm(this, "error-lines-alarm", {
      alarmName: `${props.functionName}-error-log-lines`,
      description: `${props.functionName} logged ERROR lines: a message or record failed (it is retried, then dead-lettered), or an alert was not published; the lines name the message or sequence number and the error`,
      namespace: LOG_METRICS_NAMESPACE,
      metricName,
      dimensions: {},
      statistic: "Sum",
      threshold: 0,
      periodSeconds: 300,
      runbook: RUNBOOK_SECTIONS.functionErrors,
      // A period without any log line (an idle function) has no data point: nothing was logged.
      treatMissingData: "notBreaching",
      severity: "page",
      actions: props.alarmActions,
    });
  }
}
