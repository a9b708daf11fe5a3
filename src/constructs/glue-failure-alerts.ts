import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument } from "../policy/policy-document";
import { suppressGuardrails } from "../policy/guardrails";
import type { AlertTopic } from "./alert-topic";
import type { LakeKey } from "./lake-key";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

/** Terminal states of a Glue job run that mean it did not finish its work (Glue Job State Change events). */
export const GLUE_FAILED_STATES = ["FAILED", "TIMEOUT", "STOPPED", "ERROR"] as const;

export interface GlueFailureAlertsProps {
  /** Rule name; the target's dead-letter queue is "<name>-dlq". */
  readonly ruleName: string;
  readonly jobNames: readonly string[];
  readonly topic: AlertTopic;
  /** Key of the topic and of the dead-letter queue; its policy must allow EventBridge. */
  readonly encryptionKey: LakeKey;
  /** Keep the queue's TLS-only Deny (it carries a Condition). Only the local AWS API server needs false. @default true */
  readonly enforceConditionalDenies?: boolean;
}

/**
 * Tells the alert topic when a run of one of `jobNames` ends FAILED, TIMEOUT, STOPPED or ERROR,
 * as one readable line naming the job, the run id, the state and Glue's message. Delivery is
 * retried for a day; what still cannot be delivered waits in a dead-letter queue with an alarm,
 * so a failed run is never reported nowhere.
 */
export class GlueFailureAlerts extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: GlueFailureAlertsProps) {
    super(scope, id);
    if (props.jobNames.length === 0) throw new Error(`${this.node.path}: jobNames is empty; name the jobs whose failures to report`);
    this.rule = new CloudwatchEventRule(this, "rule", {
      name: props.ruleName,
      description: `Glue runs of ${props.jobNames.join(", ")} that end ${GLUE_FAILED_STATES.join(", ")}`,
      eventPattern: JSON.stringify({ source: ["aws.glue"], "detail-type": ["Glue Job State Change"], detail: { jobName: [...props.jobNames], state: [...GLUE_FAILED_STATES] } }),
    });
    this.deadLetterQueue = new SqsQueue(this, "dlq", { name: `${props.ruleName}-dlq`, kmsMasterKeyId: props.encryptionKey.arn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: 14 * 86_400 });
    new SqsQueuePolicy(this, "dlq-policy", {
      queueUrl: this.deadLetterQueue.url,
      policy: policyDocument([
        { Sid: "FailedAlertDeliveries", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: this.deadLetterQueue.arn, Condition: { ArnEquals: { "aws:SourceArn": this.rule.arn } } },
        ...((props.enforceConditionalDenies ?? true) ? [denyInsecureTransport("sqs:*", this.deadLetterQueue.arn)] : []),
      ]),
    });
    if (props.enforceConditionalDenies === false) {
      suppressGuardrails(this, [{ id: "MDL-SQS-2", reason: "Local AWS API server only: moto enforces conditioned Deny statements as unconditional denies (DESIGN.md)" }]);
    }
    props.topic.allowEventBridgeRule(`GlueFailureRule${id.replace(/[^A-Za-z0-9]/g, "")}`, this.rule.arn);
    new CloudwatchEventTarget(this, "to-alerts", {
      rule: this.rule.name,
      arn: props.topic.arn,
      inputTransformer: {
        inputPaths: { job: "$.detail.jobName", run: "$.detail.jobRunId", state: "$.detail.state", message: "$.detail.message", time: "$.time" },
        // A quoted template gives SNS one text line (an e-mail body), not a JSON object.
        inputTemplate: '"Glue job <job> run <run> ended <state> at <time>: <message>"',
      },
      retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
      deadLetterConfig: { arn: this.deadLetterQueue.arn },
    });
    addMetricAlarm(this, "dlq-not-empty", {
      alarmName: `${props.ruleName}-dlq-not-empty`,
      description: `A Glue failure alert could not be delivered to ${props.topic.node.id} for a day and waits in ${props.ruleName}-dlq: read it there (the job's run failed), then fix the topic or its key policy`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: `${props.ruleName}-dlq` },
      statistic: "Maximum",
      threshold: 0,
      runbook: RUNBOOK_SECTIONS.glueFailureAlerts,
      // SQS stops publishing the metrics of a queue idle for six hours: an empty queue.
      treatMissingData: "notBreaching",
      severity: "page",
      actions: [props.topic.arn],
    });
  }
}
