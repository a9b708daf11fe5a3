import type { Anomaly, Tick } from "./anomaly";

/**
 * Gaps: longer than `maxGapSeconds` between consecutive ticks of a symbol (per dataset: a quiet
 * trade tape with quotes flowing is still a trades gap) within the batch. Ticks are ordered by
 * event time first, so a late record that fills a hole closes it instead of opening two. The
 * anomaly belongs to the tick that ends the gap. O(n log n) in the batch size (<= 10,000 records).
 */
export function detectGaps(ticks: readonly Tick[], maxGapSeconds: number): Anomaly[] {
  const bySymbol = new Map<string, Tick[]>();
  for (const tick of ticks) {
    const key = `${tick.dataset}|${tick.symbol}`;
    const list = bySymbol.get(key);
    if (list) list.push(tick);
    else bySymbol.set(key, [tick]);
  }
  const limitMs = maxGapSeconds * 1000;
  const anomalies: Anomaly[] = [];
  for (const list of bySymbol.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.eventTimeMs - b.eventTimeMs);
    for (let i = 1; i < list.length; i++) {
      const gapMs = list[i]!.eventTimeMs - list[i - 1]!.eventTimeMs;
      if (gapMs > limitMs) {
        anomalies.push({
          kind: "gap",
          ...list[i]!,
          seenAgainst: [list[i - 1]!.sequenceNumber],
          detail: { gapSeconds: gapMs / 1000, maxGapSeconds, previousTick: new Date(list[i - 1]!.eventTimeMs).toISOString() },
        });
      }
    }
  }
  return anomalies;
}
