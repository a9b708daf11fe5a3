import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { TerraformOutput, Testing } from "cdktf";
import type { Construct } from "constructs";
import { EVENTS_TABLE_KEYS, IDEMPOTENCY_TABLE_KEYS, INSTRUMENTS_TABLE_KEYS } from "../../handlers/market-events/saga/event-store-schema";
import { EventStoreTable, TABLE_OPERATIONS, type EventStoreTableProps } from "../../src/constructs/event-store-table";
import { LakeKey } from "../../src/constructs/lake-key";
import { EVENTS_TABLE, IDEMPOTENCY_TABLE, INSTRUMENTS_TABLE } from "../../src/constructs/market-event-tables";
import { ALL_RULES, evaluateGuardrails } from "../../src/policy";
import { refTo, resourceAt, resourcesOf, synthScope, type SynthesizedJson } from "../support/synth";

const ACCOUNT = "123456789012";
const ALERTS = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
const EU_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const AP_KEY = `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function build(scope: Construct, extra: Partial<EventStoreTableProps> = {}): EventStoreTable {
  const key = new LakeKey(scope, "key", { aliasName: "alias/me", description: "me", accountId: ACCOUNT, region: "us-east-1", usedVia: ["dynamodb"] });
  return new EventStoreTable(scope, "events", { ...EVENTS_TABLE, tableName: "mdl-dev-use1-market-events-store", region: "us-east-1", encryptionKey: key, alarmActions: [ALERTS], ...extra });
}
const synthTable = (extra: Partial<EventStoreTableProps> = {}): SynthesizedJson => synthScope((scope) => build(scope, extra));
const tableOf = (json: SynthesizedJson) => resourceAt(json, "aws_dynamodb_table", "events/table");
const alarmsByName = (json: SynthesizedJson) => Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name as string, a]));

describe("EventStoreTable", () => {
  const json = synthTable();
  const table = tableOf(json);

  it("is on-demand, CMK-encrypted, recoverable, deletion-protected and prevent_destroy", () => {
    expect(table).toEqual({
      name: "mdl-dev-use1-market-events-store",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "pk",
      range_key: "sk",
      attribute: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
        { name: "gsi1pk", type: "S" },
        { name: "gsi1sk", type: "S" },
        { name: "gsi2pk", type: "S" },
        { name: "gsi2sk", type: "S" },
      ],
      global_secondary_index: [
        { name: "symbol-by-time", hash_key: "gsi1pk", range_key: "gsi1sk", projection_type: "ALL" },
        { name: "type-by-day", hash_key: "gsi2pk", range_key: "gsi2sk", projection_type: "ALL" },
      ],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: refTo(json, "aws_kms_key", "key/key", "arn") },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("has no stream, TTL or replica unless asked, and exposes name, ARN and no stream ARN", () => {
    const scope = Testing.synthScope((s) => {
      const t = build(s);
      expect(t.streamArn).toBeUndefined();
      new TerraformOutput(s, "arn", { value: t.arn });
      new TerraformOutput(s, "name", { value: t.name });
    });
    expect(scope).toHaveResourceWithProperties(DynamodbTable, { name: "mdl-dev-use1-market-events-store" });
    expect(JSON.parse(scope).output.arn.value).toBe(refTo(json, "aws_dynamodb_table", "events/table", "arn"));
    // A reference, so what uses the name is created after the table.
    expect(JSON.parse(scope).output.name.value).toBe(refTo(json, "aws_dynamodb_table", "events/table", "name"));
    expect(table.stream_enabled).toBeUndefined();
    expect(table.ttl).toBeUndefined();
    expect(table.replica).toBeUndefined();
  });

  it("alarms on 15 minutes of throttling summed over every operation, with the only dimensions DynamoDB publishes it under", () => {
    const alarm = alarmsByName(json)["mdl-dev-use1-market-events-store-throttled"];
    expect(alarm).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 0, evaluation_periods: 3, treat_missing_data: "notBreaching", alarm_actions: [ALERTS], ok_actions: [ALERTS] });
    expect(alarm.alarm_description).toMatch(/Runbook: docs\/runbook\.md#dynamodb-table-throttled-or-failing$/);
    expect(alarm.metric_query).toEqual([
      ...TABLE_OPERATIONS.map((Operation, i) => ({
        id: `m${i}`,
        return_data: false,
        metric: { namespace: "AWS/DynamoDB", metric_name: "ThrottledRequests", dimensions: { TableName: "mdl-dev-use1-market-events-store", Operation }, stat: "Sum", period: 300 },
      })),
      { id: "total", label: "ThrottledRequests (all operations)", expression: "SUM(METRICS())", return_data: true },
    ]);
    expect(alarm.metric_query).toHaveLength(11);
    expect(TABLE_OPERATIONS).toHaveLength(10);
    expect(alarm.dimensions).toBeUndefined();
  });

  it("alarms on any system error of any operation in 5 minutes", () => {
    const alarm = alarmsByName(json)["mdl-dev-use1-market-events-store-system-errors"];
    expect(alarm).toMatchObject({ threshold: 0, evaluation_periods: 1, treat_missing_data: "notBreaching" });
    expect(alarm.metric_query.filter((q: any) => q.metric).map((q: any) => [q.metric.metric_name, q.metric.dimensions.Operation])).toEqual(TABLE_OPERATIONS.map((o) => ["SystemErrors", o]));
    expect(alarm.metric_query.at(-1)).toEqual({ id: "total", label: "SystemErrors (all operations)", expression: "SUM(METRICS())", return_data: true });
  });

  it("has no replication alarm on a single-region table", () => {
    expect(Object.keys(alarmsByName(json)).sort()).toEqual(["mdl-dev-use1-market-events-store-system-errors", "mdl-dev-use1-market-events-store-throttled"]);
  });

  it("streams a change view when asked and exposes the stream ARN", () => {
    const json2 = synthScope((s) => new TerraformOutput(s, "stream", { value: build(s, { streamViewType: "NEW_IMAGE" }).streamArn }));
    expect(tableOf(json2)).toMatchObject({ stream_enabled: true, stream_view_type: "NEW_IMAGE" });
    expect(json2.output!.stream.value).toBe(refTo(json2, "aws_dynamodb_table", "events/table", "stream_arn"));
  });

  it("passes every guardrail (CMK, prevent_destroy, alarmed)", () => {
    expect(evaluateGuardrails(json, ALL_RULES)).toEqual([]);
    expect(evaluateGuardrails(synthTable({ replicaRegions: [{ region: "eu-west-1", kmsKeyArn: EU_KEY }] }), ALL_RULES)).toEqual([]);
  });
});

describe("EventStoreTable replicated (global tables 2019.11.21)", () => {
  const json = synthTable({ replicaRegions: [{ region: "eu-west-1", kmsKeyArn: EU_KEY }, { region: "ap-southeast-2", kmsKeyArn: AP_KEY }] });
  const table = tableOf(json);

  it("streams NEW_AND_OLD_IMAGES and makes each replica with its region's key, point-in-time recovery and the tags", () => {
    expect(table).toMatchObject({ stream_enabled: true, stream_view_type: "NEW_AND_OLD_IMAGES", deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(table.replica).toEqual([
      { region_name: "eu-west-1", kms_key_arn: EU_KEY, point_in_time_recovery: true, propagate_tags: true },
      { region_name: "ap-southeast-2", kms_key_arn: AP_KEY, point_in_time_recovery: true, propagate_tags: true },
    ]);
  });

  it("alarms per replica on ReplicationLatency (TableName + ReceivingRegion) averaging over a minute for 5 minutes", () => {
    const alarms = alarmsByName(json);
    for (const region of ["eu-west-1", "ap-southeast-2"]) {
      expect(alarms[`mdl-dev-use1-market-events-store-replication-${region}`]).toEqual({
        alarm_name: `mdl-dev-use1-market-events-store-replication-${region}`,
        alarm_description: expect.stringMatching(/Runbook: docs\/runbook\.md#second-region-replication-behind$/),
        namespace: "AWS/DynamoDB",
        metric_name: "ReplicationLatency",
        dimensions: { TableName: "mdl-dev-use1-market-events-store", ReceivingRegion: region },
        statistic: "Average",
        period: 60,
        evaluation_periods: 5,
        threshold: 60_000,
        comparison_operator: "GreaterThanThreshold",
        treat_missing_data: "notBreaching",
        alarm_actions: [ALERTS],
        ok_actions: [ALERTS],
      });
    }
    expect(alarms["mdl-dev-use1-market-events-store-replication-eu-west-1"].alarm_description).toContain("over 60 s");
    const custom = alarmsByName(synthTable({ replicaRegions: [{ region: "eu-west-1", kmsKeyArn: EU_KEY }], replicationLatencyAlarmMs: 5000 }));
    expect(custom["mdl-dev-use1-market-events-store-replication-eu-west-1"].threshold).toBe(5000);
  });

  it("accepts a replica key given as a reference (a key made through the other region's provider)", () => {
    const ref = synthScope((s) => {
      const euKey = new LakeKey(s, "eu-key", { aliasName: "alias/eu", description: "eu", accountId: ACCOUNT, region: "eu-west-1", usedVia: ["dynamodb"] });
      build(s, { replicaRegions: [{ region: "eu-west-1", kmsKeyArn: euKey.arn }] });
    });
    expect(tableOf(ref).replica[0].kms_key_arn).toBe(refTo(ref, "aws_kms_key", "eu-key/key", "arn"));
  });
});

describe("the market events table definitions", () => {
  it("take their keys from the handlers' schema", () => {
    expect(EVENTS_TABLE).toEqual({ partitionKey: EVENTS_TABLE_KEYS.partitionKey, sortKey: EVENTS_TABLE_KEYS.sortKey, indexes: [EVENTS_TABLE_KEYS.bySymbolTime, EVENTS_TABLE_KEYS.byTypeDay] });
    expect(INSTRUMENTS_TABLE).toEqual({ partitionKey: INSTRUMENTS_TABLE_KEYS.partitionKey });
    expect(IDEMPOTENCY_TABLE).toEqual({ partitionKey: "id", ttlAttribute: "expiration" });
    expect(IDEMPOTENCY_TABLE.ttlAttribute).toBe(IDEMPOTENCY_TABLE_KEYS.expiryAttribute);
  });

  it("make an instruments table keyed by symbol and an idempotency table keyed by id that TTL empties", () => {
    const json = synthScope((s) => {
      const key = new LakeKey(s, "key", { aliasName: "alias/me", description: "me", accountId: ACCOUNT, region: "us-east-1", usedVia: ["dynamodb"] });
      const base = { region: "us-east-1", encryptionKey: key, alarmActions: [ALERTS] };
      new EventStoreTable(s, "instruments", { ...INSTRUMENTS_TABLE, ...base, tableName: "mdl-dev-use1-market-events-instruments" });
      new EventStoreTable(s, "idempotency", { ...IDEMPOTENCY_TABLE, ...base, tableName: "mdl-dev-use1-market-events-idempotency" });
    });
    const instruments = resourceAt(json, "aws_dynamodb_table", "instruments/table");
    expect(instruments).toMatchObject({ hash_key: "symbol", attribute: [{ name: "symbol", type: "S" }], deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(instruments.range_key).toBeUndefined();
    expect(instruments.global_secondary_index).toBeUndefined();
    const idempotency = resourceAt(json, "aws_dynamodb_table", "idempotency/table");
    // Only the key is declared: the TTL attribute is a Number DynamoDB never indexes.
    expect(idempotency).toMatchObject({ hash_key: "id", attribute: [{ name: "id", type: "S" }], ttl: { attribute_name: "expiration", enabled: true }, deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } });
  });
});

describe("EventStoreTable refuses a bad configuration, naming the prop and what is allowed", () => {
  const refused = (extra: Partial<EventStoreTableProps>) => () => synthTable(extra);

  it("a replica in the table's own region, twice in one region, or with a key of another region", () => {
    expect(refused({ replicaRegions: [{ region: "us-east-1", kmsKeyArn: EU_KEY }] })).toThrow(/replicaRegions\[0\].region is us-east-1, the table's own region; list only other regions/);
    expect(refused({ replicaRegions: [{ region: "eu-west-1", kmsKeyArn: EU_KEY }, { region: "eu-west-1", kmsKeyArn: EU_KEY }] })).toThrow(/replicaRegions\[1\].region eu-west-1 is listed twice/);
    expect(refused({ replicaRegions: [{ region: "eu-west-1", kmsKeyArn: AP_KEY }] })).toThrow(/replicaRegions\[0\].kmsKeyArn ".*ap-southeast-2.*" must be the ARN of a KMS key in eu-west-1/);
    expect(refused({ replicaRegions: [{ region: "europe", kmsKeyArn: EU_KEY }] })).toThrow(/replicaRegions\[0\].region "europe" is not an AWS region name, e.g. "eu-west-1"/);
  });

  it("a stream view replicas cannot use", () => {
    expect(refused({ replicaRegions: [{ region: "eu-west-1", kmsKeyArn: EU_KEY }], streamViewType: "KEYS_ONLY" })).toThrow(/streamViewType KEYS_ONLY cannot replicate; a table with replicaRegions needs NEW_AND_OLD_IMAGES/);
  });

  it("names and keys DynamoDB refuses", () => {
    expect(refused({ tableName: "ab" })).toThrow(/tableName "ab" must be 3-255 characters of A-Z a-z 0-9 _ \. -/);
    expect(refused({ sortKey: "pk" })).toThrow(/sortKey "pk" is the partitionKey; a key's two attributes must differ/);
    expect(refused({ partitionKey: "" })).toThrow(/partitionKey "" must be an attribute name of 1-255 characters/);
    expect(refused({ indexes: [{ indexName: "by", partitionKey: "a" }] })).toThrow(/indexes\[0\].indexName "by" must be 3-255 characters/);
    expect(refused({ indexes: [{ indexName: "by-a", partitionKey: "a" }, { indexName: "by-a", partitionKey: "b" }] })).toThrow(/indexes\[1\].indexName "by-a" is used twice/);
    expect(refused({ indexes: [{ indexName: "by-a", partitionKey: "a", sortKey: "a" }] })).toThrow(/indexes\[0\].sortKey "a" is its partitionKey/);
    const many = Array.from({ length: 21 }, (_, i) => ({ indexName: `index-${i}`, partitionKey: `k${i}` }));
    expect(refused({ indexes: many })).toThrow(/indexes has 21 entries; DynamoDB allows at most 20 global secondary indexes/);
  });

  it("a TTL attribute that is a (string) key", () => {
    expect(refused({ ttlAttribute: "gsi1sk" })).toThrow(/ttlAttribute "gsi1sk" is a \(string\) key attribute; TTL needs a Number attribute that is not a key/);
  });

  it("a replication latency threshold that is not positive", () => {
    expect(refused({ replicaRegions: [{ region: "eu-west-1", kmsKeyArn: EU_KEY }], replicationLatencyAlarmMs: 0 })).toThrow(/replicationLatencyAlarmMs 0 must be a number of milliseconds above 0/);
  });

  it("accepts an index without a sort key", () => {
    const json = synthTable({ indexes: [{ indexName: "by-tenant", partitionKey: "tenant" }] });
    expect(tableOf(json).global_secondary_index).toEqual([{ name: "by-tenant", hash_key: "tenant", projection_type: "ALL" }]);
  });
});
