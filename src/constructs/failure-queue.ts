import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { suppressGuardrails } from "../policy/guardrails";
import { denyInsecureTransport, type PolicyStatement } from "../policy/policy-document";
import type { LakeKey } from "./lake-key";
import { lazyPolicy } from "./lazy-policy";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS, type RunbookSection } from "./runbook";

const DAY_SECONDS = 86_400;

export interface FailureQueueProps {
  readonly queueName: string;
  readonly region: string;
  /** Key of the queue; senders need GenerateDataKey and Decrypt on it through SQS. */
  readonly encryptionKey: LakeKey;
  /** What lands here, for the alarm description, e.g. "batches the real-time function gave up on". */
  readonly holds: string;
  /** What to do with them, for the alarm description. @default inspect and replay them from the stream */
  readonly whatToDo?: string;
  /** The runbook section of the alarm. @default RUNBOOK_SECTIONS.failureQueueNotEmpty */
  readonly runbook?: RunbookSection;
  /** SNS topics the alarm notifies. */
  readonly alarmActions: readonly string[];
  /** Keep the TLS-only Deny (it has a Condition). Only the local AWS API server needs false. @default true */
  readonly enforceConditionalDenies?: boolean;
}

/**
 * A terminal queue: the end of a retry path (an event source mapping's on-failure destination, a
 * function's dead letters). CMK-encrypted, TLS-only, kept 14 days (the SQS maximum), read by nobody
 * but operators, and alarmed on its first message. It has no DLQ of its own because nothing consumes
 * it automatically: a message cannot fail here.
 */
export class FailureQueue extends Construct {
  readonly queue: SqsQueue;
  policy?: SqsQueuePolicy;
  readonly arn: string;
  readonly url: string;
  readonly encryptionKey: LakeKey;
  readonly region: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.region = props.region;
    this.queue = new SqsQueue(this, "queue", {
      name: props.queueName,
      kmsMasterKeyId: props.encryptionKey.arn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 14 * DAY_SECONDS,
    });
    this.arn = this.queue.arn;
    this.url = this.queue.url;
    if (props.enforceConditionalDenies ?? true) {
      this.statements.push(denyInsecureTransport("sqs:*", this.queue.arn));
      this.policy = new SqsQueuePolicy(this, "policy", { queueUrl: this.queue.url, policy: lazyPolicy(this.statements) });
    } else {
      suppressGuardrails(this, [{ id: "MDL-SQS-2", reason: "Local AWS API server only: moto enforces conditioned Deny statements as unconditional denies (DESIGN.md)" }]);
    }
    addMetricAlarm(this, "not-empty", {
      alarmName: `${props.queueName}-not-empty`,
      description: `${props.queueName} holds ${props.holds}; ${props.whatToDo ?? "inspect them (each names its shard and sequence numbers) and replay from the stream while it still retains them"}`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: props.queueName },
      statistic: "Maximum",
      threshold: 0,
      runbook: props.runbook ?? RUNBOOK_SECTIONS.failureQueueNotEmpty,
      // SQS stops publishing the metrics of a queue idle for six hours: an empty queue.
      treatMissingData: "notBreaching",
      severity: "page",
      actions: props.alarmActions,
    });
  }

  /**
   * Lets one EventBridge resource of this account send here: a rule (its dead letters, or its
   * target) or a bus (its own dead letters). The queue's key must let EventBridge use it
   * (LakeKey allowEventBridge).
   */
  allowEventBridge(sid: string, sourceArn: string): void {
    const statement: PolicyStatement = { Sid: sid, Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: this.queue.arn, Condition: { ArnEquals: { "aws:SourceArn": sourceArn } } };
    this.statements.push(statement);
    if (!this.policy) this.policy = new SqsQueuePolicy(this, "policy", { queueUrl: this.queue.url, policy: lazyPolicy(this.statements) });
  }
}
