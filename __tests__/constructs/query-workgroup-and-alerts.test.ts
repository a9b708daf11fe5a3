import { AlertTopic } from "../../src/constructs/alert-topic";
import { QueryWorkgroup } from "../../src/constructs/athena-workgroup";
import { GlueFailureAlerts } from "../../src/constructs/glue-failure-alerts";
import { LakeKey } from "../../src/constructs/lake-key";
import { LeastPrivilegeRole } from "../../src/constructs/least-privilege-role";
import { SecureBucket } from "../../src/constructs/secure-bucket";
import { policyIn, refTo, resourceAt, resourcesOf, statement, synthScope } from "../support/synth";

const ACCOUNT = "123456789012";
const key = (scope: any, id: string, extra = {}) => new LakeKey(scope, id, { aliasName: `alias/${id}`, description: id, accountId: ACCOUNT, region: "us-east-1", ...extra });

describe("QueryWorkgroup", () => {
  const json = synthScope((scope) => {
    const curatedKey = key(scope, "curated");
    const logs = new SecureBucket(scope, "logs", { bucketName: "logs", accountId: ACCOUNT, receivesAccessLogs: true, encryption: { kind: "s3-managed", justification: "S3 log delivery supports SSE-S3 only" } });
    const curated = new SecureBucket(scope, "curated-bucket", { bucketName: "curated", accountId: ACCOUNT, encryption: { kind: "kms", key: curatedKey }, accessLogsTo: logs });
    const workgroup = new QueryWorkgroup(scope, "consumers", {
      workgroupName: "mdl-dev-use1-consumers",
      description: "consumers",
      accountId: ACCOUNT,
      region: "us-east-1",
      bucket: curated,
      bucketKey: curatedKey,
      resultsPrefix: "athena-results/",
      databaseName: "mdl_dev_use1_curated",
      bytesScannedCutoffPerQueryMb: 10_000,
      savedQueries: [{ name: "bars", description: "bars", sql: "SELECT * FROM bars_1m WHERE date = ? AND symbol = ?" }],
    });
    const role = new LeastPrivilegeRole(scope, "consumer", { roleName: "consumer", description: "c", trust: { Principal: { AWS: "arn:aws:iam::345678901234:root" } }, statements: [] });
    workgroup.grantQuery("ConsumerQuant", role, { databaseName: "mdl_dev_use1_curated", tableNames: ["bars_1m"], catalogKey: key(scope, "catalog") });
  });
  const curatedKeyArn = refTo(json, "aws_kms_key", "curated/key", "arn");

  it("enforces its settings: results encrypted with the curated key under the results prefix, a scan cutoff, engine v3, metrics", () => {
    expect(resourceAt(json, "aws_athena_workgroup", "consumers/workgroup")).toMatchObject({
      name: "mdl-dev-use1-consumers",
      state: "ENABLED",
      force_destroy: false,
      configuration: {
        enforce_workgroup_configuration: true,
        publish_cloudwatch_metrics_enabled: true,
        bytes_scanned_cutoff_per_query: 10_000 * 1024 * 1024,
        engine_version: { selected_engine_version: "Athena engine version 3" },
        result_configuration: {
          output_location: `s3://${refTo(json, "aws_s3_bucket", "curated-bucket/bucket", "bucket")}/athena-results/`,
          expected_bucket_owner: ACCOUNT,
          encryption_configuration: { encryption_option: "SSE_KMS", kms_key_arn: curatedKeyArn },
        },
      },
    });
  });

  it("saves the common queries in the workgroup and the curated database", () => {
    expect(resourceAt(json, "aws_athena_named_query", "consumers/query-bars")).toMatchObject({ name: "bars", database: "mdl_dev_use1_curated", query: "SELECT * FROM bars_1m WHERE date = ? AND symbol = ?" });
  });

  it("lets a granted role query this workgroup only, read the curated catalog, and write and read results under the prefix only", () => {
    const doc = policyIn(resourceAt(json, "aws_iam_role_policy", "consumer/permissions"));
    const workgroupArn = refTo(json, "aws_athena_workgroup", "consumers/workgroup", "arn");
    expect(statement(doc, "QueryInWorkgroup").Resource).toBe(workgroupArn);
    expect([statement(doc, "QueryInWorkgroup").Action].flat().every((a) => a.startsWith("athena:") && !/Create|Delete|Update/.test(a))).toBe(true);
    expect(statement(doc, "ReadCatalog").Resource).toEqual([
      `arn:aws:glue:us-east-1:${ACCOUNT}:catalog`,
      `arn:aws:glue:us-east-1:${ACCOUNT}:database/mdl_dev_use1_curated`,
      `arn:aws:glue:us-east-1:${ACCOUNT}:table/mdl_dev_use1_curated/bars_1m`,
    ]);
    expect(statement(doc, "CatalogKeyThroughGlue")).toMatchObject({ Action: ["kms:Decrypt"], Condition: { StringEquals: { "kms:ViaService": "glue.us-east-1.amazonaws.com" } } });
    expect(statement(doc, "QueryResults").Resource).toMatch(/\/athena-results\/\*$/);
    expect(statement(doc, "ResultsKeyThroughS3")).toMatchObject({ Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: curatedKeyArn, Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } });
    const bucketPolicy = policyIn(resourceAt(json, "aws_s3_bucket_policy", "curated-bucket/policy"));
    expect(statement(bucketPolicy, "ConsumerQuantQueryResults")).toMatchObject({ Principal: { AWS: refTo(json, "aws_iam_role", "consumer/role", "arn") }, Resource: expect.stringMatching(/\/athena-results\/\*$/) });
    expect(statement(policyIn(resourceAt(json, "aws_kms_key", "curated/key")), "ConsumerQuantQueryResults").Condition).toMatchObject({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
  });
});

describe("GlueFailureAlerts", () => {
  const json = synthScope((scope) => {
    const platform = key(scope, "platform", { allowEventBridge: true });
    const topic = new AlertTopic(scope, "alerts", { topicName: "alerts", accountId: ACCOUNT, encryptionKey: platform });
    new GlueFailureAlerts(scope, "failures", { ruleName: "mdl-dev-use1-etl-failures", jobNames: ["job-a", "job-b"], topic, encryptionKey: platform });
  });
  const ruleArn = refTo(json, "aws_cloudwatch_event_rule", "failures/rule", "arn");

  it("matches Glue Job State Change of the named jobs in FAILED, TIMEOUT, STOPPED and ERROR only", () => {
    expect(JSON.parse(resourceAt(json, "aws_cloudwatch_event_rule", "failures/rule").event_pattern)).toEqual({
      source: ["aws.glue"],
      "detail-type": ["Glue Job State Change"],
      detail: { jobName: ["job-a", "job-b"], state: ["FAILED", "TIMEOUT", "STOPPED", "ERROR"] },
    });
  });

  it("publishes one line naming job, run id, state and message, retries for a day, then dead-letters", () => {
    const target = resourceAt(json, "aws_cloudwatch_event_target", "failures/to-alerts");
    expect(target).toMatchObject({
      arn: refTo(json, "aws_sns_topic", "alerts/topic", "arn"),
      input_transformer: {
        input_paths: { job: "$.detail.jobName", run: "$.detail.jobRunId", state: "$.detail.state", message: "$.detail.message", time: "$.time" },
        input_template: '"Glue job <job> run <run> ended <state> at <time>: <message>"',
      },
      retry_policy: { maximum_event_age_in_seconds: 86_400, maximum_retry_attempts: 185 },
      dead_letter_config: { arn: refTo(json, "aws_sqs_queue", "failures/dlq", "arn") },
    });
    expect(resourceAt(json, "aws_sqs_queue", "failures/dlq")).toMatchObject({ name: "mdl-dev-use1-etl-failures-dlq", kms_master_key_id: refTo(json, "aws_kms_key", "platform/key", "arn"), message_retention_seconds: 1_209_600 });
  });

  it("lets only this rule publish to the topic and dead-letter to its queue, TLS only, and alarms on the queue", () => {
    const topicPolicy = policyIn(resourceAt(json, "aws_sns_topic_policy", "alerts/policy"));
    expect(statement(topicPolicy, "GlueFailureRulefailures")).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Condition: { ArnEquals: { "aws:SourceArn": ruleArn } } });
    const queuePolicy = policyIn(resourceAt(json, "aws_sqs_queue_policy", "failures/dlq-policy"));
    expect(queuePolicy.Statement.map((s) => s.Sid)).toEqual(["FailedAlertDeliveries", "DenyInsecureTransport"]);
    expect(statement(queuePolicy, "FailedAlertDeliveries").Condition).toEqual({ ArnEquals: { "aws:SourceArn": ruleArn } });
    expect(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => a.alarm_name)).toEqual(["mdl-dev-use1-etl-failures-dlq-not-empty"]);
  });

  it("refuses an empty job list", () => {
    expect(() =>
      synthScope((scope) => {
        const platform = key(scope, "platform");
        new GlueFailureAlerts(scope, "failures", { ruleName: "r", jobNames: [], topic: new AlertTopic(scope, "alerts", { topicName: "a", accountId: ACCOUNT, encryptionKey: platform }), encryptionKey: platform });
      }),
    ).toThrow("failures: jobNames is empty");
  });
});
