import type { Construct } from "constructs";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueueRedrivePolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-policy";
import { sqsDeadLetterQueue } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const redriveTo = (dlq: SqsQueue, maxReceiveCount = 3): string => JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount });

/** A queue at "stack/queue" that a Lambda consumes, plus a DLQ at "stack/dlq". */
function consumedQueue(scope: Construct, redrivePolicy?: (dlq: SqsQueue) => string): { queue: SqsQueue; dlq: SqsQueue } {
  const dlq = new SqsQueue(scope, "dlq", {});
  const queue = new SqsQueue(scope, "queue", { redrivePolicy: redrivePolicy?.(dlq) });
  new LambdaEventSourceMapping(scope, "trigger", { eventSourceArn: queue.arn, functionName: "validate" });
  return { queue, dlq };
}

describe("MDL-SQS-1 DLQ on queues that feed Lambdas", () => {
  it("accepts a consumed queue whose redrive_policy names a DLQ and maxReceiveCount", () => {
    // Prepare + Act
    const findings = findingsOf(sqsDeadLetterQueue, (scope) => consumedQueue(scope, redriveTo));

    // Assess
    expect(findings).toEqual([]);
  });

  it("accepts a consumed queue with an aws_sqs_queue_redrive_policy pointing at it by queue_url", () => {
    // Prepare + Act
    const findings = findingsOf(sqsDeadLetterQueue, (scope) => {
      const { queue, dlq } = consumedQueue(scope);
      new SqsQueueRedrivePolicy(scope, "redrive", { queueUrl: queue.url, redrivePolicy: redriveTo(dlq) });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("leaves queues no Lambda reads alone", () => {
    // Prepare + Act
    const findings = findingsOf(sqsDeadLetterQueue, (scope) => new SqsQueue(scope, "queue", {}));

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a consumed queue without a redrive policy, naming redrive_policy", () => {
    // Prepare + Act
    const findings = findingsOf(sqsDeadLetterQueue, (scope) => consumedQueue(scope));

    // Assess
    expectOneFinding(findings, sqsDeadLetterQueue, "stack/queue", "set redrive_policy");
  });

  it("flags a redrive policy without maxReceiveCount", () => {
    // Prepare + Act
    const findings = findingsOf(sqsDeadLetterQueue, (scope) => consumedQueue(scope, (dlq) => JSON.stringify({ deadLetterTargetArn: dlq.arn })));

    // Assess
    expectOneFinding(findings, sqsDeadLetterQueue, "stack/queue", "maxReceiveCount");
  });

  it("does not count a standalone redrive policy that only names the queue as its DLQ", () => {
    // Prepare + Act
    const findings = findingsOf(sqsDeadLetterQueue, (scope) => {
      const { queue } = consumedQueue(scope);
      const other = new SqsQueue(scope, "other", {});
      new SqsQueueRedrivePolicy(scope, "redrive", { queueUrl: other.url, redrivePolicy: JSON.stringify({ deadLetterTargetArn: queue.arn, maxReceiveCount: 3 }) });
    });

    // Assess
    expectOneFinding(findings, sqsDeadLetterQueue, "stack/queue", "aws_sqs_queue_redrive_policy with queue_url");
  });
});
