/**
 * A hash table from short byte strings to dense ids (0, 1, 2, ...), without creating JS strings.
 *
 * Why not Map<string, ...>: decoding a key per record costs more than the rest of a record's checks,
 * and a Set of millions of strings costs ~100 bytes per key. Here a key costs its bytes plus ~20 bytes
 * of typed arrays, and lookups touch one interleaved slot array (hash, id + 1) with linear probing.
 * The table grows (rehash) up to `maxKeys`; callers decide what to do when it is full.
 */
export class ByteKeyTable {
  private slots: Int32Array; // [hash, id + 1] pairs; id + 1 = 0 marks an empty slot
  private mask: number;
  private keyEnds: Int32Array; // key i is arena[keyEnds[i - 1] (or 0), keyEnds[i])
  private arena: Buffer;
  private arenaUsed = 0;
  private count = 0;

  constructor(
    readonly maxKeys: number,
    initialKeys = 1024,
  ) {
    const keys = Math.min(maxKeys, initialKeys);
    const slotCount = slotCountFor(keys);
    this.slots = new Int32Array(slotCount * 2);
    this.mask = slotCount - 1;
    this.keyEnds = new Int32Array(keys);
    this.arena = Buffer.allocUnsafe(keys * 16);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.maxKeys;
  }

  /** Id of the key buf[start, end) with precomputed `hash` (see hashBytes), or -1. */
  find(buf: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    let index = hash & this.mask;
    for (;;) {
      const idPlusOne = slots[index * 2 + 1]!;
      if (idPlusOne === 0) return -1;
      if (slots[index * 2] === hash && this.keyEquals(idPlusOne - 1, buf, start, end)) return idPlusOne - 1;
      index = (index + 1) & this.mask;
    }
  }

  /**
   * Adds the key unless present, in one probe sequence; returns the new id, or -1 when the key was
   * already there. Throws when full (check `full` first).
   */
  insertIfAbsent(buf: Uint8Array, start: number, end: number, hash: number): number {
    if (this.count >= this.maxKeys) throw new Error("ByteKeyTable is full");
    if (this.count >= this.keyEnds.length) this.grow();
    const slots = this.slots;
    let index = hash & this.mask;
    for (;;) {
      const idPlusOne = slots[index * 2 + 1]!;
      if (idPlusOne === 0) break;
      if (slots[index * 2] === hash && this.keyEquals(idPlusOne - 1, buf, start, end)) return -1;
      index = (index + 1) & this.mask;
    }
    const id = this.appendKey(buf, start, end);
    slots[index * 2] = hash;
    slots[index * 2 + 1] = id + 1;
    return id;
  }

  /** Forgets every key; keeps the allocated memory for reuse. */
  clear(): void {
    this.slots.fill(0);
    this.count = 0;
    this.arenaUsed = 0;
  }

  private appendKey(buf: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const arena = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + length));
      this.arena.copy(arena, 0, 0, this.arenaUsed);
      this.arena = arena;
    }
    const arena = this.arena;
    let o = this.arenaUsed;
    for (let i = start; i < end; i++) arena[o++] = buf[i]!;
    this.arenaUsed = o;
    const id = this.count++;
    this.keyEnds[id] = o;
    return id;
  }

  /** Puts an id into the first free slot of its probe sequence (rehashing). */
  private place(hash: number, id: number): void {
    let index = hash & this.mask;
    while (this.slots[index * 2 + 1] !== 0) index = (index + 1) & this.mask;
    this.slots[index * 2] = hash;
    this.slots[index * 2 + 1] = id + 1;
  }

  private keyEquals(id: number, buf: Uint8Array, start: number, end: number): boolean {
    const keyStart = id === 0 ? 0 : this.keyEnds[id - 1]!;
    const keyEnd = this.keyEnds[id]!;
    if (keyEnd - keyStart !== end - start) return false;
    const arena = this.arena;
    for (let i = start, j = keyStart; i < end; i++, j++) if (buf[i] !== arena[j]) return false;
    return true;
  }

  private grow(): void {
    const keys = Math.min(this.maxKeys, this.keyEnds.length * 2);
    const keyEnds = new Int32Array(keys);
    keyEnds.set(this.keyEnds);
    this.keyEnds = keyEnds;
    const oldSlots = this.slots;
    const slotCount = slotCountFor(keys);
    this.slots = new Int32Array(slotCount * 2);
    this.mask = slotCount - 1;
    for (let i = 0; i < oldSlots.length; i += 2) {
      const idPlusOne = oldSlots[i + 1]!;
      if (idPlusOne !== 0) this.place(oldSlots[i]!, idPlusOne - 1);
    }
  }
}

/** Power of two at least twice the key count: load factor <= 0.5 keeps linear probes short. */
function slotCountFor(keys: number): number {
  let slots = 16;
  while (slots < keys * 2) slots *= 2;
  return slots;
}

/** FNV-1a over the bytes, then a murmur3 finaliser so the low bits (the slot index) are well mixed. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}
