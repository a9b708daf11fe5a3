import type { GuardrailRule, SynthesizedResource } from "../rule";
import { attached, pointsAt, tlsOnlyProblem } from "./helpers";

// A statement guards this queue only if its Resource covers it: by reference, "*", or the ARN
// built from the queue's name (constructs do that to avoid a cycle with the redrive policies).
const coversQueue = (queue: SynthesizedResource) => {
  const nameSuffix = `:${String(queue.config.name)}`;
  return (r: string): boolean => r === "*" || pointsAt(r, queue) || (r.startsWith("arn:aws:sqs:") && r.endsWith(nameSuffix));
};

const FIX =
  'add a statement { Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: <queue ARN>, Condition: { Bool: { "aws:SecureTransport": "false" } } }';

export const sqsTlsOnly: GuardrailRule = {
  id: "MDL-SQS-2",
  description: "Every SQS queue, dead-letter queues included, has a queue policy that denies requests not made over TLS.",
  // checkov and trivy check SQS encryption at rest, not transport.
  checkov: [],
  trivy: [],
  appliesTo: ["aws_sqs_queue"],
  evaluate: (queue, view) =>
    tlsOnlyProblem(attached(view, queue, "aws_sqs_queue_policy", "queue_url"), {
      type: "aws_sqs_queue_policy",
      attachment: "queue_url = this queue",
      service: "sqs",
      covers: coversQueue(queue),
      fix: FIX,
    }),
};
