import { Fn } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { policyDocument, s3TlsOnly } from "../../src/policy";
import { expectOneFinding, findingsOf, tlsOnlyPolicy } from "./support";

describe("MDL-S3-2 TLS only", () => {
  it("accepts a bucket policy denying s3:* to everyone when aws:SecureTransport is false", () => {
    // Prepare + Act
    const findings = findingsOf(s3TlsOnly, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      new S3BucketPolicy(scope, "policy", { bucket: bucket.id, policy: tlsOnlyPolicy(bucket) });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it('accepts the {"AWS": "*"} principal, "*" action and a boolean false', () => {
    // Prepare
    const statement = { Effect: "Deny", Principal: { AWS: ["*"] }, Action: "*", Resource: "*", Condition: { Bool: { "aws:securetransport": false } } };

    // Act
    const findings = findingsOf(s3TlsOnly, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      new S3BucketPolicy(scope, "policy", { bucket: bucket.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a bucket without a bucket policy", () => {
    // Prepare + Act
    const findings = findingsOf(s3TlsOnly, (scope) => new S3Bucket(scope, "bucket", {}));

    // Assess
    expectOneFinding(findings, s3TlsOnly, "stack/bucket", "aws:SecureTransport");
  });

  it("flags a bucket policy whose deny covers only some actions", () => {
    // Prepare + Act
    const findings = findingsOf(s3TlsOnly, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      const partial = policyDocument([
        { Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `${bucket.arn}/*`, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ]);
      new S3BucketPolicy(scope, "policy", { bucket: bucket.id, policy: partial });
    });

    // Assess
    expectOneFinding(findings, s3TlsOnly, "stack/bucket", '"s3:*"');
  });

  it("does not count another bucket's TLS policy that only mentions this bucket's ARN", () => {
    // Prepare + Act
    const findings = findingsOf(s3TlsOnly, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      const other = new S3Bucket(scope, "other", {});
      new S3BucketPolicy(scope, "policy", { bucket: other.id, policy: tlsOnlyPolicy(bucket) });
    });

    // Assess
    expect(findings.map((f) => f.path)).toEqual(["stack/bucket", "stack/other"]);
  });

  it("says so when the policy is not literal JSON", () => {
    // Prepare + Act
    const findings = findingsOf(s3TlsOnly, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      new S3BucketPolicy(scope, "policy", { bucket: bucket.id, policy: Fn.jsonencode({ Statement: [] }) });
    });

    // Assess
    expectOneFinding(findings, s3TlsOnly, "stack/bucket", "aws_s3_bucket_policy.policy is not literal JSON");
  });
});
