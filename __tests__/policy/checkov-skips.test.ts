import { readFileSync } from "node:fs";
import { join } from "node:path";
import { indexSynthesizedResources, readCheckovReport, type CheckovFinding } from "../../src/policy/checkov/findings";
import { applySkips, matchesResource, parseSkipList, type CheckovSkip } from "../../src/policy/checkov/skip-list";

const finding = (over: Partial<CheckovFinding> = {}): CheckovFinding => ({
  stack: "data-lake-dev",
  checkId: "CKV_AWS_338",
  checkName: "Ensure CloudWatch log groups retains logs for at least 1 year",
  resourceType: "aws_cloudwatch_log_group",
  path: "validation/function/logs/log-group",
  address: "aws_cloudwatch_log_group.validation_function_logs_log-group_E8A3D26F",
  file: "data-lake-dev/cdk.tf.json",
  ...over,
});
const REASON = "dev keeps logs 30 days: it holds no production data, so a year is paid for nothing";
const skip = (over: Partial<CheckovSkip> = {}): CheckovSkip => ({ check: "CKV_AWS_338", resources: ["aws_cloudwatch_log_group.**"], reason: REASON, ...over });
const STACKS = ["data-lake-dev", "data-lake-prod"];

describe("checkov skip patterns", () => {
  it.each([
    ["aws_cloudwatch_log_group.**", true],
    ["aws_cloudwatch_log_group.validation/function/logs/log-group", true],
    ["aws_cloudwatch_log_group.*/function/logs/log-group", true],
    ["aws_cloudwatch_log_group.*", false], // one segment only
    ["aws_cloudwatch_log_group.streaming/**", false],
    ["aws_s3_bucket.**", false], // another type
  ])("%s matches validation/function/logs/log-group: %s", (pattern, expected) => {
    expect(matchesResource(pattern, finding())).toBe(expected);
  });

  it("treats regex characters in a path literally", () => {
    expect(matchesResource("aws_s3_bucket.a.b", { resourceType: "aws_s3_bucket", path: "a.b" })).toBe(true);
    expect(matchesResource("aws_s3_bucket.a.b", { resourceType: "aws_s3_bucket", path: "aXb" })).toBe(false);
  });
});

describe("applySkips", () => {
  it("accepts a failure a skip names for its stack, and fails one in a stack the skip leaves out", () => {
    // Prepare
    const dev = finding();
    const prod = finding({ stack: "data-lake-prod", file: "data-lake-prod/cdk.tf.json" });

    // Act
    const outcome = applySkips([dev, prod], [skip({ stacks: ["data-lake-dev"] })], STACKS);

    // Assess
    expect(outcome.accepted.map((a) => a.finding)).toEqual([dev]);
    expect(outcome.failures).toEqual([prod]);
    expect(outcome.stale).toEqual([]);
  });

  it("fails a failure of another check on a skipped resource", () => {
    const other = finding({ checkId: "CKV_AWS_158" });

    expect(applySkips([other], [skip()], STACKS).failures).toEqual([other]);
  });

  it("reports a skip as stale in every default stack where its pattern matched nothing", () => {
    // Prepare: only dev still fails; the entry applies to both stacks by default.
    const outcome = applySkips([finding()], [skip()], STACKS);

    // Assess
    expect(outcome.failures).toEqual([]);
    expect(outcome.stale.map((s) => [s.pattern, s.stack])).toEqual([["aws_cloudwatch_log_group.**", "data-lake-prod"]]);
  });

  it("reports each pattern of an entry on its own, so one fixed resource cannot hide behind another", () => {
    const outcome = applySkips([finding()], [skip({ stacks: ["data-lake-dev"], resources: ["aws_cloudwatch_log_group.validation/**", "aws_cloudwatch_log_group.network/**"] })], STACKS);

    expect(outcome.stale.map((s) => s.pattern)).toEqual(["aws_cloudwatch_log_group.network/**"]);
  });
});

describe("parseSkipList", () => {
  it("reads the checked-in skip file", () => {
    const text = readFileSync(join(__dirname, "..", "..", "src", "policy", "checkov", "skips.yaml"), "utf8");

    const skips = parseSkipList(text, "skips.yaml");

    expect(skips.length).toBeGreaterThan(0);
    for (const s of skips) expect(s.reason.length).toBeGreaterThanOrEqual(40);
  });

  it.each([
    ["a missing list", "other: []", /top-level "skips:" list/],
    ["a bad check id", `skips:\n  - {check: AWS_338, resources: [a.b], reason: "${REASON}"}`, /skips\[0\]\.check must be a checkov id/],
    ["no resources", `skips:\n  - {check: CKV_AWS_338, resources: [], reason: "${REASON}"}`, /skips\[0\]\.resources must be a non-empty list/],
    ["a resource without a type", `skips:\n  - {check: CKV_AWS_338, resources: [bucket], reason: "${REASON}"}`, /skips\[0\]\.resources/],
    ["a short reason", "skips:\n  - {check: CKV_AWS_338, resources: [a.b], reason: cost}", /skips\[0\]\.reason must say why/],
    ["empty stacks", `skips:\n  - {check: CKV_AWS_338, resources: [a.b], stacks: [], reason: "${REASON}"}`, /skips\[0\]\.stacks/],
  ])("rejects %s naming the entry and field", (_label, text, message) => {
    expect(() => parseSkipList(text, "skips.yaml")).toThrow(message);
  });
});

describe("readCheckovReport", () => {
  const stackJson = {
    resource: {
      aws_cloudwatch_log_group: { "validation_function_logs_log-group_E8A3D26F": { "//": { metadata: { path: "data-lake-dev/validation/function/logs/log-group" } } } },
    },
  };
  const indexes = new Map([["data-lake-dev", indexSynthesizedResources(stackJson, "data-lake-dev")]]);
  const failed = (resource: string, file = "/data-lake-dev/cdk.tf.json") => ({ check_id: "CKV_AWS_338", check_name: "retention", resource, file_path: file, file_line_range: [3, 9] });

  it("restores the type checkov leaves out (resource.<name>) and the construct path, per stack", () => {
    // Prepare: the shapes checkov 3.3.30 prints for terraform_json (list of reports, one per framework).
    const output = JSON.stringify([
      { check_type: "terraform_json", summary: { passed: 10, failed: 1, parsing_errors: 0 }, results: { failed_checks: [failed("resource.validation_function_logs_log-group_E8A3D26F")] } },
      { check_type: "terraform", summary: { passed: 5, failed: 1, parsing_errors: 1 }, results: { failed_checks: [failed("aws_s3_bucket.state", "/bootstrap/main.tf")] } },
    ]);

    // Act
    const { findings, totals } = readCheckovReport(output, indexes);

    // Assess
    expect(totals).toEqual({ passed: 15, failed: 2, parsingErrors: 1 });
    expect(findings.map((f) => [f.stack, f.resourceType, f.path, f.line])).toEqual([
      ["data-lake-dev", "aws_cloudwatch_log_group", "validation/function/logs/log-group", 3],
      ["bootstrap", "aws_s3_bucket", "state", 3],
    ]);
  });

  it("reads a single report (one framework) too", () => {
    const output = JSON.stringify({ summary: { passed: 0, failed: 0, parsing_errors: 0 }, results: { failed_checks: [] } });

    expect(readCheckovReport(output, indexes)).toEqual({ findings: [], totals: { passed: 0, failed: 0, parsingErrors: 0 } });
  });
});
