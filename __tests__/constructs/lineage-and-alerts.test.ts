import { AlertTopic, type AlertTopicProps } from "../../src/constructs/alert-topic";
import { LakeKey } from "../../src/constructs/lake-key";
import { LINEAGE_INDEX, LineageTable } from "../../src/constructs/lineage-table";
import { policyIn, refTo, resourceAt, resourcesOf, statement, synthScope } from "../support/synth";

const platformKey = (scope: import("constructs").Construct) =>
  new LakeKey(scope, "platform", { aliasName: "alias/p", description: "p", accountId: "123456789012", region: "us-east-1", allowCloudWatchAlarms: true });

describe("LineageTable", () => {
  const json = synthScope((scope) => new LineageTable(scope, "lineage", { tableName: "mdl-dev-use1-lineage", encryptionKey: platformKey(scope), region: "us-east-1", alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"] }));
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
  const subscriptions = [
    { protocol: "email", endpoint: "ops@example.com" },
    { protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:123456789012:pager" },
  ] as const;
  const synthTopic = (extra: Partial<AlertTopicProps> = {}) =>
    synthScope((scope) => new AlertTopic(scope, "alerts", { topicName: "mdl-dev-use1-alerts", accountId: "123456789012", encryptionKey: platformKey(scope), subscriptions, ...extra }));

  it("encrypts with the CMK, lets only this account's alarms and principals publish, and creates the listed subscriptions", () => {
    const json = synthTopic();
    expect(resourceAt(json, "aws_sns_topic", "alerts/topic")).toMatchObject({ name: "mdl-dev-use1-alerts", kms_master_key_id: refTo(json, "aws_kms_key", "platform/key", "arn") });
    const doc = policyIn(resourceAt(json, "aws_sns_topic_policy", "alerts/policy"));
    expect(statement(doc, "CloudWatchAlarmsOfThisAccount")).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
    expect(statement(doc, "AccountPrincipalsWithIamPermission")).toMatchObject({ Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: ["sns:Publish", "sns:GetTopicAttributes"] });
    expect(resourcesOf(json, "aws_sns_topic_subscription").map(([, s]) => [s.protocol, s.endpoint])).toEqual([
      ["email", "ops@example.com"],
      ["sqs", "arn:aws:sqs:us-east-1:123456789012:pager"],
    ]);
    expect(statement(doc, "DenyInsecureTransport")).toMatchObject({ Effect: "Deny", Principal: "*", Action: "sns:Publish", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });

  it("denies everyone sns:Subscribe for an endpoint or a protocol the config does not list", () => {
    const doc = policyIn(resourceAt(synthTopic(), "aws_sns_topic_policy", "alerts/policy"));
    const topicArn = expect.stringContaining("aws_sns_topic.alerts_topic");
    expect(statement(doc, "SubscribeListedEndpointsOnly")).toEqual({
      Sid: "SubscribeListedEndpointsOnly",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Subscribe",
      Resource: topicArn,
      Condition: { StringNotEquals: { "sns:Endpoint": ["ops@example.com", "arn:aws:sqs:us-east-1:123456789012:pager"] } },
    });
    expect(statement(doc, "SubscribeListedProtocolsOnly")).toMatchObject({ Effect: "Deny", Action: "sns:Subscribe", Condition: { StringNotEquals: { "sns:Protocol": ["email", "sqs"] } } });
    // No Allow grants Subscribe: an account principal's own IAM policy must not be the only gate.
    expect(doc.Statement.filter((s) => s.Effect === "Allow" && [s.Action].flat().includes("sns:Subscribe"))).toEqual([]);
  });

  it("denies every subscription, unconditionally, when none is listed", () => {
    const json = synthTopic({ subscriptions: [] });
    const doc = policyIn(resourceAt(json, "aws_sns_topic_policy", "alerts/policy"));
    expect(statement(doc, "NoSubscriptions")).toEqual({ Sid: "NoSubscriptions", Effect: "Deny", Principal: "*", Action: "sns:Subscribe", Resource: expect.any(String) });
    expect(resourcesOf(json, "aws_sns_topic_subscription")).toEqual([]);
  });

  it("leaves out the conditioned denies only for the local AWS API server", () => {
    const json = synthTopic({ enforceConditionalDenies: false });
    expect(policyIn(resourceAt(json, "aws_sns_topic_policy", "alerts/policy")).Statement.map((s) => s.Sid)).toEqual(["CloudWatchAlarmsOfThisAccount", "AccountPrincipalsWithIamPermission"]);
  });
});
