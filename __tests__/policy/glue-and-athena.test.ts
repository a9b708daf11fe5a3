import { AthenaWorkgroup, type AthenaWorkgroupConfiguration } from "@cdktf/provider-aws/lib/athena-workgroup";
import { GlueJob } from "@cdktf/provider-aws/lib/glue-job";
import { GlueSecurityConfiguration, type GlueSecurityConfigurationEncryptionConfiguration } from "@cdktf/provider-aws/lib/glue-security-configuration";
import type { Construct } from "constructs";
import { athenaResultsEncrypted, glueSecurityConfiguration } from "../../src/policy";
import { cmk, expectOneFinding, findingsOf } from "./support";

function jobWith(scope: Construct, encryption: (keyArn: string) => GlueSecurityConfigurationEncryptionConfiguration, securityConfiguration?: (name: string) => string | undefined): void {
  const key = cmk(scope);
  const security = new GlueSecurityConfiguration(scope, "security", { name: "job", encryptionConfiguration: encryption(key.arn) });
  new GlueJob(scope, "job", { name: "job", roleArn: "arn:aws:iam::111111111111:role/job", command: { scriptLocation: "s3://code/job.py" }, securityConfiguration: securityConfiguration ? securityConfiguration(security.name) : security.name });
}

const lakeEncryption = (keyArn: string): GlueSecurityConfigurationEncryptionConfiguration => ({
  s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: keyArn },
  cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: keyArn },
  jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: keyArn },
});

describe("MDL-GLUE-1 Glue jobs run with the lake's security configuration", () => {
  it("accepts a job whose security configuration encrypts S3, logs and bookmarks with a customer key", () => {
    // Prepare + Act
    const findings = findingsOf(glueSecurityConfiguration, (scope) => jobWith(scope, lakeEncryption));
    // Assess
    expect(findings).toEqual([]);
  });

  it("accepts the configuration named by its literal name", () => {
    expect(findingsOf(glueSecurityConfiguration, (scope) => jobWith(scope, lakeEncryption, () => "job"))).toEqual([]);
  });

  it("flags a job without a security configuration", () => {
    const findings = findingsOf(glueSecurityConfiguration, (scope) => jobWith(scope, lakeEncryption, () => undefined));
    expectOneFinding(findings, glueSecurityConfiguration, "stack/job", "set security_configuration");
  });

  it("flags a security configuration this stack does not define (its encryption is unknown)", () => {
    const findings = findingsOf(glueSecurityConfiguration, (scope) => jobWith(scope, lakeEncryption, () => "someone-elses"));
    expectOneFinding(findings, glueSecurityConfiguration, "stack/job", "is not a security configuration of this stack");
  });

  it.each([
    ["S3 writes left to SSE-S3", (k: string) => ({ ...lakeEncryption(k), s3Encryption: { s3EncryptionMode: "SSE-S3" } }), 's3_encryption.s3_encryption_mode = "SSE-S3"'],
    ["logs unencrypted", (k: string) => ({ ...lakeEncryption(k), cloudwatchEncryption: { cloudwatchEncryptionMode: "DISABLED" } }), "cloudwatch_encryption.cloudwatch_encryption_mode"],
    ["bookmarks unencrypted", (k: string) => ({ ...lakeEncryption(k), jobBookmarksEncryption: { jobBookmarksEncryptionMode: "DISABLED" } }), "job_bookmarks_encryption"],
    ["an AWS-managed key", (k: string) => ({ ...lakeEncryption(k), s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: "alias/aws/s3" } }), "s3_encryption.kms_key_arn is the AWS-managed key"],
  ])("flags a job whose configuration has %s", (_, encryption, message) => {
    const findings = findingsOf(glueSecurityConfiguration, (scope) => jobWith(scope, encryption));
    expectOneFinding(findings, glueSecurityConfiguration, "stack/job", message);
  });
});

describe("MDL-ATH-1 Athena results are KMS-encrypted and the workgroup's settings enforced", () => {
  const workgroup = (configuration: (keyArn: string) => AthenaWorkgroupConfiguration) => (scope: Construct) =>
    new AthenaWorkgroup(scope, "workgroup", { name: "consumers", configuration: configuration(cmk(scope).arn) });
  const enforced = (keyArn: string): AthenaWorkgroupConfiguration => ({
    enforceWorkgroupConfiguration: true,
    resultConfiguration: { outputLocation: "s3://curated/athena-results/", encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: keyArn } },
  });

  it("accepts an enforced workgroup with SSE_KMS results under a customer key", () => {
    expect(findingsOf(athenaResultsEncrypted, workgroup(enforced))).toEqual([]);
  });

  it.each([
    ["does not enforce its settings", (k: string) => ({ ...enforced(k), enforceWorkgroupConfiguration: false }), "enforce_workgroup_configuration = true"],
    ["leaves results SSE_S3", (k: string) => ({ ...enforced(k), resultConfiguration: { outputLocation: "s3://r/", encryptionConfiguration: { encryptionOption: "SSE_S3" } } }), 'encryption_option = "SSE_KMS"'],
    ["has no result encryption", (k: string) => ({ ...enforced(k), resultConfiguration: { outputLocation: "s3://r/" } }), "encryption_option"],
    ["names no key", () => ({ enforceWorkgroupConfiguration: true, resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS" } } }), "kms_key_arn is not set"],
  ])("flags a workgroup that %s", (_, configuration, message) => {
    const findings = findingsOf(athenaResultsEncrypted, workgroup(configuration));
    expectOneFinding(findings, athenaResultsEncrypted, "stack/workgroup", message);
  });
});
