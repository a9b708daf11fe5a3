import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { OutputCompressor } from "./output-compressor";

/** 8 MiB parts: well above S3's 5 MiB minimum, and 4 in flight keep memory near 40 MB per output. */
const PART_BYTES = 8 << 20;
const PARTS_IN_FLIGHT = 4;

export interface GzipObjectWriterOptions {
  /**
   * Compressed bytes per part (all but the last); S3 refuses parts below 5 MiB.
   * @default 8 MiB
   */
  readonly partBytes?: number;
  /** Parts uploading at once. @default 4 */
  readonly partsInFlight?: number;
}

/**
 * Streams bytes into one gzip S3 object through lib-storage's Upload, started on the first write,
 * so an empty output creates no object (a body under one part goes up as one PutObject, a larger
 * one as a multipart upload). Writes wait for gzip's backpressure, and the Upload reads gzip only
 * as fast as its parts go out, so memory stays flat whatever the object size. `abort`, and any
 * failure (`leavePartsOnError: false`), abort the multipart upload, which deletes the parts already
 * uploaded: a failed run leaves neither a partial object nor billed orphan parts.
 */
export class GzipObjectWriter {
  private compressor?: OutputCompressor;
  private done?: Promise<unknown>;
  private bytesIn = 0;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    readonly key: string,
    private readonly contentType: string,
    private readonly options: GzipObjectWriterOptions = {},
  ) {}

  get started(): boolean {
    return this.compressor !== undefined;
  }

  get uncompressedBytes(): number {
    return this.bytesIn;
  }

  async write(chunk: Buffer | string): Promise<void> {
    const compressor = this.start();
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this.bytesIn += bytes.length;
    await compressor.write(bytes, this.done!);
  }

  /** Finishes the object; resolves when S3 has completed the upload. No-op if nothing was written. */
  async close(): Promise<void> {
    if (!this.compressor) return;
    this.compressor.end();
    await this.done;
  }

  /**
   * Fails the body rather than calling `Upload.abort()`: that only rejects `done()` at once, while
   * the AbortMultipartUpload goes out later in the background (measured: none sent by the time
   * `done()` settled, so the parts outlived the run). A body that errors makes the Upload abort
   * the multipart upload before `done()` rejects. Destroyed without an error, the body would just
   * end, and the Upload would complete a truncated object.
   */
  async abort(): Promise<void> {
    if (!this.compressor) return;
    this.compressor.gzip.destroy(new Error(`upload of s3://${this.bucket}/${this.key} aborted`));
    await this.done?.catch(() => undefined);
  }

  private start(): OutputCompressor {
    if (this.compressor) return this.compressor;
    const compressor = new OutputCompressor();
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: this.key, Body: compressor.gzip, ContentType: this.contentType, ContentEncoding: "gzip" },
      partSize: this.options.partBytes ?? PART_BYTES,
      queueSize: this.options.partsInFlight ?? PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    this.done = upload.done();
    // An upload that fails stops gzip, so a writer waiting on its backpressure is released; `close`/`write` rethrow.
    this.done.catch(() => compressor.gzip.destroy());
    this.compressor = compressor;
    return compressor;
  }
}
