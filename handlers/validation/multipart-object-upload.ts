import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type CompletedPart,
  type S3Client,
} from "@aws-sdk/client-s3";

/** The object to write and its headers. */
export interface ObjectTarget {
  readonly Bucket: string;
  readonly Key: string;
  readonly ContentType?: string;
  readonly ContentEncoding?: string;
}

export interface MultipartOptions {
  /** Size of every part but the last; S3's minimum is 5 MiB. @default 8 MiB */
  readonly partBytes?: number;
  /** Parts uploading at once: with `partBytes`, bounds the memory an upload holds. @default 4 */
  readonly partsInFlight?: number;
}

const MIN_PART_BYTES = 5 << 20;
const MAX_PARTS = 10_000;

/**
 * Writes one S3 object from bytes pushed in order, holding at most the part being filled plus
 * `partsInFlight` parts uploading, whatever the object's size (`write` waits for a free slot). A
 * body smaller than one part goes up with a single PutObject at `complete`; a larger one as a
 * multipart upload started by its first full part. Any failure aborts the multipart upload, which
 * deletes the parts already uploaded, so no partial object (nor billed orphan parts) is left.
 * Replaces lib-storage's Upload, 10 KB of the Lambda bundle, for this one use.
 */
export class MultipartObjectUpload {
  private readonly partBytes: number;
  private readonly partsInFlight: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private uploadId?: Promise<string>;
  private checksumAlgorithm?: ChecksumAlgorithm;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly parts: CompletedPart[] = [];
  private nextPartNumber = 1;
  /** The first part upload that failed; every later call rethrows it. */
  private failure?: { error: unknown };
  private state: "open" | "completed" | "aborted" = "open";

  constructor(
    private readonly s3: S3Client,
    private readonly target: ObjectTarget,
    options: MultipartOptions = {},
  ) {
    this.partBytes = options.partBytes ?? 8 << 20;
    this.partsInFlight = options.partsInFlight ?? 4;
    if (this.partBytes < MIN_PART_BYTES) throw new RangeError(`partBytes ${this.partBytes} is below S3's 5 MiB minimum part size`);
    if (this.partsInFlight < 1) throw new RangeError("partsInFlight must be at least 1");
  }

  /**
   * Adds bytes; resolves once they are buffered or on their way, rejects (after aborting) if the
   * upload failed. The bytes are kept, not copied, until sent: the caller must not reuse the chunk.
   */
  async write(chunk: Uint8Array): Promise<void> {
    await this.abortingOnFailure(async () => {
      this.throwIfStopped();
      this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.pendingBytes += chunk.byteLength;
      while (this.pendingBytes >= this.partBytes) await this.sendPart(this.take(this.partBytes));
    });
  }

  /** Uploads what is left and makes the object visible; rejects (after aborting) if anything failed. */
  async complete(): Promise<void> {
    await this.abortingOnFailure(async () => {
      this.throwIfStopped();
      if (this.uploadId === undefined) {
        await this.s3.send(new PutObjectCommand({ ...this.target, Body: this.take(this.pendingBytes) }));
      } else {
        if (this.pendingBytes > 0) await this.sendPart(this.take(this.pendingBytes));
        while (this.inFlight.size > 0) await Promise.race(this.inFlight);
        this.throwIfStopped();
        const parts = [...this.parts].sort((a, b) => a.PartNumber! - b.PartNumber!);
        await this.s3.send(new CompleteMultipartUploadCommand({ Bucket: this.target.Bucket, Key: this.target.Key, UploadId: await this.uploadId, MultipartUpload: { Parts: parts } }));
      }
      this.state = "completed";
    });
  }

  /** Stops the upload and deletes its parts; a no-op once completed or aborted. */
  async abort(): Promise<void> {
    if (this.state !== "open") return;
    this.state = "aborted";
    this.pending = [];
    this.pendingBytes = 0;
    await Promise.all(this.inFlight);
    const uploadId = await this.uploadId?.catch(() => undefined);
    if (uploadId !== undefined) await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.target.Bucket, Key: this.target.Key, UploadId: uploadId }));
  }

  private async abortingOnFailure(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      // If the abort fails too, the bucket's lifecycle rule for incomplete multipart uploads removes the parts.
      await this.abort().catch(() => undefined);
      throw error;
    }
  }

  private throwIfStopped(): void {
    if (this.failure) throw this.failure.error;
    if (this.state !== "open") throw new Error(`Upload of s3://${this.target.Bucket}/${this.target.Key} was already ${this.state}`);
  }

  /** The first `bytes` of the pending bytes, as one buffer. */
  private take(bytes: number): Buffer {
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = bytes < all.length ? [all.subarray(bytes)] : [];
    this.pendingBytes = all.length - bytes;
    return all.subarray(0, bytes);
  }

  /** Starts one part once a slot is free; its outcome is collected by `complete` (or rethrown by the next call). */
  private async sendPart(body: Buffer): Promise<void> {
    while (this.inFlight.size >= this.partsInFlight) await Promise.race(this.inFlight);
    this.throwIfStopped();
    const partNumber = this.nextPartNumber++;
    if (partNumber > MAX_PARTS) throw new Error(`s3://${this.target.Bucket}/${this.target.Key} needs more than ${MAX_PARTS} parts of ${this.partBytes} bytes`);
    this.uploadId ??= this.create();
    const upload: Promise<void> = this.uploadId
      .then(async (UploadId) => {
        if (this.state !== "open") return;
        const { Bucket, Key } = this.target;
        const result = await this.s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: partNumber, Body: body, ChecksumAlgorithm: this.checksumAlgorithm }));
        if (!result.ETag) throw new Error(`S3 returned no ETag for part ${partNumber} of s3://${Bucket}/${Key}`);
        this.parts.push({ PartNumber: partNumber, ETag: result.ETag, ChecksumCRC32: result.ChecksumCRC32 });
      })
      .catch((error: unknown) => void (this.failure ??= { error }))
      .finally(() => this.inFlight.delete(upload));
    this.inFlight.add(upload);
  }

  /**
   * Declares CRC32 part checksums when the client computes them by default (the SDK's
   * WHEN_SUPPORTED setting, as lib-storage did): S3 then checks every part and the whole object.
   */
  private async create(): Promise<string> {
    this.checksumAlgorithm = (await this.s3.config.requestChecksumCalculation()) === "WHEN_SUPPORTED" ? "CRC32" : undefined;
    const { UploadId } = await this.s3.send(new CreateMultipartUploadCommand({ ...this.target, ChecksumAlgorithm: this.checksumAlgorithm }));
    if (!UploadId) throw new Error(`S3 returned no UploadId for s3://${this.target.Bucket}/${this.target.Key}`);
    return UploadId;
  }
}
