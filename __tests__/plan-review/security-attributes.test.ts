import { findSecurityChanges, KNOWN_AFTER_APPLY, SENSITIVE } from "../../src/plan-review";
import { changeAt, loadPlan, withChange } from "./support";

describe("security-relevant attribute changes", () => {
  const plan = loadPlan("update-replace-delete");

  it("lists the recorded retention, key, rotation, public access and versioning changes with before and after", () => {
    // Prepare + Act
    const found = findSecurityChanges(plan.resource_changes).map((s) => [s.address, s.attribute, s.before, s.after]);
    // Assess
    expect(found).toEqual([
      ["aws_cloudwatch_log_group.ingest", "kms_key_id", "", expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\//)],
      ["aws_cloudwatch_log_group.ingest", "retention_in_days", 7, 30],
      ["aws_kms_key.lake", "enable_key_rotation", false, true],
      ["aws_s3_bucket_public_access_block.archive", "block_public_policy", true, false],
      ["aws_s3_bucket_versioning.archive", "versioning_configuration[0].status", "Enabled", "Suspended"],
      ["aws_sqs_queue.events", "kms_master_key_id", "", expect.any(String)],
    ]);
  });

  it("says why each one matters", () => {
    // Prepare + Act
    const retention = findSecurityChanges(plan.resource_changes).find((s) => s.attribute === "retention_in_days");
    // Assess
    expect(retention?.why).toMatch(/how long/);
  });

  it("has nothing to compare in a first apply", () => {
    // Prepare + Act + Assess
    expect(findSecurityChanges(loadPlan("create").resource_changes)).toEqual([]);
  });

  it("shows a value that is only known after apply as such", () => {
    // Prepare: the queue's new key comes from a key created in the same apply
    const queue = changeAt(plan, "aws_sqs_queue.events");
    const after = { ...(queue.change.after as Record<string, unknown>) };
    delete after.kms_master_key_id;
    const pending = withChange(queue, { after, after_unknown: { kms_master_key_id: true } });
    // Act
    const [change] = findSecurityChanges([pending]);
    // Assess
    expect(change).toMatchObject({ attribute: "kms_master_key_id", after: KNOWN_AFTER_APPLY });
  });

  it("never repeats a sensitive value", () => {
    // Prepare
    const logGroup = changeAt(plan, "aws_cloudwatch_log_group.ingest");
    const hidden = withChange(logGroup, { after_sensitive: { kms_key_id: true } });
    // Act
    const change = findSecurityChanges([hidden]).find((s) => s.attribute === "kms_key_id");
    // Assess
    expect(change?.after).toBe(SENSITIVE);
  });

  it("compares a security group rule list as one attribute", () => {
    // Prepare
    const rule = (cidr: string) => [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: [cidr] }];
    const group = withChange(changeAt(plan, "aws_sqs_queue.events"), { before: { ingress: rule("10.0.0.0/16") }, after: { ingress: rule("0.0.0.0/0") }, after_unknown: {} }, { type: "aws_security_group", address: "aws_security_group.workload" });
    // Act
    const found = findSecurityChanges([group]);
    // Assess
    expect(found.map((s) => s.attribute)).toEqual(["ingress"]);
    expect(found[0].why).toBe("network reachability");
  });
});
