/**
 * Which Step Functions workflow type the market events saga runs as, from what each costs at the
 * configured peak (AWS Step Functions pricing, us-east-1, checked 2026-12):
 * - Standard: $0.025 per 1,000 state transitions, retries included;
 * - Express: $1.00 per million requests plus $0.00001667 per GB-second, duration rounded up to
 *   100 ms and memory billed in 64 MB chunks; at most 5 minutes per execution.
 * Express is at-least-once (an asynchronous start may run twice), so the saga's Store step must be
 * idempotent (a conditional write on the event id) whichever type is chosen; Standard's
 * exactly-once start does not make the Lambda tasks inside it exactly-once either.
 */
export const STANDARD_USD_PER_TRANSITION = 0.025 / 1_000;
export const EXPRESS_USD_PER_REQUEST = 1 / 1_000_000;
export const EXPRESS_USD_PER_GB_SECOND = 0.00001667;
export const EXPRESS_MAX_SECONDS = 300;

/** What one saga execution looks like. */
export interface SagaShape {
  /** States entered per event on the happy path (Validate, Enrich, Store, Publish and the end states). */
  readonly transitionsPerEvent: number;
  /** Wall time of one execution (s). */
  readonly secondsPerExecution: number;
  /** Memory Step Functions bills an execution for (definition + payload), MB. */
  readonly memoryMb: number;
}

export interface WorkflowCost {
  readonly type: "STANDARD" | "EXPRESS";
  readonly usdPerMillionEvents: number;
  /** At the peak rate all day: the upper bound of a day's bill. */
  readonly usdPerDayAtPeak: number;
}

const dayAtPeak = (peakEventsPerMinute: number, usdPerMillion: number) => (peakEventsPerMinute * 60 * 24 * usdPerMillion) / 1_000_000;

/** Both types' cost of one million events and of a day at `peakEventsPerMinute`, cheapest first. */
export function workflowCosts(peakEventsPerMinute: number, saga: SagaShape): readonly [WorkflowCost, WorkflowCost] {
  if (!(peakEventsPerMinute > 0)) throw new Error(`peakEventsPerMinute ${peakEventsPerMinute} must be positive`);
  const standard = saga.transitionsPerEvent * STANDARD_USD_PER_TRANSITION * 1_000_000;
  const billedSeconds = Math.ceil(saga.secondsPerExecution * 10) / 10;
  const billedGb = (Math.ceil(saga.memoryMb / 64) * 64) / 1024;
  const express = (EXPRESS_USD_PER_REQUEST + billedSeconds * billedGb * EXPRESS_USD_PER_GB_SECOND) * 1_000_000;
  const costs: WorkflowCost[] = [
    { type: "STANDARD", usdPerMillionEvents: standard, usdPerDayAtPeak: dayAtPeak(peakEventsPerMinute, standard) },
    { type: "EXPRESS", usdPerMillionEvents: express, usdPerDayAtPeak: dayAtPeak(peakEventsPerMinute, express) },
  ];
  return costs.sort((a, b) => a.usdPerMillionEvents - b.usdPerMillionEvents) as [WorkflowCost, WorkflowCost];
}

/**
 * The type to run: the cheaper one that can run the saga (Express only when an execution fits its
 * 5 minutes). The saga here: Validate -> Enrich -> Store -> Publish -> Succeed, 5 transitions, about
 * 0.5 s of Lambda and DynamoDB calls, 64 MB. At prod's 100,000 events a minute:
 *   Standard: 5 x $0.000025 = $125 per million events; 144 M events a day at peak = $18,000/day.
 *   Express:  $1 + 1 M x 0.5 s x 0.0625 GB x $0.00001667 = $1.52 per million; $219/day at peak.
 * Express is ~82x cheaper, and the saga needs none of Standard's extras (a year of duration,
 * execution history, callbacks); its history goes to the CloudWatch log group (logging ALL).
 */
export function chooseWorkflowType(peakEventsPerMinute: number, saga: SagaShape): WorkflowCost & { readonly why: string } {
  const [cheaper, other] = workflowCosts(peakEventsPerMinute, saga);
  const fits = (c: WorkflowCost) => c.type === "STANDARD" || saga.secondsPerExecution <= EXPRESS_MAX_SECONDS;
  const chosen = fits(cheaper) ? cheaper : other;
  const rejected = chosen === cheaper ? other : cheaper;
  const usd = (n: number) => `$${n.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
  return {
    ...chosen,
    why:
      `${chosen.type} at ${usd(chosen.usdPerMillionEvents)} per million events (${usd(chosen.usdPerDayAtPeak)}/day at ${peakEventsPerMinute.toLocaleString("en-US")} events/min) ` +
      (chosen === cheaper ? `vs ${rejected.type} at ${usd(rejected.usdPerMillionEvents)} (${usd(rejected.usdPerDayAtPeak)}/day)` : `: ${rejected.type} is cheaper but an execution of ${saga.secondsPerExecution} s exceeds its ${EXPRESS_MAX_SECONDS} s`),
  };
}

/** The saga's shape as designed (issue #13): five states, one Lambda call or DynamoDB write each. */
export const MARKET_EVENTS_SAGA: SagaShape = { transitionsPerEvent: 5, secondsPerExecution: 0.5, memoryMb: 64 };
