import { Testing } from "cdktf";
import { ENVIRONMENTS } from "../../src/config/environments";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { asList } from "../../src/policy/policy-document";
import { policyIn, refTo, resourceAt, statement, type SynthesizedJson } from "../support/synth";

function synthEnv(env: "dev" | "prod"): SynthesizedJson {
  const stack = new DataLakeStack(Testing.app(), `data-lake-${env}`, { config: ENVIRONMENTS[env] });
  return JSON.parse(Testing.synth(stack, true)) as SynthesizedJson;
}

describe("validation pipeline in the data lake stack", () => {
  const json = synthEnv("dev");
  const queueArn = refTo(json, "aws_sqs_queue", "validation/queue/queue", "arn");
  const rawArn = refTo(json, "aws_s3_bucket", "storage/raw/bucket", "arn");

  it("sends every object created under dataset= in the raw bucket to the validation queue, once the queue policy has propagated", () => {
    const notification = resourceAt(json, "aws_s3_bucket_notification", "storage/raw/notifications");
    expect(notification.queue).toEqual([{ id: "validation", queue_arn: queueArn, events: ["s3:ObjectCreated:*"], filter_prefix: "dataset=" }]);
    expect(notification.eventbridge).toBe(true);
    // S3 tests the destination when the notification is saved; SQS takes up to 60 s to propagate a policy.
    expect(notification.depends_on).toEqual([expect.stringMatching(/^terraform_data\.validation_queue_policy-propagation_wait_/)]);
    const wait = resourceAt(json, "terraform_data", "validation/queue/policy-propagation/wait");
    expect(wait.depends_on).toEqual([expect.stringMatching(/^aws_sqs_queue_policy\.validation_queue_policy_/)]);
    expect(wait.provisioner).toEqual([{ "local-exec": { command: "sleep 60" } }]);
    expect(wait.triggers_replace).toEqual({ policy: refTo(json, "aws_sqs_queue_policy", "validation/queue/policy", "policy"), seconds: "60" });
    const policy = policyIn(resourceAt(json, "aws_sqs_queue_policy", "validation/queue/policy"));
    expect(statement(policy, "S3EventNotifications").Condition).toMatchObject({ ArnEquals: { "aws:SourceArn": rawArn } });
  });

  it("polls the queue with partial batch responses, the configured batching and at most the reserved concurrency", () => {
    const mapping = resourceAt(json, "aws_lambda_event_source_mapping", "validation/queue-trigger");
    expect(mapping).toMatchObject({
      event_source_arn: queueArn,
      function_name: refTo(json, "aws_lambda_function", "validation/function/function", "arn"),
      batch_size: 5,
      maximum_batching_window_in_seconds: 5,
      function_response_types: ["ReportBatchItemFailures"],
      scaling_config: { maximum_concurrency: 2 },
    });
  });

  it("sizes reserved concurrency from the configured daily volume (50 TB/day in prod)", () => {
    const prod = synthEnv("prod");
    expect(resourceAt(prod, "aws_lambda_function", "validation/function/function").reserved_concurrent_executions).toBe(85);
    expect(resourceAt(prod, "aws_lambda_event_source_mapping", "validation/queue-trigger").scaling_config).toEqual({ maximum_concurrency: 85 });
  });

  it("gives the function read on raw input, write on its three output prefixes and nothing wider", () => {
    const doc = policyIn(resourceAt(json, "aws_iam_role_policy", "validation/function/role/permissions"));
    expect(statement(doc, "ReadRawInput").Resource).toBe(`${rawArn}/dataset=*`);
    expect(statement(doc, "WriteValidationOutputs").Resource).toEqual([`${rawArn}/validated/*`, `${rawArn}/quarantine/*`, `${rawArn}/reports/*`]);
    expect(statement(doc, "WriteLineage")).toMatchObject({ Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"], Resource: refTo(json, "aws_dynamodb_table", "validation/lineage/table", "arn") });
    expect(statement(doc, "PublishAlerts").Resource).toBe(refTo(json, "aws_sns_topic", "validation/alerts/topic", "arn"));
    // Each key only through the services that hold data under it, never called directly.
    expect(statement(doc, "RawKeyThroughS3").Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
    expect(statement(doc, "PlatformKeyForQueueTopicTable").Condition).toEqual({
      StringEquals: { "kms:ViaService": ["sqs.us-east-1.amazonaws.com", "sns.us-east-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com"] },
    });
    const actions = doc.Statement.flatMap((s) => asList(s.Action));
    expect(actions.filter((a) => a.startsWith("glue:"))).toEqual([]);
    expect(actions).not.toContain("s3:DeleteObject");
  });

  it("passes its configuration to the handler", () => {
    const variables = resourceAt(json, "aws_lambda_function", "validation/function/function").environment.variables;
    expect(variables).toMatchObject({
      LINEAGE_TABLE: refTo(json, "aws_dynamodb_table", "validation/lineage/table", "name"),
      ALERT_TOPIC_ARN: refTo(json, "aws_sns_topic", "validation/alerts/topic", "arn"),
      VALIDATED_PREFIX: "validated/",
      QUARANTINE_PREFIX: "quarantine/",
      REPORTS_PREFIX: "reports/",
      REJECT_RATE_ALERT_THRESHOLD: "0.01",
      LINEAGE_TTL_DAYS: "400",
      OUT_OF_ORDER_POLICY: "flag",
      PARTITION_TIME_ZONES: JSON.stringify({ trades: "America/New_York", quotes: "America/New_York", bars: "America/New_York" }),
    });
  });

  it("lets S3 notifications and alarms use the platform key that encrypts the queue and the topic", () => {
    const doc = policyIn(resourceAt(json, "aws_kms_key", "keys/platform/key"));
    expect(statement(doc, "S3NotificationsToEncryptedQueues").Principal).toEqual({ Service: "s3.amazonaws.com" });
    expect(statement(doc, "CloudWatchAlarmsToEncryptedTopics").Principal).toEqual({ Service: "cloudwatch.amazonaws.com" });
  });
});
