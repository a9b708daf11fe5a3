import { asList } from "../../src/policy/policy-document";
import { actionMatches } from "../../src/policy/rules/helpers";
import { LakeKey, type LakeKeyProps } from "../../src/constructs/lake-key";
import { policyIn, resourceAt, statement, synthScope } from "../support/synth";

const base: LakeKeyProps = { aliasName: "alias/mdl-dev-use1-raw", description: "raw tier", accountId: "123456789012", region: "us-east-1" };

describe("LakeKey", () => {
  it("creates a rotating, destroy-protected key with an alias", () => {
    // Act
    const json = synthScope((scope) => new LakeKey(scope, "raw", base));
    // Assess
    const key = resourceAt(json, "aws_kms_key", "raw/key");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resourceAt(json, "aws_kms_alias", "raw/alias")).toMatchObject({ name: "alias/mdl-dev-use1-raw", target_key_id: expect.stringMatching(/^\$\{aws_kms_key\..+\.key_id\}$/) });
  });

  it("gives the account root administration but never kms:* or usage", () => {
    const json = synthScope((scope) => new LakeKey(scope, "raw", base));
    const admin = statement(policyIn(resourceAt(json, "aws_kms_key", "raw/key")), "KeyAdministration");
    expect(admin.Principal).toEqual({ AWS: "arn:aws:iam::123456789012:root" });
    expect(admin.Action).not.toContain("kms:*");
    expect(admin.Action).not.toEqual(expect.arrayContaining(["kms:Decrypt"]));
    expect(admin.Action).toEqual(expect.arrayContaining(["kms:ScheduleKeyDeletion", "kms:Put*"]));
    // A grant is usage by another name: no admin pattern may cover it.
    for (const usage of ["kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom"]) {
      expect({ usage, coveredBy: asList(admin.Action).filter((pattern) => actionMatches(pattern, usage)) }).toEqual({ usage, coveredBy: [] });
    }
  });

  it("lets the account create grants only for AWS resources (DynamoDB tables, Lambda environments)", () => {
    const json = synthScope((scope) => new LakeKey(scope, "raw", base));
    const grants = statement(policyIn(resourceAt(json, "aws_kms_key", "raw/key")), "GrantsForAwsResourcesOnly");
    expect(grants).toEqual({
      Sid: "GrantsForAwsResourcesOnly",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
  });

  it("lets account principals use the key only through the listed services", () => {
    const json = synthScope((scope) => new LakeKey(scope, "raw", { ...base, usedVia: ["s3", "kinesis", "s3"] }));
    const use = statement(policyIn(resourceAt(json, "aws_kms_key", "raw/key")), "UseThroughAwsServicesOfThisAccount");
    expect(use.Condition).toEqual({
      StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": ["s3.us-east-1.amazonaws.com", "kinesis.us-east-1.amazonaws.com"] },
    });
  });

  it("scopes CloudWatch Logs to this account's log groups by encryption context", () => {
    const json = synthScope((scope) => new LakeKey(scope, "platform", { ...base, allowCloudWatchLogs: true }));
    const logs = statement(policyIn(resourceAt(json, "aws_kms_key", "platform/key")), "CloudWatchLogsOfThisAccount");
    expect(logs.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(logs.Condition).toEqual({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:*" } });
  });

  it("lets alarms, S3 notifications and EventBridge publish into encrypted targets of this account only", () => {
    const json = synthScope((scope) => new LakeKey(scope, "platform", { ...base, allowCloudWatchAlarms: true, allowS3Notifications: true, allowEventBridge: true }));
    const doc = policyIn(resourceAt(json, "aws_kms_key", "platform/key"));
    for (const [sid, service] of [["CloudWatchAlarmsToEncryptedTopics", "cloudwatch.amazonaws.com"], ["S3NotificationsToEncryptedQueues", "s3.amazonaws.com"], ["EventBridgeToEncryptedTargets", "events.amazonaws.com"]]) {
      expect(statement(doc, sid)).toMatchObject({ Principal: { Service: service }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
    }
  });

  it("grants partner roles decrypt through S3 only, from this account", () => {
    const json = synthScope((scope) => {
      const key = new LakeKey(scope, "curated", base);
      key.grantThroughS3("ConsumerQuant", ["arn:aws:iam::123456789012:role/consumer"], "read");
    });
    expect(statement(policyIn(resourceAt(json, "aws_kms_key", "curated/key")), "ConsumerQuant")).toEqual({
      Sid: "ConsumerQuant",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::123456789012:role/consumer"] },
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": "123456789012" } },
    });
  });

  it.each([
    [{ deletionWindowInDays: 3 }, /deletionWindowInDays must be a whole number from 7 to 30, got 3/],
    [{ aliasName: "mdl-raw" }, /aliasName must start with "alias\/"/],
    [{ aliasName: "alias/aws/s3" }, /reserved for AWS managed keys/],
  ])("refuses %p with a message saying what to change", (change, message) => {
    expect(() => synthScope((scope) => new LakeKey(scope, "bad", { ...base, ...change }))).toThrow(message);
  });

  it("refuses two key policy statements with one Sid", () => {
    expect(() =>
      synthScope((scope) => {
        const key = new LakeKey(scope, "k", base);
        key.grantThroughS3("Same", ["arn:aws:iam::123456789012:role/a"], "read");
        key.grantThroughS3("Same", ["arn:aws:iam::123456789012:role/b"], "read");
      }),
    ).toThrow(/already has a statement with Sid "Same"/);
  });
});
