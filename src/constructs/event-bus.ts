import { CloudwatchEventArchive } from "@cdktf/provider-aws/lib/cloudwatch-event-archive";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";
import { statementIdPart } from "../config/naming";
import { policyDocument, type PolicyStatement } from "../policy/policy-document";
import { FailureQueue } from "./failure-queue";
import type { LakeKey } from "./lake-key";
import { LeastPrivilegeRole } from "./least-privilege-role";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

/** An account allowed to put events on the bus, each under its own `source`. */
export interface BusPartner {
  readonly name: string;
  readonly accountId: string;
}

export interface EventBusProps {
  readonly busName: string;
  readonly archiveName: string;
  /** Days the archive keeps every event (1-3650; 0, forever, is refused). */
  readonly archiveRetentionDays: number;
  readonly region: string;
  readonly accountId: string;
  /** Encrypts the bus and the DLQs; its policy gets EventBridge's statement for this bus. */
  readonly encryptionKey: LakeKey;
  /** Accounts that may PutEvents here (bus policy), each only with source `<partnerSourcePrefix>.<name>`. @default none */
  readonly partners?: readonly BusPartner[];
  /** Prefix of the partners' sources. @default "partner" */
  readonly partnerSourcePrefix?: string;
  /** Sources of this account's own producers (the ingest function, the saga's "stored" events). @default none */
  readonly ownSources?: readonly string[];
  readonly alarmActions: readonly string[];
  /** Keep the TLS-only Deny on the queues. Only the local AWS API server needs false. @default true */
  readonly enforceConditionalDenies?: boolean;
}

/** Where a rule delivers, and how hard it tries first. */
export interface RuleTarget {
  readonly kind: "state-machine" | "queue" | "event-bus";
  readonly arn: string;
  /** For a queue target: lets the rule send to it. */
  readonly queue?: FailureQueue;
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
  /**
   * What the target role may do, for a target that needs more than its one action (a state
   * machine encrypted with a customer-managed key: SagaStateMachine.startExecutionStatements()).
   * @default the target's action on its ARN
   */
  readonly roleStatements?: readonly PolicyStatement[];
}

/** Name of the role a rule's target is invoked through (none for a queue target). */
export const ruleTargetRoleName = (ruleName: string) => `${ruleName}-target`;

/** The IAM action EventBridge needs on a target it invokes through a role. */
const ROLE_ACTIONS: Record<Exclude<RuleTarget["kind"], "queue">, string> = { "state-machine": "states:StartExecution", "event-bus": "events:PutEvents" };

/**
 * A custom EventBridge bus: encrypted with a customer-managed key, a bus policy that lets only the
 * named partner accounts put events (each under its own source, so no partner can pose as another
 * or as the platform), and an archive of every event for replay. Rules are added with `addRule`:
 * each target gets a retry policy and its own dead-letter queue, and alarms on failed invocations,
 * dead-lettered events and dead letters that could not be sent. The bus has a dead-letter queue of
 * its own for the events it cannot process at all (a KMS error on its key).
 *
 * The archive is encrypted with an AWS owned key: hashicorp/aws 5.100 has no `kms_key_identifier`
 * on aws_cloudwatch_event_archive (the API has it; AWS recommends a CMK archive for a CMK bus).
 */
export class EventBus extends Construct {
  readonly bus: CloudwatchEventBus;
  /** Events the bus itself could not process (its key disabled, deleted or no longer granted). */
  readonly deadLetters: FailureQueue;
  readonly archive: CloudwatchEventArchive;
  readonly name: string;
  readonly arn: string;
  /** Every source a rule of this bus should accept: this account's producers and each partner's. */
  readonly sources: readonly string[];

