/**
 * Replaces mnemonist/lru-cache in Lambda bundles. The DynamoDB client's endpoint discovery keeps
 * its endpoints in one; mnemonist's typed-array implementation and its helpers are 6.5 KB of the
 * validation bundle (measured with lib-dynamodb bundled; the real-time one has no DynamoDB client),
 * where a Map, which iterates in insertion order, gives the same least-recently-used cache for the
 * methods the SDK calls.
 */
export default class LRUCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(typeof capacity === "number" && capacity > 0)) throw new Error("mnemonist/lru-cache: capacity should be positive number.");
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value, leaving the order as it is. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Stores the value as the most recently used, dropping the least recently used one when full. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  clear(): void {
    this.entries.clear();
  }
}
