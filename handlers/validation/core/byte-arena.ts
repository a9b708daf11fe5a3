/**
 * Short byte strings stored back to back in one growing buffer, numbered 0, 1, 2, ... in the order
 * they were appended. A string costs its bytes plus 4 bytes of offset, and no JS object: the
 * validator keeps up to hundreds of thousands of ids and symbols per file this way.
 *
 * Besides `append`, a caller that is reading the string's bytes anyway can write them straight to
 * `bytes` from `used` on (after `reserve`) and then `commit` them: the fused CSV path stages each
 * trade id this way, in the loop that copies it to the output.
 */
export class ByteArena {
  /** String i is bytes[start(i), ends[i]); read-only outside this class, except staging. */
  bytes: Buffer;
  ends: Int32Array;
  /** Bytes in use: where the next string starts. */
  used = 0;
  private count = 0;

  constructor(initialStrings: number) {
    this.bytes = Buffer.allocUnsafe(initialStrings * 16);
    this.ends = new Int32Array(initialStrings);
  }

  get size(): number {
    return this.count;
  }

  start(index: number): number {
    return index === 0 ? 0 : this.ends[index - 1]!;
  }

  /** Makes room for a string of up to `length` bytes at `used` (`bytes` may be replaced). */
  reserve(length: number): void {
    if (this.used + length > this.bytes.length) {
      const bytes = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(bytes, 0, 0, this.used);
      this.bytes = bytes;
    }
    if (this.count === this.ends.length) {
      const ends = new Int32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
  }

  /** Makes the `length` bytes written at `used` (after `reserve`) the next string; returns its index. */
  commit(length: number): number {
    this.used += length;
    this.ends[this.count] = this.used;
    return this.count++;
  }

  /** Copies buf[start, end) in and returns its index. */
  append(buf: Uint8Array, start: number, end: number): number {
    this.reserve(end - start);
    const bytes = this.bytes;
    let o = this.used;
    for (let i = start; i < end; i++) bytes[o++] = buf[i]!;
    return this.commit(end - start);
  }

  /** Whether string `index` has the bytes buf[start, end). */
  equals(index: number, buf: Uint8Array, start: number, end: number): boolean {
    const stringStart = this.start(index);
    if (this.ends[index]! - stringStart !== end - start) return false;
    const bytes = this.bytes;
    for (let i = start, j = stringStart; i < end; i++, j++) if (buf[i] !== bytes[j]) return false;
    return true;
  }

  /** Forgets every string; keeps the allocated memory for reuse. */
  clear(): void {
    this.count = 0;
    this.used = 0;
  }
}
