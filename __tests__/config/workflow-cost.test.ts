import { ENVIRONMENTS } from "../../src/config/environments";
import { chooseWorkflowType, MARKET_EVENTS_SAGA, workflowCosts } from "../../src/config/workflow-cost";

describe("Step Functions workflow type from cost", () => {
  it("prices both types per million events and per day at the peak, by hand", () => {
    // Act
    const costs = workflowCosts(100_000, MARKET_EVENTS_SAGA);

    // Assess: Standard 5 x $0.000025 = $125/M; Express $1 + 0.5 s x 64 MB (0.0625 GB) x $0.00001667 = $1.5209/M.
    const byType = Object.fromEntries(costs.map((c) => [c.type, c]));
    expect(byType.STANDARD!.usdPerMillionEvents).toBeCloseTo(125, 6);
    expect(byType.EXPRESS!.usdPerMillionEvents).toBeCloseTo(1.520938, 5);
    // 100,000/min x 1,440 min = 144 M events a day at peak.
    expect(byType.STANDARD!.usdPerDayAtPeak).toBeCloseTo(18_000, 3);
    expect(byType.EXPRESS!.usdPerDayAtPeak).toBeCloseTo(219.015, 2);
    expect(costs[0]!.type).toBe("EXPRESS");
  });

  it("bills Express duration in 100 ms steps and memory in 64 MB chunks", () => {
    const [express] = workflowCosts(60, { transitionsPerEvent: 5, secondsPerExecution: 0.41, memoryMb: 65 });

    // 0.5 s x 128 MB = 0.5 x 0.125 GB x $0.00001667 = $1.0419e-6, + $1e-6
    expect(express!.usdPerMillionEvents).toBeCloseTo(2.041875, 5);
  });

  it("chooses Express for prod's peak, saying why with the figures", () => {
    const chosen = chooseWorkflowType(ENVIRONMENTS.prod!.capacity.peakMarketEventsPerMinute, MARKET_EVENTS_SAGA);

    expect(chosen.type).toBe("EXPRESS");
    expect(chosen.why).toBe("EXPRESS at $1.52 per million events ($219.02/day at 100,000 events/min) vs STANDARD at $125 ($18,000/day)");
  });

  it("falls back to Standard when an execution cannot fit Express's 5 minutes", () => {
    const chosen = chooseWorkflowType(100_000, { transitionsPerEvent: 5_000, secondsPerExecution: 301, memoryMb: 64 });

    expect(chosen.type).toBe("STANDARD");
    expect(chosen.why).toMatch(/: EXPRESS is cheaper but an execution of 301 s exceeds its 300 s$/);
  });

  it("refuses a peak that is not positive", () => {
    expect(() => workflowCosts(0, MARKET_EVENTS_SAGA)).toThrow("peakEventsPerMinute 0 must be positive");
  });
});
