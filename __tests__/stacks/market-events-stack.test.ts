import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { stacksInDeployOrder } from "../../src/stacks/deploy-order";
import { lakeReferences } from "../../src/stacks/lake-references";
import { MarketEventsStack } from "../../src/stacks/market-events-stack";
import { Naming } from "../../src/config/naming";
import { policyIn, refTo, resourceAt, resourcesOf, statement, type ResourceBody, type SynthesizedJson } from "../support/synth";

const synthEvents = (config: EnvironmentConfig, mode?: { backend: "local" | "s3"; localAwsEndpoint?: string }) =>
  JSON.parse(Testing.synth(new MarketEventsStack(Testing.app(), `market-events-${config.environment}`, { config, mode }), true)) as SynthesizedJson;
const one = (json: SynthesizedJson, type: string): ResourceBody => {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0][1];
};
const byName = (json: SynthesizedJson, type: string, name: string, attribute = "name"): ResourceBody => {
  const found = resourcesOf(json, type).find(([, r]) => r[attribute] === name);
  if (!found) throw new Error(`no ${type} with ${attribute} ${name}: ${resourcesOf(json, type).map(([, r]) => r[attribute]).join(", ")}`);
  return found[1];
};

describe("market events stack", () => {
  const dev = synthEvents(ENVIRONMENTS.dev);
  const prod = synthEvents(ENVIRONMENTS.prod);

  it("deploys after the lake and takes from it only names computed by Naming, never a remote state", () => {
    // Prepare
    const text = JSON.stringify(dev);
    const lake = JSON.parse(Testing.synth(new DataLakeStack(Testing.app(), "data-lake-dev", { config: ENVIRONMENTS.dev }))) as SynthesizedJson;
    const refs = lakeReferences(ENVIRONMENTS.dev, new Naming(ENVIRONMENTS.dev));
    // Act
    const lakeTopic = byName(lake, "aws_sns_topic", refs.alertTopicArn.split(":").pop()!);
    const lakeAlias = byName(lake, "aws_kms_alias", refs.platformKeyAlias);
    // Assess
    expect(stacksInDeployOrder(ENVIRONMENTS.dev)).toEqual(["data-lake-dev", "market-events-dev"]);
    expect(text).not.toContain("terraform_remote_state");
    expect((dev as { data?: unknown }).data).toBeUndefined();
    expect(lakeTopic.kms_master_key_id).toContain("aws_kms_key.keys_platform");
    expect(lakeAlias.name).toBe("alias/mdl-dev-use1-platform");
    expect(text).toContain(refs.alertTopicArn);
    expect(dev.terraform.backend.s3.key).toBe("mdl/dev/market-events-dev.tfstate");
  });

  it("exposes POST /v1/events behind a JWT authorizer, with CORS, derived throttling and JSON access logs", () => {
    // Prepare / Act
    const api = one(dev, "aws_apigatewayv2_api");
    const authorizer = one(dev, "aws_apigatewayv2_authorizer");
    const route = one(dev, "aws_apigatewayv2_route");
    const stage = one(dev, "aws_apigatewayv2_stage");
    const integration = one(dev, "aws_apigatewayv2_integration");
    const permission = one(dev, "aws_lambda_permission");
    // Assess
    expect(api).toMatchObject({ protocol_type: "HTTP", cors_configuration: { allow_origins: ["https://market-events.dev.example.com"], allow_methods: ["POST"] } });
    expect(api.description).toContain("up to 500");
    expect(authorizer).toMatchObject({ authorizer_type: "JWT", identity_sources: ["$request.header.Authorization"], jwt_configuration: { issuer: ENVIRONMENTS.dev.marketEvents.jwtIssuer, audience: ["mdl-dev-market-events"] } });
    expect(route).toMatchObject({ route_key: "POST /v1/events", authorization_type: "JWT" });
    expect(integration).toMatchObject({ integration_type: "AWS_PROXY", payload_format_version: "2.0" });
    // dev: 6,000 events a minute = 100/s, x2 headroom, / 10 per request = 20 requests/s.
    expect(stage.default_route_settings).toMatchObject({ throttling_rate_limit: 20, throttling_burst_limit: 20 });
    expect(JSON.parse(stage.access_log_settings.format)).toMatchObject({ requestId: "$context.requestId", status: "$context.status", tenant: "$context.authorizer.claims.client_id" });
    expect(permission.source_arn).toMatch(/\/\*\/POST\/v1\/events$/);
    expect(one(prod, "aws_apigatewayv2_api").cors_configuration).toBeUndefined();
    expect(one(prod, "aws_apigatewayv2_stage").default_route_settings).toMatchObject({ throttling_rate_limit: 334, throttling_burst_limit: 334 });
  });

  it("routes each type to the Express saga with retries and a DLQ, keeps unknown types, archives everything, lets only named partners in", () => {
    // Prepare / Act
    const rules = new Map(resourcesOf(dev, "aws_cloudwatch_event_rule").map(([, r]) => [r.name as string, r]));
    const targets = resourcesOf(dev, "aws_cloudwatch_event_target").map(([, t]) => t);
    const policy = policyIn(one(dev, "aws_cloudwatch_event_bus_policy"));
    // Assess
    expect(one(dev, "aws_cloudwatch_event_bus")).toMatchObject({ name: "mdl-dev-use1-market-events", kms_key_identifier: expect.stringContaining("aws_kms_key.key") });
    expect(one(dev, "aws_cloudwatch_event_archive")).toMatchObject({ name: "mdl-dev-use1-market-events-archive", retention_days: 7 });
    expect(resourcesOf(prod, "aws_cloudwatch_event_archive").map(([, a]) => [a.provider ?? "default", a.retention_days])).toEqual([["default", 30], ["aws.secondary", 30]]);
    expect(JSON.parse(rules.get("mdl-dev-use1-market-events-trade")!.event_pattern)).toEqual({ source: ["market-data.ingest", "partner.exchange-feed"], "detail-type": ["trade"] });
    expect(JSON.parse(rules.get("mdl-dev-use1-market-events-unknown-types")!.event_pattern)).toEqual({ source: ["market-data.ingest", "partner.exchange-feed"], "detail-type": [{ "anything-but": ["trade", "quote", "orderbook"] }] });
    expect(targets).toHaveLength(4);
    for (const target of targets) {
      expect(target.retry_policy).toEqual({ maximum_retry_attempts: 185, maximum_event_age_in_seconds: 86_400 });
      expect(target.dead_letter_config.arn).toContain("aws_sqs_queue");
    }
    expect(targets.filter((t) => t.arn === "arn:aws:states:us-east-1:123456789012:stateMachine:mdl-dev-use1-market-events-saga")).toHaveLength(3);
    // The state machine is encrypted with the stack's key: its starters encrypt the input with it.
    const starter = policyIn(resourceAt(dev, "aws_iam_role_policy", "bus/trade-role/permissions"));
    expect(starter.Statement.map((s) => s.Action)).toEqual(["states:StartExecution", ["kms:GenerateDataKey", "kms:Decrypt"]]);
    expect(statement(policy, "PutEventsFromExchangeFeed")).toMatchObject({ Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "events:PutEvents", Condition: { StringEquals: { "events:source": "partner.exchange-feed" } } });
    expect(policy.Statement).toHaveLength(1);
  });

  it("dead-letters what the CMK bus itself cannot process into a queue only the bus may send to", () => {
    // Prepare / Act
    const bus = one(dev, "aws_cloudwatch_event_bus");
    const queue = byName(dev, "aws_sqs_queue", "mdl-dev-use1-market-events-dlq");
    const queuePolicy = policyIn(resourceAt(dev, "aws_sqs_queue_policy", "bus/bus/bus-dead-letters/policy"));
    // Assess
    expect(bus.dead_letter_config.arn).toBe(refTo(dev, "aws_sqs_queue", "bus/bus/bus-dead-letters/queue", "arn"));
    expect(queue.kms_master_key_id).toContain("aws_kms_key.key");
    expect(statement(queuePolicy, "BusDeadLetters")).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:event-bus/mdl-dev-use1-market-events" } } });
  });

  it("runs the saga as Express, logging ALL with data to a CMK log group, traced, encrypted, retrying and compensating", () => {
    // Prepare / Act
    const machine = one(dev, "aws_sfn_state_machine");
    const definition = JSON.parse(machine.definition);
    // Assess
    expect(machine).toMatchObject({ type: "EXPRESS", tracing_configuration: { enabled: true }, logging_configuration: { level: "ALL", include_execution_data: true }, encryption_configuration: { type: "CUSTOMER_MANAGED_KMS_KEY" } });
    expect(machine.logging_configuration.log_destination).toMatch(/aws_cloudwatch_log_group\..*\.arn}:\*$/);
    expect(Object.keys(definition.States)).toEqual(expect.arrayContaining(["Validate", "Enrich", "Store", "Publish", "Compensate", "NotifyCompensated", "Compensated"]));
    expect(definition.States.Store.Retry[0]).toMatchObject({ IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3, MaxDelaySeconds: 8, JitterStrategy: "FULL" });
    expect(definition.States.Store.Catch[0]).toMatchObject({ ErrorEquals: ["States.ALL"], Next: "Compensate" });
    expect(definition.States.Publish.Parameters.Entries[0]).toMatchObject({ EventBusName: "mdl-dev-use1-market-events", Source: "market-data.saga", DetailType: "stored" });
    expect(definition.States.NotifyCompensated.Parameters.TopicArn).toBe("arn:aws:sns:us-east-1:123456789012:mdl-dev-use1-data-quality-alerts");
  });

  it("stores events in one table with the symbol and type indexes, and replicates it and the idempotency table in prod only", () => {
    // Prepare / Act
    const events = byName(prod, "aws_dynamodb_table", "mdl-prd-use1-market-events-store");
    const idempotency = byName(prod, "aws_dynamodb_table", "mdl-prd-use1-market-events-idempotency");
    // Assess
    expect(events).toMatchObject({ hash_key: "pk", range_key: "sk", billing_mode: "PAY_PER_REQUEST", point_in_time_recovery: { enabled: true }, deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(events.global_secondary_index.map((i: ResourceBody) => [i.name, i.hash_key, i.range_key])).toEqual([["symbol-by-time", "gsi1pk", "gsi1sk"], ["type-by-day", "gsi2pk", "gsi2sk"]]);
    expect(events.replica).toEqual([expect.objectContaining({ region_name: "eu-west-1", point_in_time_recovery: true })]);
    expect(events).toMatchObject({ stream_enabled: true, stream_view_type: "NEW_AND_OLD_IMAGES" });
    expect(idempotency).toMatchObject({ hash_key: "id", ttl: { attribute_name: "expiration", enabled: true } });
    expect(idempotency.replica).toHaveLength(1);
    for (const [, table] of resourcesOf(dev, "aws_dynamodb_table")) expect(table.replica).toBeUndefined();
  });

  it("gives prod a provider alias for eu-west-1 with its own key and a replica bus that every event is replicated to", () => {
    // Prepare / Act
    const providers = prod.provider!.aws;
    const replicate = byName(prod, "aws_cloudwatch_event_rule", "mdl-prd-use1-market-events-replicate");
    const buses = resourcesOf(prod, "aws_cloudwatch_event_bus").map(([, b]) => b);
    // Assess
    expect(providers.map((p) => p.alias ?? "default")).toEqual(["default", "secondary"]);
    expect(providers[1].region).toBe("eu-west-1");
    expect(buses.map((b) => b.provider ?? "default")).toEqual(["default", "aws.secondary"]);
    expect(JSON.parse(replicate.event_pattern).source).toContain("market-data.saga");
    const secondaryTopic = resourcesOf(prod, "aws_sns_topic").find(([, t]) => t.provider === "aws.secondary")![1];
    expect(secondaryTopic.name).toBe("mdl-prd-use1-market-events-alerts");
    const secondaryAlarms = resourcesOf(prod, "aws_cloudwatch_metric_alarm").filter(([, a]) => a.provider === "aws.secondary").map(([, a]) => a);
    expect(secondaryAlarms.map((a) => a.alarm_name)).toEqual(["mdl-prd-use1-market-events-dlq-not-empty"]);
    expect(secondaryAlarms[0].alarm_actions).toEqual([expect.stringContaining("aws_sns_topic.secondary_resources_alerts_topic")]);
    expect(dev.provider!.aws).toHaveLength(1);
  });

  it("sizes the functions' reserved concurrency from the peak and grants each step only its table actions", () => {
    // Prepare / Act
    const fns = new Map(resourcesOf(prod, "aws_lambda_function").map(([, f]) => [f.function_name as string, f]));
    const storeRole = resourceAt(dev, "aws_iam_role_policy", "saga/store/role/permissions");
    // Assess
    expect(fns.get("mdl-prd-use1-market-events-ingest")).toMatchObject({ reserved_concurrent_executions: 84, memory_size: 512, architectures: ["arm64"] });
    expect(fns.get("mdl-prd-use1-market-events-saga-store")).toMatchObject({ reserved_concurrent_executions: 334, handler: "index.handler" });
    expect(fns.get("mdl-prd-use1-market-events-saga-store")!.environment.variables.SAGA_STEP).toBe("store");
    expect(fns.get("mdl-prd-use1-market-events-saga-compensate")!.reserved_concurrent_executions).toBe(34);
    expect(fns.get("mdl-prd-use1-market-events-ingest")!.vpc_config).toBeUndefined();
    expect(statement(policyIn(storeRole), "WriteEvents").Action).toEqual(["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:ConditionCheckItem"]);
  });

  it("alarms on the API, the saga, every rule, every queue and every table", () => {
    // Prepare / Act
    const names = resourcesOf(prod, "aws_cloudwatch_metric_alarm").map(([, a]) => a.alarm_name as string);
    // Assess
    expect(names).toEqual(expect.arrayContaining([
      "mdl-prd-use1-market-events-api-5xx",
      "mdl-prd-use1-market-events-api-4xx-rate",
      "mdl-prd-use1-market-events-saga-failed",
      "mdl-prd-use1-market-events-saga-timed-out",
      "mdl-prd-use1-market-events-trade-failed-invocations",
      "mdl-prd-use1-market-events-trade-dlq-send-failed",
      "mdl-prd-use1-market-events-dlq-not-empty",
      "mdl-prd-use1-market-events-unknown-types-not-empty",
      "mdl-prd-use1-market-events-store-throttled",
      "mdl-prd-use1-market-events-store-replication-eu-west-1",
      "mdl-prd-use1-market-events-ingest-errors",
    ]));
  });

  it("in local mode, delivers to a queue instead of the state machine (the local server 500s on that target)", () => {
    // Prepare / Act
    const local = synthEvents(ENVIRONMENTS.dev, { backend: "local", localAwsEndpoint: "http://127.0.0.1:5000" });
    const targets = resourcesOf(local, "aws_cloudwatch_event_target").map(([, t]) => String(t.arn));
    // Assess
    expect(targets.filter((arn) => arn.includes("saga-input"))).toHaveLength(3);
    expect(local.output?.local_saga_input_queue_url).toBeDefined();
  });
});
