import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { LakeKey } from "./lake-key";
import { addMathAlarm, addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

/** DynamoDB's limits (CreateTable): names of tables and indexes, attribute names, indexes per table. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const MAX_ATTRIBUTE_NAME = 255;
const MAX_INDEXES = 20;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The data-plane operations AWS/DynamoDB publishes ThrottledRequests and SystemErrors under (only
 * with TableName and Operation: a TableName-only alarm on them never gets data). Ten, the most
 * metrics one alarm's math may use.
 */
export const TABLE_OPERATIONS = ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems"] as const;
export type TableOperation = (typeof TABLE_OPERATIONS)[number];

export type StreamViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";

/** A global secondary index over string keys, projecting every attribute. */
export interface TableIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  /** @default none */
  readonly sortKey?: string;
}

/** A replica (global tables version 2019.11.21) in another region, encrypted with a key of that region. */
export interface TableReplicaDefinition {
  readonly region: string;
  /** ARN of a customer-managed key in `region`; its policy must let DynamoDB use it (LakeKey usedVia "dynamodb"). */
  readonly kmsKeyArn: string;
}

/** What a table holds, without where it lives: the keys, indexes and TTL (see market-event-tables.ts). */
export interface TableDefinition {
  /** String partition key attribute. */
  readonly partitionKey: string;
  /** String sort key attribute. @default none */
  readonly sortKey?: string;
  /** Global secondary indexes. @default none */
  readonly indexes?: readonly TableIndexDefinition[];
  /** Attribute of epoch seconds (a Number) after which TTL deletes the item; not a key. @default no TTL */
  readonly ttlAttribute?: string;
}

export interface EventStoreTableProps extends TableDefinition {
  /** 3-255 characters of A-Z a-z 0-9 _ . - */
  readonly tableName: string;
  /** The table's own region (a replica there is refused). */
  readonly region: string;
  /** Encrypts the table; its policy must let DynamoDB use it (LakeKey usedVia "dynamodb": DynamoDB also creates grants). */
  readonly encryptionKey: LakeKey;
  /**
   * Replicas in other regions. The table then streams NEW_AND_OLD_IMAGES, which replication
   * reads; each replica has point-in-time recovery and the table's tags. @default none
   */
  readonly replicaRegions?: readonly TableReplicaDefinition[];
  /** A stream of item changes. @default none, or NEW_AND_OLD_IMAGES when replicated (the only view replicas accept) */
  readonly streamViewType?: StreamViewType;
  /** SNS topics the alarms notify. */
  readonly alarmActions: readonly string[];
  /** Average ReplicationLatency (ms) that, for five minutes in a row, raises a replica's alarm. @default 60000 */
  readonly replicationLatencyAlarmMs?: number;
}

/**
 * An on-demand DynamoDB table with production settings: customer-managed key encryption,
 * point-in-time recovery (replicas too), deletion protection and `prevent_destroy`, optional TTL,
 * indexes, stream and replicas, and alarms on sustained throttling, on system errors and (when
 * replicated) on each replica's replication latency.
 *
 * No opt-out from protection: every table of this platform holds state an invariant depends on
 * (the idempotency table too: losing it within the idempotency window lets a retried request
 * publish its events again). UserErrors is not alarmed: DynamoDB publishes it per account and
 * region, not per table, and ConditionalCheckFailed (the exactly-once writes) is expected.
 */
export class EventStoreTable extends Construct {
  readonly table: DynamodbTable;
  /** A reference to the table's name, so what uses it is created after the table. */
  readonly name: string;
  readonly arn: string;
  /** The latest stream's ARN; undefined without a stream. */
  readonly streamArn?: string;

