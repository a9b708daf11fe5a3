import { backfillArguments, parseBackfillRange, UsageError } from "../../../src/operations/glue";

describe("parseBackfillRange", () => {
  it("takes a dataset and a range of real dates, both included", () => {
    // Act
    const range = parseBackfillRange({ dataset: "trades", from: "2026-01-05", to: "2026-01-09" });
    // Assess
    expect(range).toEqual({ datasets: ["trades"], from: "2026-01-05", to: "2026-01-09" });
  });

  it("takes a comma-separated list of datasets, in the lake's order, and a one-day range", () => {
    // Act
    const range = parseBackfillRange({ dataset: "bars, trades", from: "2024-02-29", to: "2024-02-29" });
    // Assess
    expect(range.datasets).toEqual(["trades", "bars"]);
  });

  it("takes 366 days, the jobs' limit (a leap year)", () => {
    // Act
    const range = parseBackfillRange({ dataset: "quotes", from: "2024-01-01", to: "2024-12-31" });
    // Assess
    expect(range.to).toBe("2024-12-31");
  });

  it.each([
    [{ from: "2026-01-05", to: "2026-01-05" }, "--dataset: required for backfill; allowed values are trades, quotes, bars"],
    [{ dataset: "trade", from: "2026-01-05", to: "2026-01-05" }, '--dataset: got "trade", allowed values are trades, quotes, bars'],
    [{ dataset: "trades,trades", from: "2026-01-05", to: "2026-01-05" }, '--dataset: got "trades,trades", allowed values are trades, quotes, bars (or a comma-separated list of distinct ones)'],
    [{ dataset: "trades", to: "2026-01-05" }, "--from: required for backfill; allowed values are calendar dates as YYYY-MM-DD"],
    [{ dataset: "trades", from: "2026-1-05", to: "2026-01-05" }, '--from: got "2026-1-05", allowed values are calendar dates as YYYY-MM-DD'],
    [{ dataset: "trades", from: "2026-01-05", to: "2025-02-29" }, '--to: got "2025-02-29", allowed values are calendar dates as YYYY-MM-DD'],
    [{ dataset: "trades", from: "2026-01-05", to: "2026-01-04" }, '--to: got "2026-01-04", allowed values are dates on or after --from 2026-01-05'],
    [{ dataset: "trades", from: "2024-01-01", to: "2025-01-01" }, '--to: got "2025-01-01", allowed values are at most 366 days from --from 2024-01-01 (both included), the jobs\' limit'],
  ])("refuses %j naming the flag and what it allows", (input, message) => {
    // Act
    const parse = () => parseBackfillRange(input);
    // Assess
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });
});

describe("backfillArguments", () => {
  const range = { datasets: ["trades", "quotes"] as const, from: "2026-01-05", to: "2026-01-09" };

  it("gives raw-to-processed backfill mode, the datasets, the dates and a paused bookmark", () => {
    // Act
    const args = backfillArguments("rawToProcessed", range);
    // Assess
    expect(args).toEqual({ "--mode": "backfill", "--datasets": "trades,quotes", "--from_date": "2026-01-05", "--to_date": "2026-01-09", "--job-bookmark-option": "job-bookmark-pause" });
  });

  it("gives processed-to-curated no --datasets, which its arguments do not take", () => {
    // Act
    const args = backfillArguments("processedToCurated", range);
    // Assess
    expect(args).toEqual({ "--mode": "backfill", "--from_date": "2026-01-05", "--to_date": "2026-01-09", "--job-bookmark-option": "job-bookmark-pause" });
  });
});
