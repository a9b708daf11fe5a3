import { randomBytes } from "node:crypto";
import { DeadlineExceededError } from "../../../handlers/validation/deadline";
import { processObject } from "../../../handlers/validation/object-processor";
import { fakeLineage, processorDeps, s3Stalling } from "./processor-fakes";

const ref = { bucket: "raw", key: "dataset=trades/date=2026-11-20/f.csv", versionId: "v1" };
const HEAD = "trade_id,symbol,ts,price,size,exchange,conditions\nT1,AAPL,2026-11-20T14:30:00Z,189.5,100,Q,@\n";
const REASON = "deadline: 30000 ms before the function timeout";

function deadlineAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DeadlineExceededError(REASON)), ms).unref();
  return controller.signal;
}

describe("processObject at the deadline", () => {
  it("stops a read that never ends, releases the claim with the reason and fails", async () => {
    // Prepare
    const s3 = s3Stalling(Buffer.from(HEAD));
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    const deps = { ...processorDeps(s3.client, store), deadline: deadlineAfter(50) };
    // Act
    const act = processObject(ref, deps);
    // Assess
    await expect(act).rejects.toThrow(DeadlineExceededError);
    expect(calls).toEqual([["claim", null], ["release", REASON]]);
    expect(s3.sent[0]).toMatchObject({ name: "GetObjectCommand", abortSignal: { aborted: true } });
    expect(s3.bodies[0]!.destroyed).toBe(true);
  });

  it("aborts the multipart upload of an output it had started", async () => {
    // Prepare: rejected lines of random text, enough for one 8 MiB part of gzip, then the body stalls
    const lines = Array.from({ length: 32 }, (_, i) => `T${i},AAPL,${randomBytes(384 << 10).toString("base64")}`);
    const controller = new AbortController();
    const s3 = s3Stalling(Buffer.from(`${HEAD}${lines.join("\n")}\n`), (name) => {
      if (name === "UploadPartCommand") controller.abort(new DeadlineExceededError(REASON));
    });
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    // Act
    const act = processObject(ref, { ...processorDeps(s3.client, store), deadline: controller.signal });
    // Assess
    await expect(act).rejects.toThrow(REASON);
    expect(s3.sent.filter((c) => c.name === "AbortMultipartUploadCommand")).toEqual([expect.objectContaining({ key: "quarantine/dataset=trades/date=2026-11-20/f.v1.jsonl.gz" })]);
    expect(calls).toEqual([["claim", null], ["release", REASON]]);
  });

  it("claims nothing once the deadline has passed", async () => {
    // Prepare
    const controller = new AbortController();
    controller.abort(new DeadlineExceededError(REASON));
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    // Act
    const act = processObject(ref, { ...processorDeps(s3Stalling(Buffer.from(HEAD)).client, store), deadline: controller.signal });
    // Assess
    await expect(act).rejects.toThrow(REASON);
    expect(calls).toEqual([]);
  });
});