  constructor(scope: Construct, id: string, private readonly props: EventBusProps) {
    super(scope, id);
    if (!Number.isInteger(props.archiveRetentionDays) || props.archiveRetentionDays < 1 || props.archiveRetentionDays > 3650) {
      throw new Error(`${this.node.path}: archiveRetentionDays ${props.archiveRetentionDays} must be a whole number from 1 to 3650 (0 would keep events forever)`);
    }
    const partners = props.partners ?? [];
    const prefix = props.partnerSourcePrefix ?? "partner";
    // Built from the name so the key policy and the bus can refer to each other without a cycle.
    const busArn = `arn:aws:events:${props.region}:${props.accountId}:event-bus/${props.busName}`;
    props.encryptionKey.addToKeyPolicy({
      Sid: `EventBridgeBus${statementIdPart(props.busName)}`,
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt", "kms:ReEncrypt*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": props.accountId }, ArnEquals: { "aws:SourceArn": busArn } },
    });
    // AWS recommends a DLQ on every CMK bus: a non-retriable KMS error on the bus (the key disabled
    // or its grant gone) otherwise drops the event before any rule, or the archive, sees it.
    this.deadLetters = new FailureQueue(this, "bus-dead-letters", {
      queueName: `${props.busName}-dlq`,
      region: props.region,
      encryptionKey: props.encryptionKey,
      holds: `events bus ${props.busName} could not process (its key disabled, deleted or not granted to EventBridge)`,
      whatToDo: "restore the key, then put each message body back on the bus",
      runbook: RUNBOOK_SECTIONS.busDeadLetters,
      alarmActions: props.alarmActions,
      enforceConditionalDenies: props.enforceConditionalDenies,
    });
    this.deadLetters.allowEventBridge("BusDeadLetters", busArn);
    this.bus = new CloudwatchEventBus(this, "bus", { name: props.busName, kmsKeyIdentifier: props.encryptionKey.arn, deadLetterConfig: { arn: this.deadLetters.arn } });
    this.name = this.bus.name;
    this.arn = this.bus.arn;
    this.sources = [...(props.ownSources ?? []), ...partners.map((p) => `${prefix}.${p.name}`)];
    if (partners.length > 0) {
      new CloudwatchEventBusPolicy(this, "policy", {
        eventBusName: this.bus.name,
        policy: policyDocument(
          partners.map((p) => ({
            Sid: `PutEventsFrom${statementIdPart(p.name)}`,
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${p.accountId}:root` },
            Action: "events:PutEvents",
            Resource: busArn,
            // events:source: the partner's entries must all carry its own source.
            Condition: { StringEquals: { "events:source": `${prefix}.${p.name}` } },
          })),
        ),
      });
    }
    this.archive = new CloudwatchEventArchive(this, "archive", {
      name: props.archiveName,
      description: `Every event on ${props.busName}, kept ${props.archiveRetentionDays} days for npm run replay`,
      eventSourceArn: this.bus.arn,
      retentionDays: props.archiveRetentionDays,
    });
  }

  /**
   * A rule matching `pattern` that delivers to `target`, retrying per the target's policy and
   * dead-lettering what still fails into its own queue. Returns the rule.
   */
  addRule(id: string, ruleName: string, description: string, pattern: Record<string, unknown>, target: RuleTarget): CloudwatchEventRule {
    const { props } = this;
    const rule = new CloudwatchEventRule(this, `${id}-rule`, { name: ruleName, description, eventBusName: this.bus.name, eventPattern: JSON.stringify(pattern), state: "ENABLED" });
    const ruleArn = `arn:aws:events:${props.region}:${props.accountId}:rule/${props.busName}/${ruleName}`;
    const deadLetters = new FailureQueue(this, `${id}-dead-letters`, {
      queueName: `${ruleName}-dlq`,
      region: props.region,
      encryptionKey: props.encryptionKey,
      holds: `events rule ${ruleName} could not deliver after ${target.maximumRetryAttempts} retries or ${target.maximumEventAgeSeconds} s`,
      whatToDo: "each carries ERROR_CODE and ERROR_MESSAGE attributes; fix the cause, then replay the archive for their window",
      runbook: RUNBOOK_SECTIONS.deliveryFailing,
      alarmActions: props.alarmActions,
      enforceConditionalDenies: props.enforceConditionalDenies,
    });
    deadLetters.allowEventBridge("RuleDeadLetters", ruleArn);
    if (target.kind === "queue") target.queue?.allowEventBridge(`Rule${statementIdPart(id)}`, ruleArn);
    const role =
      target.kind === "queue"
        ? undefined
        : new LeastPrivilegeRole(this, `${id}-role`, {
            roleName: ruleTargetRoleName(ruleName),
            description: `EventBridge rule ${ruleName} delivering to its target`,
            trust: { Principal: { Service: "events.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": props.accountId }, ArnEquals: { "aws:SourceArn": ruleArn } } },
            statements: target.roleStatements ?? [{ Sid: "DeliverToTarget", Effect: "Allow", Action: ROLE_ACTIONS[target.kind], Resource: target.arn }],
          });
    new CloudwatchEventTarget(this, `${id}-target`, {
      rule: rule.name,
      eventBusName: this.bus.name,
      targetId: "target",
      arn: target.arn,
      roleArn: role?.arn,
      retryPolicy: { maximumRetryAttempts: target.maximumRetryAttempts, maximumEventAgeInSeconds: target.maximumEventAgeSeconds },
      deadLetterConfig: { arn: deadLetters.arn },
    });
    const failures = [
      ["failed-invocations", "FailedInvocations", `failed to deliver events after EventBridge's retries; they are in ${ruleName}-dlq`],
      ["dlq-send-failed", "InvocationsFailedToBeSentToDlq", `could not put undeliverable events into ${ruleName}-dlq either (its policy, key or size limit): they are only in the archive`],
    ] as const;
    for (const [suffix, metricName, what] of failures) {
      addMetricAlarm(this, `${id}-${suffix}`, {
        alarmName: `${ruleName}-${suffix}`,
        description: `Rule ${ruleName} ${what}`,
        namespace: "AWS/Events",
        metricName,
        dimensions: { EventBusName: props.busName, RuleName: ruleName },
        statistic: "Sum",
        threshold: 0,
        periodSeconds: 300,
        runbook: RUNBOOK_SECTIONS.deliveryFailing,
        // EventBridge publishes both only when they are not zero: no data, nothing failed.
        treatMissingData: "notBreaching",
        severity: "page",
        actions: props.alarmActions,
      });
    }
    return rule;
  }
}
