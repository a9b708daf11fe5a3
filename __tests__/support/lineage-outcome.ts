import type { LineageOutcome } from "../../handlers/validation/lineage-store";

/** A small VALIDATED outcome of three clean trades; `overrides` change what a test is about. */
export function validatedOutcome(overrides: Partial<LineageOutcome> = {}): LineageOutcome {
  return {
    status: "VALIDATED",
    dataset: "trades",
    date: "2026-11-20",
    recordsIn: 3,
    accepted: 3,
    quarantined: 0,
    flagged: 0,
    rejectedByRule: {},
    flaggedByRule: {},
    bytesRead: 120,
    outputs: { validated: "validated/x.jsonl.gz" },
    durationMs: 5,
    ...overrides,
  };
}
