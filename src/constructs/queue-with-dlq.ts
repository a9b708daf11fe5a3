import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { lazyPolicy } from "./lazy-policy";
import { PropagationWait } from "./propagation-wait";
import type { LakeKey } from "./lake-key";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";
import { denyInsecureTransport, policyDocument, type PolicyStatement } from "../policy/policy-document";
import { suppressGuardrails } from "../policy/guardrails";

const DAY_SECONDS = 86_400;

export interface QueueWithDlqProps {
  /** Name of the work queue; the DLQ is "<name>-dlq". */
  readonly queueName: string;
  readonly region: string;
  readonly accountId: string;
  /** Key for both queues; its policy must let the senders (e.g. S3) use it. */
  readonly encryptionKey: LakeKey;
  /**
   * Timeout of the function consuming the queue. Visibility is 6x this plus the batching window,
   * as AWS advises for Lambda event sources (a message waits in the poller for up to the window
   * before the invocation starts), so a message is not redelivered while a retry of it still runs.
   */
  readonly consumerTimeoutSeconds: number;
  /** The event source's maximum batching window. @default 0 */
  readonly consumerBatchWindowSeconds?: number;
  /** Receives before a message moves to the DLQ. @default 3 */
  readonly maxReceiveCount?: number;
  /** Seconds an unprocessed message is kept. @default 4 days */
  readonly retentionSeconds?: number;
  /** Oldest-message age that raises the backlog alarm. @default 900 (15 minutes) */
  readonly oldestMessageAlarmSeconds?: number;
  /** SNS topic ARNs the alarms notify. */
  readonly alarmActions: readonly string[];
  /**
   * Keep Deny statements that carry a Condition (TLS only). Only the local AWS API server needs
   * false. @default true
   */
  readonly enforceConditionalDenies?: boolean;
  /**
   * Let only this queue redrive into the DLQ (redrive-allow policy). Only the local AWS API
   * server needs false: it never reports the policy back as set. @default true
   */
  readonly restrictRedriveSources?: boolean;
  /**
   * Seconds `sendersReady` waits after the queue policy changes before senders that check it at
   * once (S3 notifications) are configured. @default SQS_ATTRIBUTE_PROPAGATION_SECONDS (60)
   */
  readonly policyPropagationSeconds?: number;
}

/**
 * A KMS-encrypted work queue with long polling, its dead-letter queue (14 days, only this queue
 * may redrive into it), a queue policy and alarms on any message in the DLQ and on backlog age.
 */
export class QueueWithDlq extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
  readonly policy: SqsQueuePolicy;
  /** The DLQ's TLS-only policy; undefined where conditional denies are off (local server). */
  readonly deadLetterPolicy?: SqsQueuePolicy;
  /**
   * Depend on this, not on `policy`, to configure a sender that S3-style checks the queue policy
   * the moment it is saved: it is the policy plus the time SQS takes to propagate it.
   */
  readonly sendersReady: PropagationWait;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, private readonly props: QueueWithDlqProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? 3;
    const visibility = props.consumerTimeoutSeconds * 6 + (props.consumerBatchWindowSeconds ?? 0);
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new Error(`${this.node.path}: maxReceiveCount must be a whole number from 1 to 1000, got ${maxReceiveCount}`);
    }
    if (visibility > 12 * 3600) {
      throw new Error(
        `${this.node.path}: consumerTimeoutSeconds ${props.consumerTimeoutSeconds} and consumerBatchWindowSeconds ${props.consumerBatchWindowSeconds ?? 0} need a visibility timeout of ${visibility} s (6x the timeout plus the window), above the SQS maximum of 43200 s; lower the consumer timeout or the window`,
      );
    }
    // Built from the name, not the resource, so the DLQ's redrive-allow policy does not form a cycle.
    const queueArn = `arn:aws:sqs:${props.region}:${props.accountId}:${props.queueName}`;
    this.deadLetterQueue = new SqsQueue(this, "dlq", {
      name: `${props.queueName}-dlq`,
      kmsMasterKeyId: props.encryptionKey.arn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 14 * DAY_SECONDS,
      redriveAllowPolicy: (props.restrictRedriveSources ?? true) ? JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [queueArn] }) : undefined,
    });
    this.queue = new SqsQueue(this, "queue", {
      name: props.queueName,
      kmsMasterKeyId: props.encryptionKey.arn,
      kmsDataKeyReusePeriodSeconds: 300,
      visibilityTimeoutSeconds: visibility,
      receiveWaitTimeSeconds: 20,
      messageRetentionSeconds: props.retentionSeconds ?? 4 * DAY_SECONDS,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount }),
    });
    const enforceTls = props.enforceConditionalDenies ?? true;
    if (enforceTls) this.statements.push(denyInsecureTransport("sqs:*", queueArn));
    this.policy = new SqsQueuePolicy(this, "policy", { queueUrl: this.queue.url, policy: lazyPolicy(this.statements) });
    this.sendersReady = new PropagationWait(this, "policy-propagation", { after: this.policy, triggers: { policy: this.policy.policy }, seconds: props.policyPropagationSeconds });
    // The DLQ holds the same messages (object keys of market data), so it is TLS-only too; nothing
    // else is granted on it: the queue's redrive and the redrive command use IAM.
    if (enforceTls) {
      this.deadLetterPolicy = new SqsQueuePolicy(this, "dlq-policy", {
        queueUrl: this.deadLetterQueue.url,
        policy: policyDocument([denyInsecureTransport("sqs:*", this.deadLetterQueue.arn)]),
      });
    } else {
      suppressGuardrails(this, [{ id: "MDL-SQS-2", reason: "Local AWS API server only: moto enforces conditioned Deny statements as unconditional denies (DESIGN.md)" }]);
    }
    this.addAlarms();
  }

  /** Lets S3 event notifications of `bucketArn` (in this account only) send to the queue. */
  allowS3Notifications(bucketArn: string): void {
    this.statements.push({
      Sid: "S3EventNotifications",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: this.queue.arn,
      Condition: { ArnEquals: { "aws:SourceArn": bucketArn }, StringEquals: { "aws:SourceAccount": this.props.accountId } },
    });
  }

  private addAlarms(): void {
    const { queueName, alarmActions } = this.props;
    addMetricAlarm(this, "dlq-not-empty", {
      alarmName: `${queueName}-dlq-not-empty`,
      description: `Messages failed ${this.props.maxReceiveCount ?? 3} times and wait in ${queueName}-dlq; inspect, fix, then redrive`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: `${queueName}-dlq` },
      statistic: "Maximum",
      threshold: 0,
      runbook: RUNBOOK_SECTIONS.dlqNotEmpty,
      // SQS stops publishing the metrics of a queue idle for six hours: an empty DLQ.
      treatMissingData: "notBreaching",
      severity: "page",
      actions: alarmActions,
    });
    // Counts messages in flight too, so it also fires for any message that failed once: it stays
    // invisible for the whole visibility timeout (6x the consumer timeout + window) before its retry. That
    // is intended: partial batch failures are not function errors, and the data is that late.
    addMetricAlarm(this, "backlog-age", {
      alarmName: `${queueName}-oldest-message-age`,
      description: `The oldest message in ${queueName} waits longer than expected: a message failed and waits out the visibility timeout (6x the function timeout plus the batching window) before its retry, or consumers are throttled or behind`,
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
      threshold: this.props.oldestMessageAlarmSeconds ?? 900,
      evaluationPeriods: 3,
      runbook: RUNBOOK_SECTIONS.queueBacklog,
      treatMissingData: "notBreaching",
      severity: "page",
      actions: alarmActions,
    });
  }
}