  constructor(scope: Construct, id: string, props: EventStoreTableProps) {
    super(scope, id);
    const replicas = props.replicaRegions ?? [];
    this.check(props, replicas);
    const stream = props.streamViewType ?? (replicas.length > 0 ? "NEW_AND_OLD_IMAGES" : undefined);
    const indexes = props.indexes ?? [];
    const keys = [props.partitionKey, props.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])].filter((k): k is string => k !== undefined);
    this.table = new DynamodbTable(this, "table", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: props.partitionKey,
      rangeKey: props.sortKey,
      // Only key attributes are declared; DynamoDB is schemaless for the rest.
      attribute: [...new Set(keys)].map((name) => ({ name, type: "S" })),
      globalSecondaryIndex: indexes.length > 0 ? indexes.map((i) => ({ name: i.indexName, hashKey: i.partitionKey, rangeKey: i.sortKey, projectionType: "ALL" })) : undefined,
      ttl: props.ttlAttribute ? { attributeName: props.ttlAttribute, enabled: true } : undefined,
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.encryptionKey.arn },
      deletionProtectionEnabled: true,
      streamEnabled: stream !== undefined ? true : undefined,
      streamViewType: stream,
      replica: replicas.length > 0 ? replicas.map((r) => ({ regionName: r.region, kmsKeyArn: r.kmsKeyArn, pointInTimeRecovery: true, propagateTags: true })) : undefined,
      lifecycle: { preventDestroy: true },
    });
    this.name = this.table.name;
    this.arn = this.table.arn;
    this.streamArn = stream !== undefined ? this.table.streamArn : undefined;
    this.addAlarms(props, replicas);
  }

  private check(props: EventStoreTableProps, replicas: readonly TableReplicaDefinition[]): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!TABLE_NAME.test(props.tableName)) fail(`tableName "${props.tableName}" must be 3-255 characters of A-Z a-z 0-9 _ . -`);
    const attribute = (field: string, value: string | undefined) => {
      if (value !== undefined && (value.length === 0 || value.length > MAX_ATTRIBUTE_NAME)) fail(`${field} "${value}" must be an attribute name of 1-${MAX_ATTRIBUTE_NAME} characters`);
    };
    attribute("partitionKey", props.partitionKey);
    attribute("sortKey", props.sortKey);
    if (props.sortKey === props.partitionKey) fail(`sortKey "${props.sortKey}" is the partitionKey; a key's two attributes must differ`);
    const indexes = props.indexes ?? [];
    if (indexes.length > MAX_INDEXES) fail(`indexes has ${indexes.length} entries; DynamoDB allows at most ${MAX_INDEXES} global secondary indexes`);
    const indexNames = new Set<string>();
    indexes.forEach((index, i) => {
      if (!TABLE_NAME.test(index.indexName)) fail(`indexes[${i}].indexName "${index.indexName}" must be 3-255 characters of A-Z a-z 0-9 _ . -`);
      if (indexNames.has(index.indexName)) fail(`indexes[${i}].indexName "${index.indexName}" is used twice`);
      indexNames.add(index.indexName);
      attribute(`indexes[${i}].partitionKey`, index.partitionKey);
      attribute(`indexes[${i}].sortKey`, index.sortKey);
      if (index.sortKey === index.partitionKey) fail(`indexes[${i}].sortKey "${index.sortKey}" is its partitionKey; a key's two attributes must differ`);
    });
    const keys = [props.partitionKey, props.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    attribute("ttlAttribute", props.ttlAttribute);
    // Keys are strings here, and TTL reads a Number: a key attribute could never expire.
    if (props.ttlAttribute !== undefined && keys.includes(props.ttlAttribute)) fail(`ttlAttribute "${props.ttlAttribute}" is a (string) key attribute; TTL needs a Number attribute that is not a key`);
    const regions = new Set<string>();
    replicas.forEach((r, i) => {
      if (!REGION.test(r.region)) fail(`replicaRegions[${i}].region "${r.region}" is not an AWS region name, e.g. "eu-west-1"`);
      if (r.region === props.region) fail(`replicaRegions[${i}].region is ${r.region}, the table's own region; list only other regions`);
      if (regions.has(r.region)) fail(`replicaRegions[${i}].region ${r.region} is listed twice`);
      regions.add(r.region);
      const keyRegion = Token.isUnresolved(r.kmsKeyArn) ? undefined : /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(key|alias)\/.+$/.exec(r.kmsKeyArn)?.[1];
      if (!Token.isUnresolved(r.kmsKeyArn) && keyRegion !== r.region) fail(`replicaRegions[${i}].kmsKeyArn "${r.kmsKeyArn}" must be the ARN of a KMS key in ${r.region}`);
    });
    if (replicas.length > 0 && props.streamViewType !== undefined && props.streamViewType !== "NEW_AND_OLD_IMAGES") {
      fail(`streamViewType ${props.streamViewType} cannot replicate; a table with replicaRegions needs NEW_AND_OLD_IMAGES (or leave streamViewType out)`);
    }
    const latency = props.replicationLatencyAlarmMs ?? 60_000;
    if (!(latency > 0)) fail(`replicationLatencyAlarmMs ${latency} must be a number of milliseconds above 0`);
  }

  private addAlarms(props: EventStoreTableProps, replicas: readonly TableReplicaDefinition[]): void {
    const { tableName, alarmActions } = props;
    // One metric per operation (their only dimension set), summed: SUM(METRICS()) adds whatever
    // operations published, so an idle operation does not hide another's data.
    const perOperation = (metricName: string) => [
      ...TABLE_OPERATIONS.map((operation, i) => ({
        id: `m${i}`,
        returnData: false,
        metric: { namespace: "AWS/DynamoDB", metricName, dimensions: { TableName: tableName, Operation: operation }, stat: "Sum", period: 300 },
      })),
      { id: "total", label: `${metricName} (all operations)`, expression: "SUM(METRICS())", returnData: true },
    ];
    // A table without traffic publishes no data points: nothing was throttled or failed.
    addMathAlarm(this, "throttled", {
      alarmName: `${tableName}-throttled`,
      description: `${tableName} throttled requests for 15 minutes (ThrottledRequests, all operations): on-demand tables throttle above twice their previous peak or on a hot partition; callers retry with backoff, so nothing is lost yet`,
      metricQuery: perOperation("ThrottledRequests"),
      comparison: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 3,
      runbook: RUNBOOK_SECTIONS.tableThrottledOrFailing,
      treatMissingData: "notBreaching",
      severity: "ticket",
      actions: alarmActions,
    });
    addMathAlarm(this, "system-errors", {
      alarmName: `${tableName}-system-errors`,
      description: `${tableName} answered HTTP 500s (SystemErrors, all operations): DynamoDB itself failed requests; the callers retried them`,
      metricQuery: perOperation("SystemErrors"),
      comparison: "GreaterThanThreshold",
      threshold: 0,
      runbook: RUNBOOK_SECTIONS.tableThrottledOrFailing,
      treatMissingData: "notBreaching",
      severity: "ticket",
      actions: alarmActions,
    });
    const latencyMs = props.replicationLatencyAlarmMs ?? 60_000;
    for (const replica of replicas) {
      // Published in the table's region, per receiving region; no writes, no data points.
      addMetricAlarm(this, `replication-latency-${replica.region}`, {
        alarmName: `${tableName}-replication-${replica.region}`,
        description: `Writes to ${tableName} took over ${latencyMs / 1000} s on average for 5 minutes to reach its ${replica.region} replica: a failover would lose that window`,
        namespace: "AWS/DynamoDB",
        metricName: "ReplicationLatency",
        dimensions: { TableName: tableName, ReceivingRegion: replica.region },
        statistic: "Average",
        threshold: latencyMs,
        periodSeconds: 60,
        evaluationPeriods: 5,
        runbook: RUNBOOK_SECTIONS.replicationBehind,
        treatMissingData: "notBreaching",
        // The primary keeps serving and replication catches up by itself (runbook): not a page.
        severity: "ticket",
        actions: alarmActions,
      });
    }
  }
}
