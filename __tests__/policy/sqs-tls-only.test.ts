import { Fn } from "cdktf";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { policyDocument, sqsTlsOnly, type PolicyStatement } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const denyPlainHttp = (resource: string, action = "sqs:*"): PolicyStatement => ({
  Effect: "Deny",
  Principal: "*",
  Action: action,
  Resource: resource,
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

describe("MDL-SQS-2 TLS only", () => {
  it("accepts a queue policy denying sqs:* to everyone when aws:SecureTransport is false", () => {
    // Prepare + Act
    const findings = findingsOf(sqsTlsOnly, (scope) => {
      const queue = new SqsQueue(scope, "queue", { name: "work" });
      new SqsQueuePolicy(scope, "policy", { queueUrl: queue.url, policy: policyDocument([denyPlainHttp(queue.arn)]) });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("accepts the queue ARN built from its name (how constructs avoid a redrive cycle)", () => {
    // Prepare + Act
    const findings = findingsOf(sqsTlsOnly, (scope) => {
      const queue = new SqsQueue(scope, "queue", { name: "work" });
      new SqsQueuePolicy(scope, "policy", { queueUrl: queue.url, policy: policyDocument([denyPlainHttp("arn:aws:sqs:eu-west-1:111122223333:work")]) });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a queue without a queue policy, such as a dead-letter queue left bare", () => {
    // Prepare + Act
    const findings = findingsOf(sqsTlsOnly, (scope) => {
      const queue = new SqsQueue(scope, "queue", { name: "work" });
      new SqsQueuePolicy(scope, "policy", { queueUrl: queue.url, policy: policyDocument([denyPlainHttp(queue.arn)]) });
      new SqsQueue(scope, "dlq", { name: "work-dlq" });
    });

    // Assess
    expectOneFinding(findings, sqsTlsOnly, "stack/dlq", "aws:SecureTransport");
  });

  it("flags a deny that covers only some actions", () => {
    // Prepare + Act
    const findings = findingsOf(sqsTlsOnly, (scope) => {
      const queue = new SqsQueue(scope, "queue", { name: "work" });
      new SqsQueuePolicy(scope, "policy", { queueUrl: queue.url, policy: policyDocument([denyPlainHttp(queue.arn, "sqs:SendMessage")]) });
    });

    // Assess
    expectOneFinding(findings, sqsTlsOnly, "stack/queue", '"sqs:*"');
  });

  it("does not count another queue's policy, nor a deny naming another queue's ARN", () => {
    // Prepare + Act
    const findings = findingsOf(sqsTlsOnly, (scope) => {
      const queue = new SqsQueue(scope, "queue", { name: "work" });
      const other = new SqsQueue(scope, "other", { name: "other" });
      new SqsQueuePolicy(scope, "policy", { queueUrl: other.url, policy: policyDocument([denyPlainHttp(queue.arn)]) });
      new SqsQueuePolicy(scope, "own", { queueUrl: queue.url, policy: policyDocument([denyPlainHttp("arn:aws:sqs:eu-west-1:111122223333:other")]) });
    });

    // Assess
    expect(findings.map((f) => f.path)).toEqual(["stack/queue", "stack/other"]);
  });

  it("says so when the policy is not literal JSON", () => {
    // Prepare + Act
    const findings = findingsOf(sqsTlsOnly, (scope) => {
      const queue = new SqsQueue(scope, "queue", { name: "work" });
      new SqsQueuePolicy(scope, "policy", { queueUrl: queue.url, policy: Fn.jsonencode({ Statement: [] }) });
    });

    // Assess
    expectOneFinding(findings, sqsTlsOnly, "stack/queue", "aws_sqs_queue_policy.policy is not literal JSON");
  });
});
