import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { GzipObjectWriter } from "../../../handlers/validation/gzip-object-writer";
import { useLocalBucket } from "../../support/local-s3-bucket";
import { logS3Commands } from "../../support/s3-command-log";

const BUCKET = "outputs";
/** ~24 MB of hex lines: gzip halves them, so the object takes two 8 MiB parts and a last one. */
const bigLines = () => Array.from({ length: 24 * 16 }, () => `${randomBytes(32 * 1024).toString("hex")}\n`);

describe("GzipObjectWriter against a local S3", () => {
  const bucket = useLocalBucket(BUCKET);
  let s3: S3Client;
  beforeEach(() => {
    s3 = bucket.s3();
  });

  it("streams everything written into one gzip object through a multipart upload", async () => {
    // Prepare
    const lines = bigLines();
    const log = logS3Commands(s3);
    const writer = new GzipObjectWriter(s3, BUCKET, "validated/big.jsonl.gz", "application/x-ndjson");
    // Act
    for (const line of lines) await writer.write(line);
    await writer.close();
    // Assess
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "validated/big.jsonl.gz" }));
    expect({ type: object.ContentType, encoding: object.ContentEncoding }).toEqual({ type: "application/x-ndjson", encoding: "gzip" });
    expect(gunzipSync(await object.Body!.transformToByteArray()).toString()).toBe(lines.join(""));
    expect(log.sent.filter((c) => c.name === "UploadPart").length).toBeGreaterThanOrEqual(2);
    expect(writer.uncompressedBytes).toBe(lines.join("").length);
  }, 60_000);

  it("creates no object when nothing was written", async () => {
    // Prepare
    const writer = new GzipObjectWriter(s3, BUCKET, "validated/empty.jsonl.gz", "application/x-ndjson");
    // Act
    await writer.close();
    // Assess
    expect(writer.started).toBe(false);
    expect(await bucket.leftovers("validated/empty")).toEqual({ objects: 0, uploads: 0 });
  });

  it("leaves neither object nor parts when aborted mid-stream", async () => {
    // Prepare
    const writer = new GzipObjectWriter(s3, BUCKET, "validated/aborted.jsonl.gz", "application/x-ndjson");
    for (const line of bigLines()) await writer.write(line);
    // Act
    await writer.abort();
    // Assess
    expect(await bucket.leftovers("validated/aborted")).toEqual({ objects: 0, uploads: 0 });
  }, 60_000);

  it("fails the writer when the upload fails, and leaves nothing behind", async () => {
    // Prepare
    logS3Commands(s3).failWhen((name, input) => name === "UploadPart" && input.PartNumber === 2);
    const writer = new GzipObjectWriter(s3, BUCKET, "validated/failed.jsonl.gz", "application/x-ndjson");
    // Act
    const act = (async () => {
      for (const line of bigLines()) await writer.write(line);
      await writer.close();
    })();
    // Assess
    await expect(act).rejects.toThrow("injected failure of UploadPart");
    await writer.abort();
    expect(await bucket.leftovers("validated/failed")).toEqual({ objects: 0, uploads: 0 });
  }, 60_000);
});
