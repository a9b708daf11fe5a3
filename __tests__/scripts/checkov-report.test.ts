import { readCheckovReport, type CheckovFinding } from "../../src/policy/checkov/findings";
import { applySkips, type CheckovSkip } from "../../src/policy/checkov/skip-list";
import { acceptedByCheck, CHECKOV_TERRAFORM_INDEX, formatFailure, formatStale, guidelineOf } from "../../scripts/lib/checkov-report";

const finding = (over: Partial<CheckovFinding> = {}): CheckovFinding => ({
  stack: "data-lake-prod",
  checkId: "CKV_AWS_338",
  checkName: "Ensure CloudWatch log groups retains logs for at least 1 year",
  resourceType: "aws_cloudwatch_log_group",
  path: "validation/function/logs/log-group",
  address: "aws_cloudwatch_log_group.validation_function_logs_log-group_E8A3D26F",
  file: "data-lake-prod/cdk.tf.json",
  line: 120,
  ...over,
});
const skip = (over: Partial<CheckovSkip> = {}): CheckovSkip => ({
  check: "CKV_AWS_338",
  resources: ["aws_cloudwatch_log_group.**"],
  stacks: ["data-lake-dev"],
  reason: "dev keeps logs 30 days: it holds no production data, so a year is paid for nothing",
  ...over,
});

describe("checkov failure lines", () => {
  it("name the check, stack, construct path, Terraform address, file and line, and a guideline", () => {
    const line = formatFailure(finding());

    expect(line).toBe(
      "FAILED CKV_AWS_338 data-lake-prod aws_cloudwatch_log_group.validation/function/logs/log-group " +
        "[aws_cloudwatch_log_group.validation_function_logs_log-group_E8A3D26F] (data-lake-prod/cdk.tf.json:120): " +
        `Ensure CloudWatch log groups retains logs for at least 1 year; guideline: ${CHECKOV_TERRAFORM_INDEX} (CKV_AWS_338)`,
    );
  });

  it("point into the scanned directory when given", () => {
    expect(formatFailure(finding(), "build/checkov/scan/")).toContain("(build/checkov/scan/data-lake-prod/cdk.tf.json:120)");
  });

  it("use checkov's own guideline when its report carries one, else its policy index", () => {
    expect(guidelineOf({ checkId: "CKV_AWS_338", guideline: "https://docs.example/ckv-aws-338" })).toBe("https://docs.example/ckv-aws-338");
    expect(guidelineOf({ checkId: "CKV_AWS_61" })).toBe(`${CHECKOV_TERRAFORM_INDEX} (CKV_AWS_61)`);
  });

  it("carry the guideline from checkov's JSON into the finding (null offline)", () => {
    const failed = (guideline: string | null) => ({ check_id: "CKV_AWS_338", check_name: "retention", resource: "aws_s3_bucket.state", file_path: "/bootstrap/main.tf", guideline });
    const output = JSON.stringify({ summary: { passed: 1, failed: 2 }, results: { failed_checks: [failed("https://g/1"), failed(null)] } });

    const { findings } = readCheckovReport(output, new Map());

    expect(findings.map((f) => f.guideline)).toEqual(["https://g/1", undefined]);
  });
});

describe("the scan outcome as the runner reports it", () => {
  it("a prod failure that only a dev skip names is reported failed, and the dev skip is stale", () => {
    // Prepare: prod keeps logs 731 days in the real config; here a prod log group fails as if it did not.
    const outcome = applySkips([finding()], [skip()], ["data-lake-dev", "data-lake-prod"]);

    // Assess
    expect(outcome.failures.map((f) => formatFailure(f))).toEqual([expect.stringMatching(/^FAILED CKV_AWS_338 data-lake-prod /)]);
    expect(outcome.stale.map((s) => formatStale(s, "skips.yaml"))).toEqual([
      "STALE SKIP CKV_AWS_338 aws_cloudwatch_log_group.** in data-lake-dev: matches no failure; remove it from skips.yaml",
    ]);
  });

  it("a compliant run: every failure accepted, counted per check, nothing stale", () => {
    const dev = finding({ stack: "data-lake-dev", file: "data-lake-dev/cdk.tf.json" });
    const role = finding({ stack: "data-lake-dev", checkId: "CKV_AWS_61", resourceType: "aws_iam_role", path: "producer-exchange-feed/role/role" });
    const skips = [skip(), skip({ check: "CKV_AWS_61", resources: ["aws_iam_role.producer-*/role/role"] })];

    const outcome = applySkips([dev, dev, role], skips, ["data-lake-dev"]);

    expect(outcome.failures).toEqual([]);
    expect(outcome.stale).toEqual([]);
    expect(acceptedByCheck(outcome)).toBe("CKV_AWS_338 x2, CKV_AWS_61 x1");
  });
});
