import { ENVIRONMENTS } from "../../src/config/environments";
import { MAX_DERIVED_SHARDS, provisionedShardCount, realtimeConcurrency, SHARD_HEADROOM } from "../../src/config/stream-sizing";

describe("provisionedShardCount", () => {
  it.each([
    // [MB/s, records/s, shards]: whichever of 1 MB/s and 1,000 records/s per shard binds, x 1.25
    [300, 1_500_000, 1_875],
    [2_000, 100_000, 2_500],
    [4, 20_000, 25],
    [0.5, 10, 1],
    [1, 1_000, 2],
    [8, 8_000, 10],
  ])("sizes %d MB/s and %d records/s to %d shards", (mbps, records, shards) => {
    expect(provisionedShardCount({ peakStreamMegabytesPerSecond: mbps, peakEventsPerSecond: records })).toBe(shards);
  });

  it("keeps the fullest shard under its write limits at the peak, with the headroom", () => {
    const capacity = ENVIRONMENTS.prod.capacity;
    const shards = provisionedShardCount(capacity);
    expect(capacity.peakEventsPerSecond / shards).toBeLessThanOrEqual(1_000 / SHARD_HEADROOM);
    expect(capacity.peakStreamMegabytesPerSecond / shards).toBeLessThanOrEqual(1 / SHARD_HEADROOM);
  });

  it("refuses a peak that needs more shards than the default account quota, saying what to do", () => {
    expect(() => provisionedShardCount({ peakStreamMegabytesPerSecond: 1, peakEventsPerSecond: MAX_DERIVED_SHARDS * 1_000 })).toThrow(/needs 25000 shards, above 20000; raise the account's shard quota/);
  });

  it("refuses a non-positive peak", () => {
    expect(() => provisionedShardCount({ peakStreamMegabytesPerSecond: 0, peakEventsPerSecond: 10 })).toThrow(/must both be positive/);
  });
});

describe("realtimeConcurrency", () => {
  it("reserves one instance per shard and parallelization factor", () => {
    expect(realtimeConcurrency(ENVIRONMENTS.dev.capacity, { parallelizationFactor: 2 })).toBe(50);
    expect(realtimeConcurrency(ENVIRONMENTS.prod.capacity, ENVIRONMENTS.prod.streaming)).toBe(1_875);
  });
});
