import type { GuardrailRule } from "../rule";
import { attached } from "./helpers";

/** A redrive policy that actually moves poison messages aside: a target and a receive limit. */
function isRedrivePolicy(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const policy = JSON.parse(value) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    const maxReceiveCount = Number(policy.maxReceiveCount);
    return typeof policy.deadLetterTargetArn === "string" && policy.deadLetterTargetArn !== "" && Number.isInteger(maxReceiveCount) && maxReceiveCount >= 1;
  } catch {
    return false;
  }
}

export const sqsDeadLetterQueue: GuardrailRule = {
  id: "MDL-SQS-1",
  description: "An SQS queue that feeds a Lambda has a redrive policy to a dead-letter queue.",
  // checkov and trivy have no check for SQS redrive policies.
  checkov: [],
  trivy: [],
  appliesTo: ["aws_sqs_queue"],
  evaluate: (queue, view) => {
    // Without a consumer a message cannot fail, so only queues a Lambda reads need a DLQ.
    if (attached(view, queue, "aws_lambda_event_source_mapping", "event_source_arn").length === 0) return undefined;
    if (isRedrivePolicy(queue.config.redrive_policy)) return undefined;
    // The standalone resource names the DLQ too, so it must point at this queue by queue_url.
    const standalone = attached(view, queue, "aws_sqs_queue_redrive_policy", "queue_url");
    if (standalone.some((r) => isRedrivePolicy(r.config.redrive_policy))) return undefined;
    return 'this queue feeds a Lambda but failed messages have nowhere to go: set redrive_policy = JSON {"deadLetterTargetArn": <DLQ ARN>, "maxReceiveCount": <n>} (or add an aws_sqs_queue_redrive_policy with queue_url = this queue)';
  },
};
