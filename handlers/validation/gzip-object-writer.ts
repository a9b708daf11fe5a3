import type { S3Client } from "@aws-sdk/client-s3";
import { MultipartObjectUpload } from "./multipart-object-upload";
import { OutputCompressor } from "./output-compressor";

/** 8 MiB parts: well above S3's 5 MiB minimum, and 4 in flight keep memory near 40 MB per output. */
const PART_BYTES = 8 << 20;
const PARTS_IN_FLIGHT = 4;

export interface GzipObjectWriterOptions {
  /**
   * Compressed bytes per part (all but the last); S3 refuses parts below 5 MiB. Tests lower it to
   * reach several parts with less data.
   * @default 8 MiB
   */
  readonly partBytes?: number;
  /** Parts uploading at once. @default 4 */
  readonly partsInFlight?: number;
}

/**
 * Streams bytes into one gzip S3 object through a multipart upload that starts on the first
 * write, so an empty output creates no object. Writes wait for gzip's backpressure (memory stays
 * flat whatever the object size), and `abort` removes every uploaded part, so a failed run never
 * leaves a partial object behind.
 */
export class GzipObjectWriter {
  private compressor?: OutputCompressor;
  private upload?: MultipartObjectUpload;
  private done?: Promise<void>;
  private bytesIn = 0;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    readonly key: string,
    private readonly contentType: string,
    private readonly options: GzipObjectWriterOptions = {},
  ) {}

  get started(): boolean {
    return this.upload !== undefined;
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

  async abort(): Promise<void> {
    if (!this.upload) return;
    this.compressor?.gzip.destroy();
    await this.upload.abort().catch(() => undefined);
    await this.done?.catch(() => undefined);
  }

  private start(): OutputCompressor {
    if (this.compressor) return this.compressor;
    const compressor = new OutputCompressor();
    const gzip = compressor.gzip;
    const upload = new MultipartObjectUpload(this.s3, { Bucket: this.bucket, Key: this.key, ContentType: this.contentType, ContentEncoding: "gzip" }, {
      partBytes: this.options.partBytes ?? PART_BYTES,
      partsInFlight: this.options.partsInFlight ?? PARTS_IN_FLIGHT,
    });
    // Gzip's output is pumped into the upload as it comes; the upload's backpressure pauses the pump.
    this.done = (async () => {
      for await (const compressed of gzip) await upload.write(compressed as Buffer);
      await upload.complete();
    })();
    // Surface upload failures to the writer promptly; `close`/`write` rethrow them.
    this.done.catch(() => gzip.destroy());
    this.upload = upload;
    this.compressor = compressor;
    return compressor;
  }
}
