import { once } from "node:events";
import type { TransformOptions } from "node:stream";
import { createGzip, type Gzip, type ZlibOptions } from "node:zlib";

/**
 * gzip level of the validator's outputs. Measured on the accepted JSON lines of 100 MB of quotes:
 * level 1 compresses 207 MB/s to 18.2%, level 6 (zlib's default) 82 MB/s to 15.0%. The outputs are
 * ~2.2x the input's bytes, so at level 6 compressing them cost more than five times the validation
 * itself (trades end to end 23 vs 48 MB/s per CPU-second); level 1 buys that back for ~21% more
 * bytes under `validated/`, which the Glue job reads once.
 */
export const OUTPUT_GZIP_LEVEL = 1;
/** Bytes handed to gzip per write. zlib runs one write per threadpool job; the job only continues after a
 * main-thread turn, so small writes leave gzip idle while the validator runs. 2 MiB per write (and a 1 MiB
 * output buffer) let a whole input chunk's output compress while the next chunk is validated. */
const WRITE_BYTES = 2 << 20;
const GZIP_OUTPUT_CHUNK_BYTES = 1 << 20;
/** Batches gzip may hold queued: with WRITE_BYTES, bounds the memory of one output. */
const QUEUED_BYTES = 4 * WRITE_BYTES;

/** zlib passes stream options on to its Transform (its own type does not list them). */
const GZIP_OPTIONS: ZlibOptions & TransformOptions = { level: OUTPUT_GZIP_LEVEL, chunkSize: GZIP_OUTPUT_CHUNK_BYTES, writableHighWaterMark: QUEUED_BYTES };

/**
 * One gzip stream for a validator output, fed in large writes so compression overlaps validation
 * (see WRITE_BYTES). Read the compressed bytes from `gzip`.
 */
export class OutputCompressor {
  readonly gzip: Gzip = createGzip(GZIP_OPTIONS);
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Adds bytes; resolves once gzip has room again (or when `stop` settles: the consumer failed). */
  async write(chunk: Buffer, stop: Promise<unknown>): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < WRITE_BYTES) return;
    if (!this.gzip.write(this.takePending())) await Promise.race([once(this.gzip, "drain"), stop]);
  }

  /** Writes what is pending and ends the stream. */
  end(): void {
    if (this.pendingBytes > 0) this.gzip.write(this.takePending());
    this.gzip.end();
  }

  private takePending(): Buffer {
    const batch = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return batch;
  }
}
