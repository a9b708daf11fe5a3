import type { Job } from "@aws-sdk/client-glue";
import { localArgv, metricFilterProblems, reconciliation, type OutputFacts, type Summary } from "../../scripts/e2e/glue-stage";

const facts = (overrides: { tradeSize?: number; barVolume?: number } = {}): OutputFacts => ({
  processed: { trades: { rows: 90, size: overrides.tradeSize ?? 5000 }, quotes: { rows: 40 }, bars: { rows: 10 } },
  curated: {
    bars_1m: { rows: 30, volume: overrides.barVolume ?? 5000, trade_count: 90 },
    daily_bars: { rows: 5, volume: overrides.barVolume ?? 5000, trade_count: 90 },
    quote_stats: { rows: 5, quote_count: 40 },
  },
});
const raw: Summary = { event: "raw-to-processed.summary", totals: { records_in: 150, rows_written: 140, duplicates_dropped: 10 } };

describe("reconciliation of the e2e's ETL stage", () => {
  it("passes when every count carries from validation to curated", () => {
    // Act
    const check = reconciliation({ accepted: 150, resent: 10 }, raw, facts());
    // Assess
    expect(check.problems).toEqual([]);
    expect(check.rows.every((r) => r[3] === "ok")).toBe(true);
  });

  it.each([
    ["a record lost between validation and the job", { accepted: 151, resent: 10 }, facts(), "validated records accepted = raw-to-processed records in: 151 != 150"],
    ["a resend kept as a second row", { accepted: 150, resent: 11 }, facts(), "duplicates dropped = records resent: 11 != 10"],
    ["bar volume that misses trades", { accepted: 150, resent: 10 }, facts({ barVolume: 4999 }), "processed trade sizes = 1-minute bar volume: 5000 != 4999"],
  ])("names the broken invariant: %s", (_case, validated, outputs, problem) => {
    // Act
    const check = reconciliation(validated, raw, outputs);
    // Assess
    expect(check.problems).toContain(problem);
    expect(check.rows.some((r) => r[3] === "MISMATCH")).toBe(true);
  });
});

describe("localArgv", () => {
  it("starts the script as Glue does, with every s3:// URI of the job's arguments in the local mirror", () => {
    // Prepare
    const job: Job = {
      Name: "mdl-dev-use1-raw-to-processed",
      DefaultArguments: { "--validated_path": "s3://raw/validated/", "--extra-py-files": "s3://code/lib/a.zip,s3://code/lib/b.zip", "--target_file_mb": "256" },
    };
    // Act
    const argv = localArgv("/w/r2p.py", job, "/w/s3");
    // Assess
    expect(argv).toEqual([
      "/w/r2p.py", "--JOB_NAME", "mdl-dev-use1-raw-to-processed",
      "--validated_path", "file:/w/s3/raw/validated/",
      "--extra-py-files", "file:/w/s3/code/lib/a.zip,file:/w/s3/code/lib/b.zip",
      "--target_file_mb", "256",
    ]);
  });
});

describe("metricFilterProblems", () => {
  const filter = (value: string, dimensions = { JobName: "$.job_name" }) => ({ name: "f", pattern: '{ $.event = "raw-to-processed.summary" }', metric_transformation: { name: "RecordsIn", value, dimensions } });
  const line = { event: "raw-to-processed.summary", job_name: "mdl-dev-use1-raw-to-processed", totals: { records_in: 7 } };

  it("accepts a filter whose value and dimensions are in the job's line", () => {
    expect(metricFilterProblems([filter("$.totals.records_in")], [line])).toEqual([]);
  });

  it.each([
    ["a value path the line does not have", [filter("$.totals.records")], [line], "$.totals.records is not a number"],
    ["a dimension the line does not have", [filter("$.totals.records_in", { JobName: "$.job" })], [line], "dimension JobName ($.job) is not in"],
    ["no line of its event", [filter("$.totals.records_in")], [{ ...line, event: "other.summary" }], 'no job printed a "raw-to-processed.summary" line'],
  ])("names %s", (_case, filters, lines, problem) => {
    expect(metricFilterProblems(filters, lines).join("\n")).toContain(problem);
  });
});
