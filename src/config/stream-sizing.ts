import type { CapacityConfig, StreamingConfig } from "./environment-config";

/**
 * Write capacity of one Kinesis shard, the same in both capacity modes (Kinesis Data Streams
 * developer guide, "Create and manage Kinesis data streams": 1 MB/s and 1,000 records/s for writes,
 * 2 MB/s for reads). A PutRecords over either is throttled (WriteProvisionedThroughputExceeded).
 */
export const SHARD_WRITE_MEGABYTES_PER_SECOND = 1;
export const SHARD_WRITE_RECORDS_PER_SECOND = 1_000;

/**
 * Spare shard capacity. Producers key records by symbol (order per symbol), and the MD5 hash of a
 * few hundred active symbols spreads unevenly over the shards' hash ranges; 1.25 keeps the fullest
 * shard under its limit at the configured peak. It cannot help a single symbol above 1,000 records/s:
 * one partition key always maps to one shard.
 */
export const SHARD_HEADROOM = 1.25;

/** Largest shard count the code derives; above it the default account quota (20,000 in us-east-1) needs raising first. */
export const MAX_DERIVED_SHARDS = 20_000;

/**
 * Shards a PROVISIONED stream needs for the peak write load, whichever of bytes and records binds:
 *   shards = ceil(max(peak MB/s / 1 MB/s, peak records/s / 1,000) x SHARD_HEADROOM), at least 1.
 * prod (300 MB/s, 1,500,000 records/s): records bind, 1,500 x 1.25 = 1,875 shards.
 */
export function provisionedShardCount(capacity: Pick<CapacityConfig, "peakEventsPerSecond" | "peakStreamMegabytesPerSecond">): number {
  const { peakEventsPerSecond, peakStreamMegabytesPerSecond } = capacity;
  if (!(peakEventsPerSecond > 0) || !(peakStreamMegabytesPerSecond > 0)) {
    throw new Error(`peakEventsPerSecond (${peakEventsPerSecond}) and peakStreamMegabytesPerSecond (${peakStreamMegabytesPerSecond}) must both be positive`);
  }
  const byBytes = peakStreamMegabytesPerSecond / SHARD_WRITE_MEGABYTES_PER_SECOND;
  const byRecords = peakEventsPerSecond / SHARD_WRITE_RECORDS_PER_SECOND;
  const shards = Math.max(1, Math.ceil(Math.max(byBytes, byRecords) * SHARD_HEADROOM));
  if (shards > MAX_DERIVED_SHARDS) {
    throw new Error(`the configured peak needs ${shards} shards, above ${MAX_DERIVED_SHARDS}; raise the account's shard quota and MAX_DERIVED_SHARDS, or aggregate records`);
  }
  return shards;
}

/**
 * Reserved concurrency of the real-time function: an event source mapping runs at most one batch per
 * shard and parallelization factor at a time, so it needs shards x factor instances, never more. For
 * ON_DEMAND the stream scales to about the same shard count for the same load, so the same figure applies.
 */
export function realtimeConcurrency(
  capacity: Pick<CapacityConfig, "peakEventsPerSecond" | "peakStreamMegabytesPerSecond">,
  streaming: Pick<StreamingConfig, "parallelizationFactor">,
): number {
  return provisionedShardCount(capacity) * streaming.parallelizationFactor;
}
