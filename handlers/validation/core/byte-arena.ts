/**
 * Short byte strings stored back to back in one growing buffer, numbered 0, 1, 2, ... in the order
 * they were appended. A string costs its bytes plus 4 bytes of offset, and no JS object: the
 * validator keeps up to hundreds of thousands of ids and symbols per file this way.
 */
export class ByteArena {
  /** String i is bytes[starts(i), ends[i]); read-only outside this class. */
  bytes: Buffer;
  ends: Int32Array;
  private count = 0;
  private used = 0;

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

  /** Copies buf[start, end) in and returns its index. */
  append(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
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
    const bytes = this.bytes;
    let o = this.used;
    for (let i = start; i < end; i++) bytes[o++] = buf[i]!;
    this.used = o;
    this.ends[this.count] = o;
    return this.count++;
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
