import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import { retentionDays, type EnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import type { DeploymentMode } from "../../src/stacks/deployment-mode";
import { asList } from "../../src/policy/policy-document";
import { policyIn, refTo, resourceAt, resourcesOf, statement, type SynthesizedJson } from "../support/synth";

function synthLake(config: EnvironmentConfig = ENVIRONMENTS.dev, mode?: DeploymentMode): { stack: DataLakeStack; text: string; json: SynthesizedJson } {
  const stack = new DataLakeStack(Testing.app(), `data-lake-${config.environment}`, { config, mode });
  // `true` runs the stack validations, i.e. the guardrail rule pack.
  const text = Testing.synth(stack, true);
  return { stack, text, json: JSON.parse(text) as SynthesizedJson };
}

describe("DataLakeStack", () => {
  const dev = synthLake();

  it.each(["dev", "staging", "prod"] as const)("synthesizes %s with every guardrail passing", (env) => {
    expect(() => synthLake(ENVIRONMENTS[env])).not.toThrow();
  });

  it("pins the provider to the environment's account and region and tags every resource", () => {
    expect(dev.text).toHaveProviderWithProperties(AwsProvider, {
      region: "us-east-1",
      allowed_account_ids: ["123456789012"],
      default_tags: [{ tags: { Project: "mdl", Environment: "dev", CostCenter: "CC-4410", Owner: "market-data-platform@example.com", DataClassification: "internal", ManagedBy: "cdktf" } }],
    });
  });

  it("keeps state in the bootstrap bucket, one key per stack and environment, with both lock kinds", () => {
    expect(synthLake(ENVIRONMENTS.prod).json.terraform.backend).toEqual({
      s3: {
        bucket: "mdl-tfstate-555566667777-us-east-1",
        key: "mdl/prod/data-lake-prod.tfstate",
        region: "us-east-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:us-east-1:555566667777:alias/mdl-tfstate",
        dynamodb_table: "mdl-tfstate-lock",
        use_lockfile: true,
      },
    });
  });

  it.each([["s3", undefined], ["local", { backend: "local" } as const]])("requires Terraform >= 1.10 (use_lockfile), as the bootstrap does, with the %s backend", (_, mode) => {
    const bootstrap = /required_version\s*=\s*"([^"]+)"/.exec(readFileSync(resolve(__dirname, "../../terraform-backend.tf"), "utf8"))![1];
    expect(synthLake(ENVIRONMENTS.prod, mode).json.terraform.required_version).toBe(">= 1.10.0");
    expect(bootstrap).toBe(">= 1.10.0");
  });

  it("uses a local state file in local mode, so nothing remote is needed", () => {
    expect(synthLake(ENVIRONMENTS.dev, { backend: "local" }).json.terraform.backend).toEqual({ local: { path: "terraform.data-lake-dev.tfstate" } });
  });

  it("creates the three tier buckets, the Glue code bucket and the access-log bucket with environment-unique names", () => {
    expect(resourcesOf(dev.json, "aws_s3_bucket").map(([, b]) => b.bucket).sort()).toEqual([
      "mdl-dev-use1-access-logs-123456789012",
      "mdl-dev-use1-curated-123456789012",
      "mdl-dev-use1-glue-code-123456789012",
      "mdl-dev-use1-processed-123456789012",
      "mdl-dev-use1-raw-123456789012",
    ]);
    expect(dev.text).toHaveResourceWithProperties(S3Bucket, { bucket: "mdl-dev-use1-raw-123456789012", lifecycle: { prevent_destroy: true } });
  });

  it("encrypts each tier with its own key and sends raw object events to EventBridge only", () => {
    for (const tier of ["raw", "processed", "curated"]) {
      const sse = resourceAt(dev.json, "aws_s3_bucket_server_side_encryption_configuration", `storage/${tier}/encryption`);
      expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(refTo(dev.json, "aws_kms_key", `keys/${tier}/key`, "arn"));
    }
    expect(resourcesOf(dev.json, "aws_s3_bucket_notification").map(([, n]) => n)).toEqual([
      expect.objectContaining({ bucket: refTo(dev.json, "aws_s3_bucket", "storage/raw/bucket", "id"), eventbridge: true }),
    ]);
  });

  it("applies each tier's lifecycle from config", () => {
    const { json } = synthLake(ENVIRONMENTS.prod);
    const curated = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "storage/curated/lifecycle");
    expect(curated.rule[0].transition).toEqual([
      { days: 0, storage_class: "INTELLIGENT_TIERING" },
      { days: 90, storage_class: "GLACIER_IR" },
      { days: 730, storage_class: "DEEP_ARCHIVE" },
    ]);
    expect(curated.rule[0].expiration).toEqual([{ days: retentionDays(10) }]);
    const logs = resourceAt(json, "aws_s3_bucket_lifecycle_configuration", "storage/access-logs/lifecycle");
    expect(logs.rule[0].expiration).toEqual([{ days: 2557 }]);
  });

  it("grants the consumer key only to consumers and the raw key only to producers", () => {
    const { json } = synthLake(ENVIRONMENTS.prod);
    const sids = (tier: string) => policyIn(resourceAt(json, "aws_kms_key", `keys/${tier}/key`)).Statement.map((s) => s.Sid);
    // Consumers also write their Athena results under athena-results/ with the curated key.
    expect(sids("curated")).toEqual([
      "KeyAdministration",
      "GrantsForAwsResourcesOnly",
      "UseThroughAwsServicesOfThisAccount",
      "ConsumerQuantResearch",
      "ConsumerRiskAnalytics",
      "ConsumerQuantResearchQueryResults",
      "ConsumerRiskAnalyticsQueryResults",
    ]);
    expect(sids("raw")).toEqual(["KeyAdministration", "GrantsForAwsResourcesOnly", "UseThroughAwsServicesOfThisAccount", "ProducerExchangeFeed", "ProducerVendorBars"]);
    expect(sids("processed")).toEqual(["KeyAdministration", "GrantsForAwsResourcesOnly", "UseThroughAwsServicesOfThisAccount"]);
  });

  it("lets each producer write only its own datasets", () => {
    const { json } = synthLake(ENVIRONMENTS.prod);
    const rawArn = refTo(json, "aws_s3_bucket", "storage/raw/bucket", "arn");
    const writes = (producer: string) => statement(policyIn(resourceAt(json, "aws_iam_role_policy", `producer-${producer}/role/permissions`)), "Objects").Resource;
    expect(writes("exchange-feed")).toEqual([`${rawArn}/dataset=trades/*`, `${rawArn}/dataset=quotes/*`]);
    expect(writes("vendor-bars")).toEqual([`${rawArn}/dataset=bars/*`]);
  });

  it("never allows a wildcard action on every resource in any IAM policy of any environment", () => {
    for (const env of ["dev", "staging", "prod"] as const) {
      const { json } = synthLake(ENVIRONMENTS[env]);
      for (const [, body] of resourcesOf(json, "aws_iam_role_policy")) {
        for (const s of policyIn(body).Statement) {
          const wildcard = asList(s.Action).some((a) => a === "*" || a.endsWith(":*"));
          expect(wildcard && asList(s.Resource).includes("*")).toBe(false);
        }
      }
    }
  });

  it("creates a producer role per producer and a consumer role per consumer, each requiring its ExternalId", () => {
    const { json } = synthLake(ENVIRONMENTS.prod);
    const trusts = resourcesOf(json, "aws_iam_role")
      .filter(([, r]) => /-(producer|consumer)-/.test(r.name))
      .map(([, r]) => [r.name, policyIn(r, "assume_role_policy").Statement[0].Condition]);
    expect(trusts).toEqual(
      expect.arrayContaining([
        ["mdl-prd-use1-producer-exchange-feed", { StringEquals: { "sts:ExternalId": "mdl-prd-exchange-feed-b8e2f1" } }],
        ["mdl-prd-use1-producer-vendor-bars", { StringEquals: { "sts:ExternalId": "mdl-prd-vendor-bars-51c0aa" } }],
        ["mdl-prd-use1-consumer-quant-research", { StringEquals: { "sts:ExternalId": "mdl-prd-quant-research-d7730e" } }],
        ["mdl-prd-use1-consumer-risk-analytics", { StringEquals: { "sts:ExternalId": "mdl-prd-risk-analytics-2e94b3" } }],
      ]),
    );
    expect(trusts).toHaveLength(4);
  });

  it("sends every alarm's ALARM and OK notifications to the alerts topic", () => {
    const alarms = resourcesOf(dev.json, "aws_cloudwatch_metric_alarm");
    const topicArn = refTo(dev.json, "aws_sns_topic", "validation/alerts/topic", "arn");
    // function errors, throttles, p99 duration; DLQ not empty, backlog age; per Glue job elapsed time
    // near the timeout and failed tasks; the Glue failure alerts' DLQ; streaming: write throttling,
    // GetRecords iterator age, consumer lag, Firehose freshness and failed deliveries, the on-failure
    // queue, and the real-time function's errors, throttles and p99 duration; both functions' ERROR
    // log lines; the ingestion rate's anomaly bands (above, below) and market hours; the lineage
    // table's throttled requests and system errors
    expect(alarms).toHaveLength(26);
    // The two gates of the "low in market hours" composite notify no one; the composites do.
    const gates = ["mdl-dev-use1-market-records-incoming-records-below-band", "mdl-dev-use1-market-records-market-hours"];
    for (const [name, alarm] of [...alarms, ...resourcesOf(dev.json, "aws_cloudwatch_composite_alarm")]) {
      const expected = gates.includes(alarm.alarm_name) ? [] : [topicArn];
      expect({ name, alarm_actions: alarm.alarm_actions, ok_actions: alarm.ok_actions }).toEqual({ name, alarm_actions: expected, ok_actions: expected });
    }
  });

  it("outputs what operators and later stacks need", () => {
    expect(Object.keys(dev.json.output ?? {}).sort()).toEqual(
      [
        "access_log_bucket_name",
        "athena_workgroup_name",
        "catalog_databases",
        "catalog_key_arn",
        "curated_bucket_arn",
        "curated_bucket_name",
        "curated_key_arn",
        "gateway_endpoint_ids",
        "glue_code_bucket_name",
        "glue_job_names",
        "glue_workflow_name",
        "interface_endpoint_ids",
        "partner_role_arns",
        "platform_key_arn",
        "private_subnet_ids",
        "processed_bucket_arn",
        "processed_bucket_name",
        "processed_key_arn",
        "raw_bucket_arn",
        "raw_bucket_name",
        "raw_key_arn",
        "vpc_id",
        "workload_security_group_id",
        "validation_queue_url",
        "validation_queue_arn",
        "validation_dlq_url",
        "validation_dlq_arn",
        "validation_function_name",
        "lineage_table_name",
        "alert_topic_arn",
        "stream_name",
        "stream_arn",
        "stream_consumer_arn",
        "delivery_stream_name",
        "realtime_function_name",
        "realtime_on_failure_queue_url",
      ].sort(),
    );
    expect(dev.json.output!.partner_role_arns.value).toEqual({
      "producer/exchange-feed": refTo(dev.json, "aws_iam_role", "producer-exchange-feed/role/role", "arn"),
      "consumer/quant-research": refTo(dev.json, "aws_iam_role", "consumer-quant-research/role/role", "arn"),
    });
  });

  it("fails synth when a resource breaks a guardrail, naming the rule and the resource path", () => {
    // Prepare
    const stack = new DataLakeStack(Testing.app(), "data-lake-dev", { config: ENVIRONMENTS.dev });
    new SqsQueue(stack, "unencrypted-queue", { name: "plain" });
    // Act
    const act = () => Testing.synth(stack, true);
    // Assess
    expect(act).toThrow(/\[MDL-ENC-1\] data-lake-dev\/unencrypted-queue/);
  });
});
