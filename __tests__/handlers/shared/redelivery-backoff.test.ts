import { ChangeMessageVisibilityCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { queueUrlOf, RedeliveryBackoff, redeliveryDelaySeconds } from "../../../handlers/shared/redelivery-backoff";

const POLICY = { baseSeconds: 30, maxSeconds: 900 };
const record = (receiveCount: string): SQSRecord =>
  ({ messageId: "m-1", receiptHandle: "rh-1", eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:mdl-dev-use1-validation", attributes: { ApproximateReceiveCount: receiveCount } }) as unknown as SQSRecord;

describe("redeliveryDelaySeconds", () => {
  it.each([
    [1, 30],
    [2, 60],
    [3, 120],
    [6, 900], // 960 capped at maxSeconds
    [0, 30], // no count reported: as the first receive
  ])("after receive %i waits %i s", (receives, seconds) => {
    expect(redeliveryDelaySeconds(receives, POLICY)).toBe(seconds);
  });

  it("never asks SQS for more than its 12 h visibility limit", () => {
    expect(redeliveryDelaySeconds(100, { baseSeconds: 900, maxSeconds: 100_000 })).toBe(43_200);
  });
});

describe("queueUrlOf", () => {
  it("forms the queue URL from the event source ARN", () => {
    expect(queueUrlOf("arn:aws:sqs:eu-west-1:123456789012:orders.fifo")).toBe("https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo");
    expect(queueUrlOf("arn:aws-cn:sqs:cn-north-1:123456789012:q")).toBe("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q");
  });

  it("refuses what is not a queue ARN", () => {
    expect(() => queueUrlOf("arn:aws:sns:us-east-1:123456789012:topic")).toThrow('"arn:aws:sns:us-east-1:123456789012:topic" is not an SQS queue ARN');
  });
});

describe("RedeliveryBackoff", () => {
  it("sets the failed message's visibility from its receive count", async () => {
    // Prepare
    const sent: ChangeMessageVisibilityCommand[] = [];
    const sqs = { send: async (command: ChangeMessageVisibilityCommand) => void sent.push(command) } as unknown as SQSClient;
    const backoff = new RedeliveryBackoff(sqs, POLICY, { warn: () => undefined });

    // Act
    const seconds = await backoff.delay(record("2"));

    // Assess
    expect(seconds).toBe(60);
    expect(sent.map((c) => c.input)).toEqual([{ QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/mdl-dev-use1-validation", ReceiptHandle: "rh-1", VisibilityTimeout: 60 }]);
  });

  it("logs and carries on when SQS refuses, so the message's own failure is what is reported", async () => {
    // Prepare
    const warnings: Array<Record<string, unknown>> = [];
    const sqs = { send: async () => Promise.reject(new Error("ReceiptHandleIsInvalid")) } as unknown as SQSClient;
    const backoff = new RedeliveryBackoff(sqs, POLICY, { warn: (_m, extra) => void warnings.push(extra) });

    // Act
    const seconds = await backoff.delay(record("1"));

    // Assess
    expect(seconds).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ messageId: "m-1" })]);
  });
});
