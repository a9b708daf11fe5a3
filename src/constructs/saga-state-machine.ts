import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { statementIdPart } from "../config/naming";
import type { PolicyStatement } from "../policy/policy-document";
import { EncryptedLogGroup } from "./encrypted-log-group";
import type { LakeKey } from "./lake-key";
import { LeastPrivilegeRole } from "./least-privilege-role";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";
import { stateMachineTaskTargets, type StateMachineTaskTargets } from "./state-machine-tasks";

/**
 * CloudWatch Logs vended-log delivery, which Step Functions sets up through the execution role when
 * logging is on. AWS documents them for Step Functions logging with Resource "*" ("Using CloudWatch
 * Logs to log execution history", IAM policy): they have no resource-level permissions. They are
 * named actions, not "logs:*", so MDL-IAM-1 (no wildcard action on "*") holds without a suppression.
 */
export const SFN_LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
] as const;

/** X-Ray actions of a traced state machine (Step Functions developer guide, X-Ray IAM); X-Ray has no resource-level permissions. */
export const SFN_TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"] as const;

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const ROLE_SUFFIX = "-execution";
const MAX_ROLE_NAME = 64;

export interface SagaStateMachineProps {
  /** State machine name (see `Naming`); its role is "<name>-execution", its log group "/aws/vendedlogs/states/<name>". */
  readonly stateMachineName: string;
  /**
   * The Amazon States Language definition (src/constructs/saga-definition.ts builds the saga's).
   * Every Task target must be written into it: the role is derived from its Task states.
   */
  readonly definition: Readonly<Record<string, unknown>>;
  /** From src/config/workflow-cost.ts (chooseWorkflowType). */
  readonly type: "EXPRESS" | "STANDARD";
  readonly region: string;
  readonly accountId: string;
  /** Encrypts the definition, the execution data and the log group; the construct adds what Step Functions needs to its policy. */
  readonly encryptionKey: LakeKey;
  /** How long Step Functions reuses a data key before calling GenerateDataKey again (60-900). @default 300 */
  readonly kmsDataKeyReusePeriodSeconds?: number;
  /** One of the retention values CloudWatch Logs accepts. */
  readonly logRetentionDays: number;
  /**
   * Roles that start executions (e.g. the EventBridge rule target's): the key policy lets them use
   * the key for this state machine only. Their own policies need `startExecutionKeyStatement`.
   * @default none
   */
  readonly executionStarterRoleArns?: readonly string[];
  /** What the derived permissions cannot know, e.g. the key of an encrypted alert topic. @default none */
  readonly statements?: readonly PolicyStatement[];
  /** SNS topics the alarms notify. */
  readonly alarmActions: readonly string[];
}

/**
 * A Step Functions state machine with production settings: logging ALL with execution data to its
 * own CMK-encrypted log group (an Express execution has no history anywhere else), X-Ray tracing,
 * definition and execution data encrypted with the customer-managed key, a least-privilege role
 * derived from the Task states (each function by ARN, each bus, each topic), and alarms on failed,
 * timed-out and throttled executions.
 */
