import type { SQSRecord } from "aws-lambda";
import { FullBatchFailureError, processPartialBatch } from "../../../handlers/validation/partial-batch";

const record = (messageId: string) => ({ messageId, body: messageId }) as SQSRecord;

describe("processPartialBatch", () => {
  it("reports only the records whose handler threw, in batch order", async () => {
    // Prepare
    const records = ["a", "b", "c", "d"].map(record);
    // Act
    const response = await processPartialBatch(records, async (r) => {
      if (r.messageId === "b" || r.messageId === "d") throw new Error(`bad ${r.messageId}`);
    });
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "b" }, { itemIdentifier: "d" }] });
  });

  it("handles the records concurrently", async () => {
    // Prepare
    let running = 0;
    let most = 0;
    const slow = async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
    };
    // Act
    await processPartialBatch(["a", "b", "c"].map(record), slow);
    // Assess
    expect(most).toBe(3);
  });

  it("throws when every record failed, carrying each record's error, so the invocation fails as a whole", async () => {
    // Prepare
    const errors = [new Error("first"), new Error("second")];
    // Act
    const act = processPartialBatch(["a", "b"].map(record), async (r) => {
      throw errors[r.messageId === "a" ? 0 : 1];
    });
    // Assess
    await expect(act).rejects.toThrow(FullBatchFailureError);
    await expect(act).rejects.toMatchObject({ name: "FullBatchFailureError", recordErrors: errors });
  });

  it("answers an empty batch with no failures", async () => {
    await expect(processPartialBatch([], async () => undefined)).resolves.toEqual({ batchItemFailures: [] });
  });

  it("refuses an event that is not an SQS batch", async () => {
    await expect(processPartialBatch(undefined as unknown as SQSRecord[], async () => undefined)).rejects.toThrow(/Records is not an array/);
  });
});
