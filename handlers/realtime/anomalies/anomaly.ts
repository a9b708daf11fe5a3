import type { Dataset } from "../../validation/core";

/** Every kind the detectors raise: the `kind` dimension of AnomaliesDetected. */
export const ANOMALY_KINDS = ["price-jump", "crossed-quote", "locked-quote", "gap"] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** A market anomaly seen in one record of a batch (the record that shows it). */
export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly dataset: Dataset;
  readonly symbol: string;
  /** The record's own timestamp (`ts`), epoch milliseconds: event time, never arrival time. */
  readonly eventTimeMs: number;
  /** The Kinesis sequence number of that record. */
  readonly sequenceNumber: string;
  /**
   * Earlier records the anomaly was seen against (the previous trade of a jump, the tick before a
   * gap). If the alert cannot be sent they are returned as batch item failures too: Kinesis resumes
   * a shard from the lowest failed sequence number, so the retried batch holds them again and the
   * anomaly is seen again (retrying from the showing record alone would lose it).
   */
  readonly seenAgainst?: readonly string[];
  readonly detail: Readonly<Record<string, string | number>>;
}

/** One observation of a symbol, as the detectors see it after the shared rules ran. */
export interface Tick {
  readonly dataset: Dataset;
  readonly symbol: string;
  readonly eventTimeMs: number;
  readonly sequenceNumber: string;
}

export const MINUTE_MS = 60_000;

/** The alert de-duplication key: one alert per (kind, dataset, symbol, event-time minute). */
export function anomalyKey(anomaly: Anomaly): string {
  return `${anomaly.kind}|${anomaly.dataset}|${anomaly.symbol}|${Math.floor(anomaly.eventTimeMs / MINUTE_MS)}`;
}
