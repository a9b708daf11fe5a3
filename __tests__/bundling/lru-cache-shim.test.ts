import LRUCache from "../../src/bundling/lru-cache-shim";

describe("LRUCache (mnemonist/lru-cache in Lambda bundles)", () => {
  it("drops the least recently used entry when full, counting get but not peek as a use", () => {
    // Prepare
    const cache = new LRUCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    // Act
    cache.peek("a");
    cache.get("a");
    cache.set("c", 3);
    // Assess
    expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it("does not refresh an entry on peek", () => {
    // Prepare
    const cache = new LRUCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    // Act
    expect(cache.peek("a")).toBe(1);
    cache.set("c", 3);
    // Assess
    expect(cache.has("a")).toBe(false);
  });

  it("replaces a value set again, making it the most recently used", () => {
    // Prepare
    const cache = new LRUCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    // Act
    cache.set("a", 10);
    cache.set("c", 3);
    // Assess
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([10, undefined, 3]);
  });

  it("forgets everything on clear, and refuses a capacity that is not positive", () => {
    const cache = new LRUCache<string, number>(3);
    cache.set("a", 1);
    cache.clear();
    expect([cache.size, cache.get("a")]).toEqual([0, undefined]);
    expect(() => new LRUCache(0)).toThrow(/capacity should be positive/);
  });
});
