import { createHash, randomBytes } from "node:crypto";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { MultipartObjectUpload } from "../../../handlers/validation/multipart-object-upload";
import { useLocalBucket } from "../../support/local-s3-bucket";
import { logS3Commands } from "../../support/s3-command-log";

const MiB = 1 << 20;
const BUCKET = "uploads";
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("MultipartObjectUpload against a local S3", () => {
  const bucket = useLocalBucket(BUCKET);
  let s3: S3Client;
  beforeEach(() => {
    s3 = bucket.s3();
  });

  async function push(upload: MultipartObjectUpload, bytes: Buffer, chunkBytes = 64 * 1024): Promise<void> {
    for (let at = 0; at < bytes.length; at += chunkBytes) await upload.write(bytes.subarray(at, at + chunkBytes));
  }

  async function stored(key: string): Promise<{ bytes: Buffer; contentType?: string }> {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { bytes: Buffer.from(await object.Body!.transformToByteArray()), contentType: object.ContentType };
  }

  it("sends a body smaller than one part with a single PutObject", async () => {
    // Prepare
    const log = logS3Commands(s3);
    const upload = new MultipartObjectUpload(s3, { Bucket: BUCKET, Key: "small.json", ContentType: "application/json" });
    // Act
    await upload.write(Buffer.from('{"a":'));
    await upload.write(Buffer.from("1}"));
    await upload.complete();
    // Assess
    expect(log.sent.map((c) => c.name)).toEqual(["PutObject"]);
    expect(await stored("small.json")).toEqual({ bytes: Buffer.from('{"a":1}'), contentType: "application/json" });
  });

  it("streams a larger body as parts of the set size, a bounded number in flight, with CRC32 part checksums", async () => {
    // Prepare
    const body = randomBytes(12 * MiB + 123);
    const log = logS3Commands(s3);
    const upload = new MultipartObjectUpload(s3, { Bucket: BUCKET, Key: "large.bin" }, { partBytes: 5 * MiB, partsInFlight: 2 });
    // Act
    await push(upload, body);
    await upload.complete();
    // Assess
    expect(log.sent.map((c) => c.name)).toEqual(["CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload"]);
    const parts = log.sent.filter((c) => c.name === "UploadPart").map((c) => [c.input.PartNumber, c.input.Body.length]);
    expect(parts).toEqual([[1, 5 * MiB], [2, 5 * MiB], [3, 2 * MiB + 123]]);
    expect(log.mostPartsInFlight()).toBeLessThanOrEqual(2);
    expect(log.sent[0].input.ChecksumAlgorithm).toBe("CRC32");
    expect(log.sent[4].input.MultipartUpload.Parts).toEqual([1, 2, 3].map((n) => ({ PartNumber: n, ETag: expect.any(String), ChecksumCRC32: expect.stringMatching(/^[A-Za-z0-9+/]{6}==$/) })));
    expect(sha256((await stored("large.bin")).bytes)).toBe(sha256(body));
    expect(await bucket.leftovers("large.bin")).toEqual({ objects: 1, uploads: 0 });
  }, 30_000);

  it("aborts the multipart upload when a part fails, leaving neither object nor parts", async () => {
    // Prepare
    const log = logS3Commands(s3);
    log.failWhen((name, input) => name === "UploadPart" && input.PartNumber === 2);
    const upload = new MultipartObjectUpload(s3, { Bucket: BUCKET, Key: "failed.bin" }, { partBytes: 5 * MiB });
    // Act
    const act = push(upload, randomBytes(16 * MiB)).then(() => upload.complete());
    // Assess
    await expect(act).rejects.toThrow("injected failure of UploadPart");
    expect(log.sent.map((c) => c.name)).toContain("AbortMultipartUpload");
    expect(await bucket.leftovers("failed.bin")).toEqual({ objects: 0, uploads: 0 });
    await expect(upload.write(Buffer.from("more"))).rejects.toThrow("injected failure of UploadPart");
  }, 30_000);

  it("aborts the multipart upload when completing it fails", async () => {
    // Prepare
    const log = logS3Commands(s3);
    log.failWhen((name) => name === "CompleteMultipartUpload");
    const upload = new MultipartObjectUpload(s3, { Bucket: BUCKET, Key: "uncompleted.bin" }, { partBytes: 5 * MiB });
    await push(upload, randomBytes(6 * MiB));
    // Act
    const act = upload.complete();
    // Assess
    await expect(act).rejects.toThrow("injected failure of CompleteMultipartUpload");
    expect(log.sent.map((c) => c.name).slice(-2)).toEqual(["CompleteMultipartUpload", "AbortMultipartUpload"]);
    expect(await bucket.leftovers("uncompleted.bin")).toEqual({ objects: 0, uploads: 0 });
  }, 30_000);

  it("removes the uploaded parts when aborted by its caller mid-stream, and refuses more bytes", async () => {
    // Prepare
    const upload = new MultipartObjectUpload(s3, { Bucket: BUCKET, Key: "aborted.bin" }, { partBytes: 5 * MiB });
    await push(upload, randomBytes(11 * MiB));
    // Act
    await upload.abort();
    // Assess
    expect(await bucket.leftovers("aborted.bin")).toEqual({ objects: 0, uploads: 0 });
    await expect(upload.write(Buffer.from("more"))).rejects.toThrow(/already aborted/);
    await expect(upload.complete()).rejects.toThrow(/already aborted/);
  }, 30_000);

  it("refuses parts below S3's 5 MiB minimum", () => {
    expect(() => new MultipartObjectUpload(s3, { Bucket: BUCKET, Key: "k" }, { partBytes: MiB })).toThrow(/5 MiB minimum/);
  });
});
