import type { CapacityConfig, ValidationConfig } from "./environment-config";

/** Market data is bursty: the open and close carry several times the day's average rate. */
export const PEAK_TO_AVERAGE = 4;
/** Spare instances so a burst of retries or one slow object does not throttle the rest. */
export const HEADROOM = 2;

/**
 * Reserved concurrency of the validation function: enough instances for the peak ingest rate at
 * the measured per-instance throughput, with headroom; at least 2 (the SQS event source minimum).
 * 50 TB/day at 55 MB/s per instance gives 85.
 */
export function validationConcurrency(capacity: CapacityConfig, validation: ValidationConfig): number {
  const averageBytesPerSecond = (capacity.expectedTbPerDay * 1e12) / 86_400;
  const peakBytesPerSecond = averageBytesPerSecond * PEAK_TO_AVERAGE;
  const needed = Math.ceil((peakBytesPerSecond / (validation.perFunctionMegabytesPerSecond * 1e6)) * HEADROOM);
  return Math.min(1000, Math.max(2, needed));
}
