import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
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

  it("aborts the multipart upload when completing it fails, and leaves nothing behind", async () => {
    // Prepare
    const log = logS3Commands(s3);
    log.failWhen((name) => name === "CompleteMultipartUpload");
    const writer = new GzipObjectWriter(s3, BUCKET, "validated/uncompleted.jsonl.gz", "application/x-ndjson");
    for (const line of bigLines()) await writer.write(line);
    // Act
    const act = writer.close();
    // Assess
    await expect(act).rejects.toThrow("injected failure of CompleteMultipartUpload");
    expect(log.succeeded.map((c) => c.name)).toContain("AbortMultipartUpload");
    expect(await bucket.leftovers("validated/uncompleted")).toEqual({ objects: 0, uploads: 0 });
  }, 60_000);
});

describe("GzipObjectWriter: no partial object after parts were uploaded", () => {
  /** Its own bucket, so "no unfinished upload anywhere in it" sees only these tests. */
  const NO_PARTIAL = "no-partial";
  const bucket = useLocalBucket(NO_PARTIAL);
  const MiB = 1 << 20;
  /** S3's (and moto's, at CompleteMultipartUpload) smallest part: the most parts for the fewest bytes. */
  const PART_BYTES = 5 * MiB;
  /** Random bytes do not compress, so compressed parts fill as fast as the input grows. */
  const CHUNK_BYTES = 256 * 1024;
  /** The output keys the object processor gives raw object `name` (each test its own). */
  const keysOf = (name: string) => ({ validated: `validated/dataset=trades/date=2026-11-20/${name}.v1.jsonl.gz`, quarantine: `quarantine/dataset=trades/date=2026-11-20/${name}.v1.jsonl.gz` });
  let s3: S3Client;
  beforeEach(() => {
    s3 = bucket.s3();
  });

  /** The accepted and quarantine outputs, as the object processor opens them for one raw object. */
  const outputs = (name: string) => ({
    accepted: new GzipObjectWriter(s3, NO_PARTIAL, keysOf(name).validated, "application/x-ndjson", { partBytes: PART_BYTES }),
    quarantine: new GzipObjectWriter(s3, NO_PARTIAL, keysOf(name).quarantine, "application/x-ndjson", { partBytes: PART_BYTES }),
  });

  /** What the object processor does with its outputs: close both on success, abort both on any error. */
  async function validate(source: AsyncIterable<Buffer>, writers: ReturnType<typeof outputs>): Promise<void> {
    try {
      for await (const chunk of source) {
        await writers.accepted.write(chunk);
        await writers.quarantine.write(`{"rule":"price","line":${chunk.length}}\n`);
      }
      await Promise.all([writers.accepted.close(), writers.quarantine.close()]);
    } catch (error) {
      await Promise.all([writers.accepted.abort(), writers.quarantine.abort()]);
      throw error;
    }
  }

  /** Unfinished uploads anywhere in the bucket, and the objects at `name`'s output keys. */
  async function leftovers(name: string): Promise<{ uploads: string[]; objects: string[] }> {
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: NO_PARTIAL }));
    const keys = keysOf(name);
    const objects = await Promise.all([keys.validated, keys.quarantine].map((Prefix) => s3.send(new ListObjectsV2Command({ Bucket: NO_PARTIAL, Prefix }))));
    return { uploads: (uploads.Uploads ?? []).map((u) => u.Key!), objects: objects.flatMap((o) => (o.Contents ?? []).map((c) => c.Key!)) };
  }

  it("round-trips a body of several parts: gunzip of the object is what was written", async () => {
    // Prepare
    const input = randomBytes(12 * MiB + 4321);
    const keys = keysOf("round-trip");
    const log = logS3Commands(s3);
    const writers = outputs("round-trip");
    // Act
    await validate((async function* () {
      for (let at = 0; at < input.length; at += CHUNK_BYTES) yield input.subarray(at, at + CHUNK_BYTES);
    })(), writers);
    // Assess
    const parts = log.succeeded.filter((c) => c.name === "UploadPart" && c.input.Key === keys.validated);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.filter((p) => p.input.PartNumber < parts.length).map((p) => p.input.Body.length)).toEqual(Array(parts.length - 1).fill(PART_BYTES));
    const object = await s3.send(new GetObjectCommand({ Bucket: NO_PARTIAL, Key: keys.validated }));
    expect(gunzipSync(await object.Body!.transformToByteArray()).equals(input)).toBe(true);
    expect(await leftovers("round-trip")).toEqual({ uploads: [], objects: [keys.validated, keys.quarantine] });
  }, 60_000);

  it("leaves no unfinished upload and no object under validated/ or quarantine/ when the source fails after two uploaded parts", async () => {
    // Prepare: a source that fails once S3 has acknowledged two parts of the accepted output
    const keys = keysOf("source-fails");
    const log = logS3Commands(s3);
    const partsStored = () => log.succeeded.filter((c) => c.name === "UploadPart" && c.input.Key === keys.validated).length;
    const source = (async function* () {
      // Bounded, so a writer that never uploads fails this test instead of hanging it.
      for (let bytes = 0; partsStored() < 2; bytes += CHUNK_BYTES) {
        if (bytes > 40 * MiB) throw new Error(`two parts not uploaded after ${bytes} bytes`);
        yield randomBytes(CHUNK_BYTES);
      }
      throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    })();
    // Act
    const act = validate(source, outputs("source-fails"));
    // Assess
    await expect(act).rejects.toThrow("socket hang up");
    expect(partsStored()).toBeGreaterThanOrEqual(2);
    expect(log.succeeded.filter((c) => c.name === "AbortMultipartUpload").map((c) => c.input.Key)).toEqual([keys.validated]);
    expect(log.sent.map((c) => c.name)).not.toContain("CompleteMultipartUpload");
    expect(await leftovers("source-fails")).toEqual({ uploads: [], objects: [] });
  }, 60_000);
});
