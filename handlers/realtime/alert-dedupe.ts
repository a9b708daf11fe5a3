import { anomalyKey, type Anomaly } from "./anomalies/anomaly";

/** The anomalies that share one de-duplication key: they go out as one alert. */
export interface Alert {
  readonly key: string;
  /** The first anomaly of the key in the batch: what the alert says. */
  readonly anomaly: Anomaly;
  readonly occurrences: number;
  /** Every record that showed it, and the ones it was seen against: retried if the alert is not sent. */
  readonly sequenceNumbers: readonly string[];
}

/** Collapses a batch's anomalies into one alert per (kind, dataset, symbol, event-time minute). */
export function groupAnomalies(anomalies: readonly Anomaly[]): Alert[] {
  const groups = new Map<string, { anomaly: Anomaly; occurrences: number; sequenceNumbers: Set<string> }>();
  for (const anomaly of anomalies) {
    const key = anomalyKey(anomaly);
    let group = groups.get(key);
    if (group) {
      group.occurrences++;
    } else {
      groups.set(key, (group = { anomaly, occurrences: 1, sequenceNumbers: new Set() }));
    }
    group.sequenceNumbers.add(anomaly.sequenceNumber);
    for (const earlier of anomaly.seenAgainst ?? []) group.sequenceNumbers.add(earlier);
  }
  return [...groups].map(([key, g]) => ({ key, anomaly: g.anomaly, occurrences: g.occurrences, sequenceNumbers: [...g.sequenceNumbers] }));
}

/**
 * The keys of alerts already sent from this container, so a record Lambda delivers again (Kinesis
 * retries from the first failed record of a batch, good ones after it included) or the next batch
 * of the same minute does not alert twice. Bounded: past `maxKeys` the oldest keys are forgotten
 * (a Map keeps insertion order), ~100 bytes a key. Only keys whose publish succeeded are kept, so a
 * failed alert is sent again on the retry. Another container (a new one, or another shard's) does
 * not share this memory: alerts are at least once, at most one per key per container.
 */
export class SentAlertKeys {
  private readonly keys = new Map<string, true>();

  constructor(readonly maxKeys = 10_000) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.set(key, true);
    if (this.keys.size > this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
  }

  get size(): number {
    return this.keys.size;
  }
}
