/** Builders shared by the guardrail tests: real provider classes, real synthesized JSON. */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { evaluateGuardrails, policyDocument, type GuardrailFinding, type GuardrailRule } from "../../src/policy";

// Testing.app() would leave a cdktf.outdir.* dir per call in the shared temp dir; these are ours.
const outdirs: string[] = [];
afterAll(() => outdirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function testApp(): App {
  const outdir = mkdtempSync(join(tmpdir(), "mdl-policy-test-"));
  outdirs.push(outdir);
  return Testing.app({ outdir });
}

/**
 * Testing.synthScope, but keeping the "//" metadata that Testing.synth strips: it carries the
 * construct path, which findings report (the aspect sees the same `stack.toTerraform()`).
 * The stack is named "stack", so paths read "stack/<id>/...".
 */
export function synthScope(build: (scope: Construct) => void): object {
  const stack = new TerraformStack(testApp(), "stack");
  build(stack);
  return JSON.parse(JSON.stringify(stack.toTerraform())) as object;
}

export const findingsOf = (rule: GuardrailRule, build: (scope: Construct) => void): GuardrailFinding[] =>
  evaluateGuardrails(synthScope(build), [rule]);

/** Asserts exactly one finding of `rule` on `path` whose message names the attribute to fix. */
export function expectOneFinding(findings: readonly GuardrailFinding[], rule: GuardrailRule, path: string, attribute: string): void {
  expect(findings).toEqual([expect.objectContaining({ ruleId: rule.id, path })]);
  expect(findings[0].message).toContain(attribute);
}

export const cmk = (scope: Construct, id = "key"): KmsKey =>
  new KmsKey(scope, id, { enableKeyRotation: true, lifecycle: { preventDestroy: true } });

export const tlsOnlyPolicy = (bucket: S3Bucket): string =>
  policyDocument([
    {
      Sid: "DenyPlainHttp",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucket.arn, `${bucket.arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);

/**
 * A bucket that every S3 guardrail accepts, under its own construct `id` (so the bucket's path is
 * "stack/<id>/bucket"). Access logs go to `logTarget`; without one (the log bucket itself) there
 * is no aws_s3_bucket_logging, and MDL-LOG-1 must be suppressed with a reason.
 */
export function secureBucket(scope: Construct, id: string, key: KmsKey, logTarget?: S3Bucket): S3Bucket {
  const group = new Construct(scope, id);
  const bucket = new S3Bucket(group, "bucket", { bucketPrefix: `${id}-`, lifecycle: { preventDestroy: true } });
  new S3BucketPublicAccessBlock(group, "public-access", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketServerSideEncryptionConfigurationA(group, "encryption", {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
  });
  new S3BucketVersioningA(group, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
  new S3BucketPolicy(group, "policy", { bucket: bucket.id, policy: tlsOnlyPolicy(bucket) });
  if (logTarget) new S3BucketLoggingA(group, "logging", { bucket: bucket.id, targetBucket: logTarget.id, targetPrefix: `${id}/` });
  return bucket;
}
