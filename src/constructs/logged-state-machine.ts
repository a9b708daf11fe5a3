import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Construct } from "constructs";
import type { PolicyStatement } from "../policy/policy-document";
import { EncryptedLogGroup } from "./encrypted-log-group";
import type { LakeKey } from "./lake-key";
import { LeastPrivilegeRole } from "./least-privilege-role";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

/**
 * CloudWatch Logs vended-log delivery, which Step Functions logging sets up through the execution
 * role. AWS documents these actions for Step Functions logging with Resource "*": they have no
 * resource-level permissions ("Using CloudWatch Logs to log execution history", IAM policy).
 */
export const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
] as const;

export interface LoggedStateMachineProps {
  readonly stateMachineName: string;
  /** The Amazon States Language definition (src/constructs/saga-definition.ts builds the saga's). */
  readonly definition: Readonly<Record<string, unknown>>;
  /** From src/config/workflow-cost.ts (chooseWorkflowType). */
  readonly type: "EXPRESS" | "STANDARD";
  readonly region: string;
  readonly accountId: string;
  /** Encrypts the state machine's data, its log group, and is used by its role. */
  readonly encryptionKey: LakeKey;
  readonly logRetentionDays: number;
  /** What the tasks call: each Lambda ARN, the bus, the topic... (the definition's Task resources act through the role). */
  readonly statements: readonly PolicyStatement[];
  /** Lambda functions the Task states invoke (their versions and aliases too). */
  readonly functionArns: readonly string[];
  readonly alarmActions: readonly string[];
}

/**
 * A Step Functions state machine with the production settings: logging ALL with execution data to
 * its own CMK-encrypted log group, X-Ray tracing, its data encrypted with the customer-managed key,
 * a least-privilege role (the task functions by ARN, nothing by wildcard but what AWS requires),
 * and alarms on failed, timed-out and throttled executions.
 */
export class LoggedStateMachine extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly role: LeastPrivilegeRole;
  readonly logGroup: EncryptedLogGroup;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: LoggedStateMachineProps) {
    super(scope, id);
    if (props.functionArns.length === 0) throw new Error(`${this.node.path}: functionArns is empty; list the functions the definition's Task states invoke`);
    // Built from the name: the key policy and the role refer to the machine before it exists.
    const arn = `arn:aws:states:${props.region}:${props.accountId}:stateMachine:${props.stateMachineName}`;
    const roleName = `${props.stateMachineName}-execution`;
    const roleArn = `arn:aws:iam::${props.accountId}:role/${roleName}`;
    this.logGroup = new EncryptedLogGroup(this, "logs", {
      // The /aws/vendedlogs/ prefix keeps the log delivery's resource policy small (AWS advice for vended logs).
      name: `/aws/vendedlogs/states/${props.stateMachineName}`,
      encryptionKey: props.encryptionKey,
      retentionDays: props.logRetentionDays,
    });
    const encryptionContext = { "kms:EncryptionContext:aws:states:stateMachineArn": arn };
    props.encryptionKey.addToKeyPolicy({
      Sid: "StateMachineExecutionRole",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalArn": roleArn, ...encryptionContext } },
    });
    // Step Functions logging with a customer-managed key: the log delivery service decrypts the
    // machine's data to write it ("Data at rest encryption in Step Functions", key policy for logging).
    props.encryptionKey.addToKeyPolicy({
      Sid: "StateMachineLogDelivery",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
    });
    this.role = new LeastPrivilegeRole(this, "role", {
      roleName,
      description: `Execution role of ${props.stateMachineName}`,
      trust: { Principal: { Service: "states.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": props.accountId }, ArnLike: { "aws:SourceArn": arn } } },
      statements: [
        { Sid: "InvokeTaskFunctions", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: props.functionArns.flatMap((f) => [f, `${f}:*`]) },
        { Sid: "StateMachineData", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: props.encryptionKey.arn, Condition: { StringEquals: encryptionContext } },
        { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], Resource: "*" },
        { Sid: "LogDelivery", Effect: "Allow", Action: [...LOG_DELIVERY_ACTIONS], Resource: "*" },
        ...props.statements,
      ],
    });
    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      name: props.stateMachineName,
      type: props.type,
      roleArn: this.role.arn,
      definition: JSON.stringify(props.definition),
      loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: `${this.logGroup.arn}:*` },
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: props.encryptionKey.arn, kmsDataKeyReusePeriodSeconds: 300 },
      dependsOn: [this.role.policy],
    });
    this.arn = this.stateMachine.arn;
    this.addAlarms(props, arn);
  }

  private addAlarms(props: LoggedStateMachineProps, arn: string): void {
    // No executions in a period publish no data points: nothing failed.
    const base = { namespace: "AWS/States", dimensions: { StateMachineArn: arn }, statistic: "Sum", threshold: 0, periodSeconds: 300, treatMissingData: "notBreaching", runbook: RUNBOOK_SECTIONS.sagaFailing, actions: props.alarmActions } as const;
    addMetricAlarm(this, "failed", { ...base, alarmName: `${props.stateMachineName}-failed`, metricName: "ExecutionsFailed", severity: "page", description: `Executions of ${props.stateMachineName} ended in a Fail state: events rejected, unenriched, or compensated (the alert topic has each compensation)` });
    addMetricAlarm(this, "timed-out", { ...base, alarmName: `${props.stateMachineName}-timed-out`, metricName: "ExecutionsTimedOut", severity: "page", description: `Executions of ${props.stateMachineName} ran past their time; what Store wrote may be left uncompensated` });
    addMetricAlarm(this, "throttled", { ...base, alarmName: `${props.stateMachineName}-throttled`, metricName: "ExecutionThrottled", severity: "ticket", description: `Starts of ${props.stateMachineName} were throttled; EventBridge retries them, but the StartExecution quota is short of the peak` });
  }
}
