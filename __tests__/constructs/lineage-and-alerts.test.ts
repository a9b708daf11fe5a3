import { AlertTopic } from "../../src/constructs/alert-topic";
import { LakeKey } from "../../src/constructs/lake-key";
import { LINEAGE_INDEX, LineageTable } from "../../src/constructs/lineage-table";
import { policyIn, refTo, resourceAt, resourcesOf, statement, synthScope } from "../support/synth";

const platformKey = (scope: import("constructs").Construct) =>
  new LakeKey(scope, "platform", { aliasName: "alias/p", description: "p", accountId: "123456789012", region: "us-east-1", allowCloudWatchAlarms: true });

describe("LineageTable", () => {
  const json = synthScope((scope) => new LineageTable(scope, "lineage", { tableName: "mdl-dev-use1-lineage", encryptionKey: platformKey(scope) }));
  const table = resourceAt(json, "aws_dynamodb_table", "lineage/table");

  it("is on-demand, CMK-encrypted, recoverable and protected from deletion", () => {
    expect(table).toMatchObject({
      name: "mdl-dev-use1-lineage",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "object_id",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: refTo(json, "aws_kms_key", "platform/key", "arn") },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("expires items through TTL and indexes objects by dataset, then status and date", () => {
    expect(table.ttl).toEqual({ attribute_name: "expires_at", enabled: true });
    expect(table.global_secondary_index).toEqual([{ name: LINEAGE_INDEX, hash_key: "dataset", range_key: "status_date", projection_type: "ALL" }]);
    expect(table.attribute).toEqual([
      { name: "object_id", type: "S" },
      { name: "dataset", type: "S" },
      { name: "status_date", type: "S" },
    ]);
  });
});

describe("AlertTopic", () => {
  it("encrypts with the CMK, lets only this account's alarms and principals publish, and subscribes the address", () => {
    const json = synthScope((scope) => new AlertTopic(scope, "alerts", { topicName: "mdl-dev-use1-alerts", accountId: "123456789012", encryptionKey: platformKey(scope), email: "ops@example.com" }));
    expect(resourceAt(json, "aws_sns_topic", "alerts/topic")).toMatchObject({ name: "mdl-dev-use1-alerts", kms_master_key_id: refTo(json, "aws_kms_key", "platform/key", "arn") });
    const doc = policyIn(resourceAt(json, "aws_sns_topic_policy", "alerts/policy"));
    expect(statement(doc, "CloudWatchAlarmsOfThisAccount")).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
    expect(statement(doc, "AccountPrincipalsWithIamPermission").Principal).toEqual({ AWS: "arn:aws:iam::123456789012:root" });
    expect(resourceAt(json, "aws_sns_topic_subscription", "alerts/email")).toMatchObject({ protocol: "email", endpoint: "ops@example.com" });
    expect(statement(doc, "DenyInsecureTransport")).toMatchObject({ Effect: "Deny", Principal: "*", Action: "sns:Publish", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });

  it("leaves out the conditioned deny only for the local AWS API server", () => {
    const json = synthScope((scope) => new AlertTopic(scope, "alerts", { topicName: "t", accountId: "123456789012", encryptionKey: platformKey(scope), enforceConditionalDenies: false }));
    expect(policyIn(resourceAt(json, "aws_sns_topic_policy", "alerts/policy")).Statement.map((s) => s.Effect)).toEqual(["Allow", "Allow"]);
  });

  it("creates no subscription without an address", () => {
    const json = synthScope((scope) => new AlertTopic(scope, "alerts", { topicName: "t", accountId: "123456789012", encryptionKey: platformKey(scope) }));
    expect(resourcesOf(json, "aws_sns_topic_subscription")).toEqual([]);
  });
});
