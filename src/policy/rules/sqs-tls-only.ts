import type { GuardrailRule, SynthesizedResource } from "../rule";
import { attached, deniesPlainHttp, notLiteralPolicy, pointsAt, statementsOf } from "./helpers";

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
  evaluate: (queue, view) => {
    const policies = attached(view, queue, "aws_sqs_queue_policy", "queue_url");
    if (policies.length === 0) return `no aws_sqs_queue_policy denies plain-HTTP requests: add an aws_sqs_queue_policy with queue_url = this queue and in its policy ${FIX}`;
    const parsed = policies.map((p) => statementsOf(p.config.policy));
    if (parsed.some((statements) => statements?.some((s) => deniesPlainHttp(s, "sqs", coversQueue(queue))))) return undefined;
    if (parsed.some((statements) => statements === undefined)) return notLiteralPolicy("aws_sqs_queue_policy.policy");
    return `the aws_sqs_queue_policy does not deny plain-HTTP requests: in its policy ${FIX}`;
  },
};
