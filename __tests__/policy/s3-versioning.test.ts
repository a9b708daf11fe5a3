import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { s3Versioning } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

describe("MDL-S3-3 versioning", () => {
  it('accepts a bucket with versioning_configuration.status = "Enabled"', () => {
    // Prepare + Act
    const findings = findingsOf(s3Versioning, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      new S3BucketVersioningA(scope, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it.each([
    ["without versioning", false],
    ["with versioning suspended", true],
  ])("flags a bucket %s", (_label, suspended) => {
    // Prepare + Act
    const findings = findingsOf(s3Versioning, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      if (suspended) new S3BucketVersioningA(scope, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Suspended" } });
    });

    // Assess
    expectOneFinding(findings, s3Versioning, "stack/bucket", 'versioning_configuration.status = "Enabled"');
  });
});
