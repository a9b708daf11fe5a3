import { ByteArena } from "./byte-arena";

/**
 * A hash table from short byte strings to dense ids (0, 1, 2, ...), without creating JS strings.
 *
 * Why not Map<string, ...>: decoding a key per record costs more than the rest of a record's checks,
 * and a Set of millions of strings costs ~100 bytes per key. Here a key costs its bytes plus ~20 bytes
 * of typed arrays. Linear probing reads only `hashes` (4 bytes a slot, 0 = empty) until a hash
 * matches, so a miss touches one small array: it stays in cache longer, which is most of the cost.
 * The table grows (rehash) up to `maxKeys`; callers decide what to do when it is full.
 */
export class ByteKeyTable {
  private hashes: Int32Array; // per slot: the key's hash (never 0, see slotHash), 0 when empty
  private ids: Int32Array; // per slot: the key's id
  private mask: number;
  private readonly keys: ByteArena; // key i is string i of the arena
  private capacity: number; // keys the slots are sized for

  constructor(
    readonly maxKeys: number,
    initialKeys = 1024,
  ) {
    const keys = Math.min(maxKeys, initialKeys);
    const slotCount = slotCountFor(keys);
    this.hashes = new Int32Array(slotCount);
    this.ids = new Int32Array(slotCount);
    this.mask = slotCount - 1;
    this.capacity = keys;
    this.keys = new ByteArena(keys);
  }

  get size(): number {
    return this.keys.size;
  }

  get full(): boolean {
    return this.keys.size >= this.maxKeys;
  }

  /** Id of the key buf[start, end) with precomputed `hash` (see hashBytes), or -1. */
  find(buf: Uint8Array, start: number, end: number, hash: number): number {
    const hashes = this.hashes;
    const wanted = slotHash(hash);
    let index = wanted & this.mask;
    for (;;) {
      const slot = hashes[index]!;
      if (slot === 0) return -1;
      if (slot === wanted && this.keys.equals(this.ids[index]!, buf, start, end)) return this.ids[index]!;
      index = (index + 1) & this.mask;
    }
  }

  /**
   * Reads the first slot `hash` probes and returns it, so that the caller can start the cache miss
   * early (the fused CSV path calls this as soon as the trade id is hashed, long before the lookup).
   */
  touch(hash: number): number {
    return this.hashes[slotHash(hash) & this.mask]!;
  }

  /**
   * Adds the key unless present, in one probe sequence; returns the new id, or -1 when the key was
   * already there. Throws when full (check `full` first).
   */
  insertIfAbsent(buf: Uint8Array, start: number, end: number, hash: number): number {
    if (this.full) throw new Error("ByteKeyTable is full");
    if (this.keys.size >= this.capacity) this.grow();
    const hashes = this.hashes;
    const wanted = slotHash(hash);
    let index = wanted & this.mask;
    for (;;) {
      const slot = hashes[index]!;
      if (slot === 0) break;
      if (slot === wanted && this.keys.equals(this.ids[index]!, buf, start, end)) return -1;
      index = (index + 1) & this.mask;
    }
    const id = this.keys.append(buf, start, end);
    hashes[index] = wanted;
    this.ids[index] = id;
    return id;
  }

  /** Forgets every key; keeps the allocated memory for reuse. */
  clear(): void {
    this.hashes.fill(0);
    this.keys.clear();
  }

  /** Puts an id into the first free slot of its probe sequence (rehashing). */
  private place(wanted: number, id: number): void {
    let index = wanted & this.mask;
    while (this.hashes[index] !== 0) index = (index + 1) & this.mask;
    this.hashes[index] = wanted;
    this.ids[index] = id;
  }

  private grow(): void {
    const keys = Math.min(this.maxKeys, this.capacity * 2);
    this.capacity = keys;
    const oldHashes = this.hashes;
    const oldIds = this.ids;
    const slotCount = slotCountFor(keys);
    this.hashes = new Int32Array(slotCount);
    this.ids = new Int32Array(slotCount);
    this.mask = slotCount - 1;
    for (let i = 0; i < oldHashes.length; i++) if (oldHashes[i] !== 0) this.place(oldHashes[i]!, oldIds[i]!);
  }
}

/** Power of two at least twice the key count: load factor <= 0.5 keeps linear probes short. */
function slotCountFor(keys: number): number {
  let slots = 16;
  while (slots < keys * 2) slots *= 2;
  return slots;
}

/** The hash as stored in a slot (and probed from): 0 marks an empty slot, so a real 0 becomes 1. */
function slotHash(hash: number): number {
  return hash === 0 ? 1 : hash;
}

/** FNV-1a over the bytes, then a murmur3 finaliser so the low bits (the slot index) are well mixed. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return mixHash(h);
}

/** hashBytes' finaliser, for callers that run the FNV-1a loop themselves (the fused CSV path). */
export function mixHash(fnv: number): number {
  let h = fnv;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}
