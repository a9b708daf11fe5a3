import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { s3PublicAccessBlocked } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const ALL_BLOCKED = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

describe("MDL-S3-1 public access blocked", () => {
  it("accepts a bucket whose public access block sets all four flags", () => {
    // Prepare + Act
    const findings = findingsOf(s3PublicAccessBlocked, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      new S3BucketPublicAccessBlock(scope, "public-access", { bucket: bucket.id, ...ALL_BLOCKED });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("accepts a public access block that names the bucket literally", () => {
    // Prepare + Act
    const findings = findingsOf(s3PublicAccessBlocked, (scope) => {
      new S3Bucket(scope, "bucket", { bucket: "mdl-raw" });
      new S3BucketPublicAccessBlock(scope, "public-access", { bucket: "mdl-raw", ...ALL_BLOCKED });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a bucket without a public access block", () => {
    // Prepare + Act
    const findings = findingsOf(s3PublicAccessBlocked, (scope) => new S3Bucket(scope, "bucket", {}));

    // Assess
    expectOneFinding(findings, s3PublicAccessBlocked, "stack/bucket", "aws_s3_bucket_public_access_block");
  });

  it("names the flag that is left open", () => {
    // Prepare + Act
    const findings = findingsOf(s3PublicAccessBlocked, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      new S3BucketPublicAccessBlock(scope, "public-access", { bucket: bucket.id, ...ALL_BLOCKED, restrictPublicBuckets: false });
    });

    // Assess
    expectOneFinding(findings, s3PublicAccessBlocked, "stack/bucket", "set restrict_public_buckets = true");
  });
});