export class SagaStateMachine extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly role: LeastPrivilegeRole;
  readonly logGroup: EncryptedLogGroup;
  /** Built from the name, so key policies, roles and alarms can refer to it without a cycle. */
  readonly arn: string;
  readonly name: string;
  /** What the Task states call, as read from the definition. */
  readonly targets: StateMachineTaskTargets;
  private readonly keyArn: string;

  constructor(scope: Construct, id: string, props: SagaStateMachineProps) {
    super(scope, id);
    const reuse = props.kmsDataKeyReusePeriodSeconds ?? 300;
    this.checkProps(props, reuse);
    this.targets = stateMachineTaskTargets(props.definition, this.node.path, props.region, props.accountId);
    this.name = props.stateMachineName;
    this.arn = `arn:aws:states:${props.region}:${props.accountId}:stateMachine:${props.stateMachineName}`;
    this.keyArn = props.encryptionKey.arn;
    const roleName = `${props.stateMachineName}${ROLE_SUFFIX}`;
    this.logGroup = new EncryptedLogGroup(this, "logs", {
      // AWS advises the /aws/vendedlogs/ prefix for vended logs: it keeps the log group resource
      // policy CloudWatch Logs maintains for the delivery under its size limit.
      name: `/aws/vendedlogs/states/${props.stateMachineName}`,
      encryptionKey: props.encryptionKey,
      retentionDays: props.logRetentionDays,
    });
    this.addKeyPolicy(props, `arn:aws:iam::${props.accountId}:role/${roleName}`);
    const { functionArns, eventBusArns, topicArns } = this.targets;
    this.role = new LeastPrivilegeRole(this, "role", {
      roleName,
      description: `Execution role of ${props.stateMachineName}`,
      // Step Functions' confused-deputy guidance: only this account's state machine of this name.
      trust: { Principal: { Service: "states.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": props.accountId }, ArnLike: { "aws:SourceArn": this.arn } } },
      statements: [
        ...(functionArns.length ? [{ Sid: "InvokeTaskFunctions", Effect: "Allow" as const, Action: "lambda:InvokeFunction", Resource: functionArns.flatMap(withVersions) }] : []),
        ...(eventBusArns.length ? [{ Sid: "PublishEvents", Effect: "Allow" as const, Action: "events:PutEvents", Resource: eventBusArns }] : []),
        ...(topicArns.length ? [{ Sid: "PublishAlerts", Effect: "Allow" as const, Action: "sns:Publish", Resource: topicArns }] : []),
        { Sid: "StateMachineData", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: this.keyArn, Condition: { StringEquals: this.dataContext() } },
        // With a customer-managed key Step Functions encrypts what it hands to log delivery under the
        // logs encryption context, through this role (the policy the console generates; aws-cdk does the same).
        { Sid: "LogDeliveryData", Effect: "Allow", Action: "kms:GenerateDataKey", Resource: this.keyArn, Condition: { StringEquals: logsContext(props) } },
        { Sid: "Tracing", Effect: "Allow", Action: [...SFN_TRACING_ACTIONS], Resource: "*" },
        { Sid: "LogDelivery", Effect: "Allow", Action: [...SFN_LOG_DELIVERY_ACTIONS], Resource: "*" },
        ...(props.statements ?? []),
      ],
    });
    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      name: props.stateMachineName,
      type: props.type,
      roleArn: this.role.arn,
      definition: JSON.stringify(props.definition),
      // The provider (and the Step Functions API) take the log group ARN with the ":*" suffix.
      loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: `${this.logGroup.arn}:*` },
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: this.keyArn, kmsDataKeyReusePeriodSeconds: reuse },
      // CreateStateMachine checks the role can deliver logs: its policy must exist first.
      dependsOn: [this.role.policy],
    });
    this.addAlarms(props);
  }

  /**
   * What a role starting executions needs in its own policy (the key policy grants the other half
   * when its ARN is in `executionStarterRoleArns`): StartExecution on this machine, and the key for
   * its input, which Step Functions encrypts under this machine's encryption context.
   */
  startExecutionStatements(): PolicyStatement[] {
    return [
      { Sid: "StartSaga", Effect: "Allow", Action: "states:StartExecution", Resource: this.arn },
      { Sid: "SagaInputKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: this.keyArn, Condition: { StringEquals: this.dataContext() } },
    ];
  }

  private dataContext(): Record<string, string> {
    // Step Functions' encryption context for a state machine's data: its ARN.
    return { "kms:EncryptionContext:aws:states:stateMachineArn": this.arn };
  }

  private checkProps(props: SagaStateMachineProps, reuse: number): void {
    const name = props.stateMachineName;
    if (!Token.isUnresolved(name) && !NAME.test(name)) throw new Error(`${this.node.path}: stateMachineName "${name}" must be 1-80 letters, digits, "-" or "_"`);
    if (name.length + ROLE_SUFFIX.length > MAX_ROLE_NAME) throw new Error(`${this.node.path}: stateMachineName "${name}" is too long for its role "${name}${ROLE_SUFFIX}"; IAM allows ${MAX_ROLE_NAME} characters, so use at most ${MAX_ROLE_NAME - ROLE_SUFFIX.length}`);
    if (props.type !== "EXPRESS" && props.type !== "STANDARD") throw new Error(`${this.node.path}: type ${JSON.stringify(props.type)} is not a workflow type; use "EXPRESS" or "STANDARD" (src/config/workflow-cost.ts chooses)`);
    if (!Number.isInteger(reuse) || reuse < 60 || reuse > 900) throw new Error(`${this.node.path}: kmsDataKeyReusePeriodSeconds ${reuse} is out of range; use a whole number from 60 to 900`);
    if (props.alarmActions.length === 0) throw new Error(`${this.node.path}: alarmActions is empty; pass the alert topic so failed executions reach someone`);
  }

  /**
   * The key policy statements this machine needs. They name the account root with an
   * aws:PrincipalArn condition rather than the role itself: KMS refuses a policy naming a role that
   * does not exist yet, and the role is created after the key.
   */
  private addKeyPolicy(props: SagaStateMachineProps, roleArn: string): void {
    const key = props.encryptionKey;
    const part = statementIdPart(props.stateMachineName);
    const root = { AWS: `arn:aws:iam::${props.accountId}:root` };
    key.addToKeyPolicy({ Sid: `Sfn${part}ExecutionRole`, Effect: "Allow", Principal: root, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", Condition: { StringEquals: { "aws:PrincipalArn": roleArn, ...this.dataContext() } } });
    key.addToKeyPolicy({ Sid: `Sfn${part}LogDataKey`, Effect: "Allow", Principal: root, Action: "kms:GenerateDataKey", Resource: "*", Condition: { StringEquals: { "aws:PrincipalArn": roleArn, ...logsContext(props) } } });
    // Log delivery decrypts what the role encrypted for it ("Data at rest encryption in Step
    // Functions", CloudWatch Logs with a customer-managed key), under the same logs context.
    key.addToKeyPolicy({ Sid: `Sfn${part}LogDelivery`, Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: logsContext(props) } });
    const starters = props.executionStarterRoleArns ?? [];
    if (starters.length > 0) {
      key.addToKeyPolicy({ Sid: `Sfn${part}ExecutionStarters`, Effect: "Allow", Principal: root, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "aws:PrincipalArn": [...starters], ...this.dataContext() } } });
    }
  }

  private addAlarms(props: SagaStateMachineProps): void {
    // AWS/States execution metrics carry the StateMachineArn dimension, for Express and Standard
    // alike. A quiet period publishes no data points: nothing failed.
    const base = { namespace: "AWS/States", dimensions: { StateMachineArn: this.arn }, statistic: "Sum", threshold: 0, periodSeconds: 300, treatMissingData: "notBreaching", runbook: RUNBOOK_SECTIONS.sagaFailing, actions: props.alarmActions } as const;
    const name = props.stateMachineName;
    addMetricAlarm(this, "failed", { ...base, alarmName: `${name}-failed`, metricName: "ExecutionsFailed", severity: "page", description: `Executions of ${name} ended failed: an event was rejected, left unenriched or compensated; the log group has each execution with its data` });
    addMetricAlarm(this, "timed-out", { ...base, alarmName: `${name}-timed-out`, metricName: "ExecutionsTimedOut", severity: "page", description: `Executions of ${name} ran past their time limit; what Store wrote may be left without compensation` });
    addMetricAlarm(this, "throttled", { ...base, alarmName: `${name}-throttled`, metricName: "ExecutionThrottled", severity: "ticket", description: `${name} was throttled; retries absorb it, but the Step Functions quota is short of the peak` });
  }
}

/** A function ARN and its versions and aliases; a qualified ARN stays exactly as written. */
function withVersions(functionArn: string): string[] {
  const qualified = !Token.isUnresolved(functionArn) && functionArn.split(":").length > 7;
  return qualified ? [functionArn] : [functionArn, `${functionArn}:*`];
}

/** The encryption context of data Step Functions hands to CloudWatch Logs delivery. */
function logsContext(props: SagaStateMachineProps): Record<string, string> {
  return { "kms:EncryptionContext:SourceArn": `arn:aws:logs:${props.region}:${props.accountId}:*` };
}
