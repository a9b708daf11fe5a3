import type { Construct } from "constructs";
import { LakeKey } from "../../src/constructs/lake-key";
import { SecureBucket, type SecureBucketProps } from "../../src/constructs/secure-bucket";
import { nameAt, policyIn, refTo, resourceAt, resourcesOf, statement, synthScope } from "../support/synth";

const ACCOUNT = "123456789012";

function lakeBucket(scope: Construct, extra: Partial<SecureBucketProps> = {}): SecureBucket {
  const logs = new SecureBucket(scope, "logs", {
    bucketName: "mdl-dev-use1-access-logs-123456789012",
    accountId: ACCOUNT,
    receivesAccessLogs: true,
    encryption: { kind: "s3-managed", justification: "S3 server access log delivery supports only SSE-S3 destinations" },
  });
  const key = new LakeKey(scope, "key", { aliasName: "alias/raw", description: "raw", accountId: ACCOUNT, region: "us-east-1" });
  return new SecureBucket(scope, "raw", {
    bucketName: "mdl-dev-use1-raw-123456789012",
    accountId: ACCOUNT,
    encryption: { kind: "kms", key },
    accessLogsTo: logs,
    ...extra,
  });
}

describe("SecureBucket", () => {
  it("is versioned, destroy-protected and never force-destroyed", () => {
    const json = synthScope((scope) => lakeBucket(scope));
    expect(resourceAt(json, "aws_s3_bucket", "raw/bucket")).toEqual({ bucket: "mdl-dev-use1-raw-123456789012", force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(resourceAt(json, "aws_s3_bucket_versioning", "raw/versioning")).toMatchObject({ versioning_configuration: { status: "Enabled" } });
  });

  it("encrypts by default with its CMK and S3 bucket keys", () => {
    const json = synthScope((scope) => lakeBucket(scope));
    expect(resourceAt(json, "aws_s3_bucket_server_side_encryption_configuration", "raw/encryption").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: refTo(json, "aws_kms_key", "key/key", "arn") }, bucket_key_enabled: true },
    ]);
  });

  it("blocks every kind of public access and disables ACLs", () => {
    const json = synthScope((scope) => lakeBucket(scope));
    expect(resourceAt(json, "aws_s3_bucket_public_access_block", "raw/public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(json, "aws_s3_bucket_ownership_controls", "raw/ownership").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it("ships server access logs to the log bucket under its own prefix", () => {
    const json = synthScope((scope) => lakeBucket(scope));
    expect(resourceAt(json, "aws_s3_bucket_logging", "raw/access-logging")).toMatchObject({
      bucket: refTo(json, "aws_s3_bucket", "raw/bucket", "id"),
      target_bucket: refTo(json, "aws_s3_bucket", "logs/bucket", "id"),
      target_prefix: "mdl-dev-use1-raw-123456789012/",
    });
  });

  it("denies plain HTTP and uploads asking for another algorithm or key", () => {
    const json = synthScope((scope) => lakeBucket(scope));
    const policyResource = resourceAt(json, "aws_s3_bucket_policy", "raw/policy");
    const doc = policyIn(policyResource);
    const bucketArn = refTo(json, "aws_s3_bucket", "raw/bucket", "arn");
    expect(statement(doc, "DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(statement(doc, "DenyOtherEncryptionAlgorithms").Condition).toEqual({
      StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      Null: { "s3:x-amz-server-side-encryption": "false" },
    });
    expect(statement(doc, "DenyOtherKmsKeys").Condition).toMatchObject({
      StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": refTo(json, "aws_kms_key", "key/key", "arn") },
    });
    // aws:kms without a key id would use the AWS-managed aws/s3 key, not the bucket's
    expect(statement(doc, "DenyKmsWithoutKeyId")).toMatchObject({
      Effect: "Deny",
      Action: "s3:PutObject",
      Condition: { StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" }, Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" } },
    });
    // The policy is applied only after the public access block.
    expect(policyResource.depends_on).toEqual([`aws_s3_bucket_public_access_block.${nameAt(json, "aws_s3_bucket_public_access_block", "raw/public-access-block")}`]);
  });

  it("lets only S3 log delivery of its own account write to the access-log bucket, and suppresses the rules that cannot apply there", () => {
    let logs: SecureBucket | undefined;
    const json = synthScope((scope) => {
      logs = lakeBucket(scope).node.scope!.node.findChild("logs") as SecureBucket;
    });
    const doc = policyIn(resourceAt(json, "aws_s3_bucket_policy", "logs/policy"));
    expect(statement(doc, "AllowServerAccessLogDelivery")).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    });
    expect(statement(doc, "DenyOtherEncryptionAlgorithms").Condition).toMatchObject({ StringNotEquals: { "s3:x-amz-server-side-encryption": "AES256" } });
    expect(resourceAt(json, "aws_s3_bucket_server_side_encryption_configuration", "logs/encryption").rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(resourcesOf(json, "aws_s3_bucket_logging").map(([name]) => name)).not.toContainEqual(expect.stringMatching(/^logs_/));
    const suppressed = logs!.node.metadata.filter((m) => m.type === "guardrails:suppressions").map((m) => (m.data as { id: string }).id);
    expect(suppressed).toEqual(["MDL-ENC-1", "MDL-LOG-1"]);
  });

  it("applies lifecycle rules after versioning and sends events to EventBridge when asked", () => {
    const json = synthScope((scope) => lakeBucket(scope, { lifecycleRules: [{ id: "expire", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 30 }] }], eventBridgeNotifications: true }));
    const lifecycle = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "raw/lifecycle");
    expect(lifecycle.rule).toEqual([{ id: "expire", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 30 }] }]);
    expect(lifecycle.depends_on).toEqual([`aws_s3_bucket_versioning.${nameAt(json, "aws_s3_bucket_versioning", "raw/versioning")}`]);
    expect(resourceAt(json, "aws_s3_bucket_notification", "raw/notifications")).toMatchObject({ eventbridge: true });
  });

  it("leaves out conditioned denies only when told to (local API server mode)", () => {
    const json = synthScope((scope) => lakeBucket(scope, { enforceConditionalDenies: false }));
    expect(policyIn(resourceAt(json, "aws_s3_bucket_policy", "raw/policy")).Statement.filter((s) => s.Effect === "Deny")).toEqual([]);
  });

  it("takes extra statements, e.g. partner grants", () => {
    const json = synthScope((scope) => {
      const bucket = lakeBucket(scope);
      bucket.addToResourcePolicy({ Sid: "PartnerRead", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/x" }, Action: "s3:GetObject", Resource: bucket.objectsArn("dataset=") });
    });
    expect(statement(policyIn(resourceAt(json, "aws_s3_bucket_policy", "raw/policy")), "PartnerRead").Resource).toBe(`${refTo(json, "aws_s3_bucket", "raw/bucket", "arn")}/dataset=*`);
  });

  it("refuses a bucket without access logging, or one that logs while receiving logs", () => {
    const key = (scope: Construct) => new LakeKey(scope, "key", { aliasName: "alias/k", description: "k", accountId: ACCOUNT, region: "us-east-1" });
    expect(() => synthScope((scope) => new SecureBucket(scope, "b", { bucketName: "b-123", accountId: ACCOUNT, encryption: { kind: "kms", key: key(scope) } }))).toThrow(
      /set accessLogsTo \(the access-log bucket\) or receivesAccessLogs: true/,
    );
    expect(() =>
      synthScope((scope) => {
        const logs = new SecureBucket(scope, "logs", { bucketName: "logs-123", accountId: ACCOUNT, receivesAccessLogs: true, encryption: { kind: "s3-managed", justification: "S3 server access log delivery supports only SSE-S3" } });
        new SecureBucket(scope, "b", { bucketName: "b-123", accountId: ACCOUNT, encryption: { kind: "kms", key: key(scope) }, accessLogsTo: logs, receivesAccessLogs: true });
      }),
    ).toThrow(/must not ship its own logs/);
  });
});
