import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { createValidationHandler } from "../../../handlers/validation/handler";
import type { ProcessorDeps } from "../../../handlers/validation/object-processor";
import { fakeLineage, processorDeps, s3Stalling } from "./processor-fakes";

type Line = { level: string; message: string; extra: Record<string, unknown> };

function recordingLog(lines: Line[]) {
  return {
    info: (message: string, extra: Record<string, unknown>) => void lines.push({ level: "INFO", message, extra }),
    warn: (message: string, extra: Record<string, unknown>) => void lines.push({ level: "WARN", message, extra }),
    error: (message: string, extra: Record<string, unknown>) => void lines.push({ level: "ERROR", message, extra }),
  };
}

const sqsRecord = (messageId: string, body: string, receiveCount: string) =>
  ({ messageId, body, attributes: { ApproximateReceiveCount: receiveCount } }) as unknown as SQSRecord;

describe("createValidationHandler", () => {
  it("logs each failed message with its id, receive count and error, and reports it for redelivery", async () => {
    // Prepare: a message that is not JSON fails before any client is used
    const lines: Line[] = [];
    const handler = createValidationHandler({} as ProcessorDeps, { log: recordingLog(lines) });
    const event = { Records: [sqsRecord("m-1", "not json", "2"), sqsRecord("m-2", '{"Event":"s3:TestEvent"}', "1")] } as SQSEvent;
    // Act
    const response = await handler(event, {} as Context);
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
    const failures = lines.filter((l) => l.level === "ERROR");
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toMatch(/DLQ/);
    expect(failures[0]!.extra).toMatchObject({ messageId: "m-1", receiveCount: 2 });
    expect(String(failures[0]!.extra.error)).toMatch(/not JSON/);
  });

  it("fails a message with no body and one with a malformed key on their own, naming each message and the key", async () => {
    // Prepare: both fail before any client is used; the test event between them must still succeed.
    const lines: Line[] = [];
    const handler = createValidationHandler({} as ProcessorDeps, { log: recordingLog(lines) });
    const badKey = JSON.stringify({ Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: "raw" }, object: { key: "dataset%3Dtrades/a%zz.csv" } } }] });
    const noBody = { messageId: "m-empty", attributes: { ApproximateReceiveCount: "1" } } as unknown as SQSRecord;
    const event = { Records: [noBody, sqsRecord("m-test", '{"Event":"s3:TestEvent"}', "1"), sqsRecord("m-key", badKey, "3")] } as SQSEvent;

    // Act
    const response = await handler(event, {} as Context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-empty" }, { itemIdentifier: "m-key" }] });
    const errors = lines.filter((l) => l.level === "ERROR").map((l) => l.extra.error as Error);
    expect(errors.map((e) => [e.name, e.message])).toEqual([
      ["MalformedMessageError", "SQS message m-empty: message has no body (undefined)"],
      ["MalformedMessageError", 'SQS message m-key: object key "dataset%3Dtrades/a%zz.csv" has a malformed percent-escape ("%zz" at offset 18); S3 URL-encodes every key it sends'],
    ]);
  });

  it("throws FullBatchFailureError when every message failed, so the mapping backs off instead of polling at full speed", async () => {
    // Prepare
    const handler = createValidationHandler({} as ProcessorDeps, { log: recordingLog([]) });
    const event = { Records: [sqsRecord("m-1", "not json", "1"), sqsRecord("m-2", "", "1")] } as SQSEvent;
    // Act
    const act = handler(event, {} as Context);
    // Assess
    await expect(act).rejects.toMatchObject({ name: "FullBatchFailureError" });
  });

  it("shortens a failed message's visibility by its receive count and logs when it returns", async () => {
    // Prepare: a message that is not JSON, received for the second time
    const lines: Line[] = [];
    const delayed: Array<[string, string]> = [];
    const redelivery = { delay: async (r: SQSRecord) => (delayed.push([r.messageId, r.attributes.ApproximateReceiveCount]), 60) };
    const handler = createValidationHandler({} as ProcessorDeps, { log: recordingLog(lines), redelivery });

    // Act
    const response = await handler({ Records: [sqsRecord("m-1", "not json", "2"), sqsRecord("m-2", '{"Event":"s3:TestEvent"}', "1")] } as SQSEvent, {} as Context);

    // Assess: only the failed message is delayed
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
    expect(delayed).toEqual([["m-1", "2"]]);
    expect(lines.find((l) => l.level === "ERROR")!.extra).toMatchObject({ messageId: "m-1", receiveCount: 2, retryInSeconds: 60 });
  });

  it("stops an object still running near the timeout, releases its claim and reports its message for redelivery", async () => {
    // Prepare: m-1's object never finishes; 200 ms left means a deadline 20 ms before the timeout
    const s3 = s3Stalling(Buffer.from("trade_id,symbol,ts,price,size\n"));
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    const handler = createValidationHandler(processorDeps(s3.client, store), { log: recordingLog([]) });
    const created = JSON.stringify({ Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: "raw" }, object: { key: "dataset%3Dtrades/date%3D2026-11-20/f.csv" } } }] });
    const event = { Records: [sqsRecord("m-1", created, "1"), sqsRecord("m-2", '{"Event":"s3:TestEvent"}', "1")] } as SQSEvent;
    const context = { getRemainingTimeInMillis: () => 200 } as Context;
    // Act
    const response = await handler(event, context);
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
    expect(calls).toEqual([["claim", null], ["release", "deadline: 20 ms before the function timeout"]]);
    expect(s3.bodies[0]!.destroyed).toBe(true);
  });
});
