import { LakeKey } from "../../src/constructs/lake-key";
import { QueueWithDlq, type QueueWithDlqProps } from "../../src/constructs/queue-with-dlq";
import { policyIn, refTo, resourceAt, resourcesOf, statement, synthScope, type SynthesizedJson } from "../support/synth";

function synthQueue(extra: Partial<QueueWithDlqProps> = {}, bucketArn?: string): SynthesizedJson {
  return synthScope((scope) => {
    const key = new LakeKey(scope, "platform", { aliasName: "alias/p", description: "p", accountId: "123456789012", region: "us-east-1", allowS3Notifications: true });
    const queue = new QueueWithDlq(scope, "validation", {
      queueName: "mdl-dev-use1-validation",
      region: "us-east-1",
      accountId: "123456789012",
      encryptionKey: key,
      consumerTimeoutSeconds: 900,
      alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
      ...extra,
    });
    if (bucketArn) queue.allowS3Notifications(bucketArn);
  });
}

describe("QueueWithDlq", () => {
  const json = synthQueue({}, "arn:aws:s3:::raw-bucket");
  const keyArn = () => refTo(json, "aws_kms_key", "platform/key", "arn");

  it("encrypts the work queue with the CMK, long-polls, and gives 6x the consumer timeout as visibility", () => {
    const queue = resourceAt(json, "aws_sqs_queue", "validation/queue");
    expect(queue).toMatchObject({ name: "mdl-dev-use1-validation", kms_master_key_id: keyArn(), visibility_timeout_seconds: 5400, receive_wait_time_seconds: 20, message_retention_seconds: 345600 });
  });

  it("adds the event source's batching window to the visibility timeout (a message waits that long before its invocation)", () => {
    const queue = resourceAt(synthQueue({ consumerBatchWindowSeconds: 5 }), "aws_sqs_queue", "validation/queue");
    expect(queue.visibility_timeout_seconds).toBe(6 * 900 + 5);
  });

  it("moves a message to the DLQ after 3 receives; the DLQ keeps it 14 days and accepts only this queue's redrives", () => {
    const queue = resourceAt(json, "aws_sqs_queue", "validation/queue");
    expect(JSON.parse(queue.redrive_policy)).toEqual({ deadLetterTargetArn: refTo(json, "aws_sqs_queue", "validation/dlq", "arn"), maxReceiveCount: 3 });
    const dlq = resourceAt(json, "aws_sqs_queue", "validation/dlq");
    expect(dlq).toMatchObject({ name: "mdl-dev-use1-validation-dlq", kms_master_key_id: keyArn(), message_retention_seconds: 1209600 });
    expect(JSON.parse(dlq.redrive_allow_policy)).toEqual({ redrivePermission: "byQueue", sourceQueueArns: ["arn:aws:sqs:us-east-1:123456789012:mdl-dev-use1-validation"] });
  });

  it("lets only the named bucket of this account send, and denies non-TLS access", () => {
    const doc = policyIn(resourceAt(json, "aws_sqs_queue_policy", "validation/policy"));
    expect(statement(doc, "S3EventNotifications")).toEqual({
      Sid: "S3EventNotifications",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: refTo(json, "aws_sqs_queue", "validation/queue", "arn"),
      Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::raw-bucket" }, StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
    expect(statement(doc, "DenyInsecureTransport")).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });

  it("denies non-TLS access to the DLQ too, and grants nothing else on it", () => {
    const doc = policyIn(resourceAt(json, "aws_sqs_queue_policy", "validation/dlq-policy"));
    expect(resourceAt(json, "aws_sqs_queue_policy", "validation/dlq-policy").queue_url).toBe(refTo(json, "aws_sqs_queue", "validation/dlq", "url"));
    expect(doc.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: refTo(json, "aws_sqs_queue", "validation/dlq", "arn"),
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("alarms on any message in the DLQ and on a backlog older than 15 minutes", () => {
    const alarms = Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a]));
    expect(alarms["mdl-dev-use1-validation-dlq-not-empty"]).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "mdl-dev-use1-validation-dlq" },
      statistic: "Maximum",
      threshold: 0,
      comparison_operator: "GreaterThanThreshold",
      alarm_actions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
      ok_actions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
      treat_missing_data: "notBreaching",
    });
    expect(alarms["mdl-dev-use1-validation-oldest-message-age"]).toMatchObject({ metric_name: "ApproximateAgeOfOldestMessage", threshold: 900, evaluation_periods: 3 });
  });

  it("leaves out the conditioned deny only in local mode", () => {
    const local = synthQueue({ enforceConditionalDenies: false });
    expect(policyIn(resourceAt(local, "aws_sqs_queue_policy", "validation/policy")).Statement).toEqual([]);
    expect(resourcesOf(local, "aws_sqs_queue_policy")).toHaveLength(1);
  });

  it.each([
    [{ maxReceiveCount: 0 }, /maxReceiveCount must be a whole number from 1 to 1000, got 0/],
    [{ consumerTimeoutSeconds: 7201 }, /need a visibility timeout of 43206 s \(6x the timeout plus the window\), above the SQS maximum of 43200 s/],
    [{ consumerTimeoutSeconds: 7200, consumerBatchWindowSeconds: 1 }, /need a visibility timeout of 43201 s/],
  ])("refuses %p", (extra, message) => {
    expect(() => synthQueue(extra)).toThrow(message);
  });
});
