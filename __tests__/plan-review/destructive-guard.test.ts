import { checkDestructiveChanges, STATEFUL_RESOURCE_TYPES } from "../../src/plan-review";
import { changeAt, loadPlan, withChange } from "./support";

describe("destructive-change guard", () => {
  const plan = loadPlan("update-replace-delete");

  it("trips on the recorded bucket delete and log group replace, saying what, why and how to allow it", () => {
    // Prepare + Act
    const result = checkDestructiveChanges(plan.resource_changes);
    // Assess
    expect(result.violations.map((v) => [v.address, v.kind])).toEqual([
      ["aws_cloudwatch_log_group.ingest", "replace"],
      ["aws_s3_bucket.landing", "delete"],
    ]);
    const [logGroup, bucket] = result.violations;
    expect(logGroup.message).toMatch(/^aws_cloudwatch_log_group\.ingest would be REPLACED .* because changing name forces a new resource\./);
    expect(logGroup.message).toContain("Why this is dangerous: a log group holds logs");
    expect(bucket.message).toMatch(/^aws_s3_bucket\.landing would be DELETED because its configuration was removed \(if it was renamed .*moved block/);
    expect(bucket.message).toContain("--allow-destroy 'aws_s3_bucket.landing'");
  });

  it("passes when both are allow-listed, and reports them as allowed", () => {
    // Prepare
    const allowList = ["aws_s3_bucket.landing", "aws_cloudwatch_log_group.ingest"];
    // Act
    const result = checkDestructiveChanges(plan.resource_changes, allowList);
    // Assess
    expect(result.violations).toEqual([]);
    expect(result.allowed.map((a) => a.address).sort()).toEqual([...allowList].sort());
    expect(result.unusedAllowances).toEqual([]);
  });

  it("still trips on what is not allow-listed, and names allow-list entries that match nothing", () => {
    // Prepare + Act
    const result = checkDestructiveChanges(plan.resource_changes, ["aws_s3_bucket.landing", "aws_s3_bucket.landng"]);
    // Assess
    expect(result.violations.map((v) => v.address)).toEqual(["aws_cloudwatch_log_group.ingest"]);
    expect(result.unusedAllowances).toEqual(["aws_s3_bucket.landng"]);
  });

  it("ignores updates of stateful resources and a first apply", () => {
    // Prepare + Act
    const onChanges = checkDestructiveChanges(plan.resource_changes);
    const onCreate = checkDestructiveChanges(loadPlan("create").resource_changes);
    // Assess: the KMS key's policy and rotation change in place
    expect(onChanges.violations.map((v) => v.type)).not.toContain("aws_kms_key");
    expect(onCreate).toEqual({ violations: [], allowed: [], unusedAllowances: [] });
  });

  it("ignores the deletion of a resource that holds no data", () => {
    // Prepare: the recorded landing-bucket delete, as if it were a queue policy
    const deletion = withChange(changeAt(plan, "aws_s3_bucket.landing"), {}, { type: "aws_sqs_queue_policy", address: "aws_sqs_queue_policy.x" });
    // Act
    const result = checkDestructiveChanges([deletion]);
    // Assess
    expect(result.violations).toEqual([]);
  });

  it.each(Object.keys(STATEFUL_RESOURCE_TYPES))("guards %s with a reason", (type) => {
    // Prepare
    const deletion = withChange(changeAt(plan, "aws_s3_bucket.landing"), {}, { type, address: `${type}.main` });
    // Act
    const [violation] = checkDestructiveChanges([deletion]).violations;
    // Assess
    expect(violation.address).toBe(`${type}.main`);
    expect(violation.message).toContain(STATEFUL_RESOURCE_TYPES[type]);
  });

  it("covers the stateful types of the lake's design", () => {
    // Prepare + Act + Assess
    expect(Object.keys(STATEFUL_RESOURCE_TYPES).sort()).toEqual(
      [
        "aws_cloudwatch_log_group",
        "aws_dynamodb_table",
        "aws_glue_catalog_database",
        "aws_glue_catalog_table",
        "aws_kinesis_stream",
        "aws_kms_key",
        "aws_s3_bucket",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_versioning",
        "aws_sqs_queue",
      ],
    );
  });
});
