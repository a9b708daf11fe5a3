import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import type { LakeKey } from "./lake-key";
import { addMetricAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

export interface TableIndex {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** A replica of a global table in another region, encrypted with a key of that region. */
export interface TableReplica {
  readonly region: string;
  readonly keyArn: string;
}

export interface DynamoTableProps {
  readonly tableName: string;
  /** String partition key attribute. */
  readonly partitionKey: string;
  /** String sort key attribute. @default none */
  readonly sortKey?: string;
  /** Global secondary indexes over string keys, projecting every attribute. @default none */
  readonly indexes?: readonly TableIndex[];
  /** Attribute of epoch seconds after which DynamoDB TTL deletes the item. @default no TTL */
  readonly ttlAttribute?: string;
  readonly encryptionKey: LakeKey;
  /** The table's own region (a replica there is refused). */
  readonly region: string;
  /**
   * Replicas (global tables, version 2019.11.21). Each needs a key of its region; the table gets a
   * NEW_AND_OLD_IMAGES stream, which replication reads. @default none: a single-region table
   */
  readonly replicas?: readonly TableReplica[];
  /** SNS topics the alarms notify. */
  readonly alarmActions: readonly string[];
}

/**
 * An on-demand DynamoDB table with the lake's production settings: CMK encryption, point-in-time
 * recovery (on each replica too), deletion protection and `prevent_destroy`, optional TTL, indexes
 * and replicas, and alarms on throttled requests, system errors and (replicated) replication latency.
 */
export class DynamoTable extends Construct {
  readonly table: DynamodbTable;
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DynamoTableProps) {
    super(scope, id);
    const replicas = props.replicas ?? [];
    const ownRegion = replicas.find((r) => r.region === props.region);
    if (ownRegion) throw new Error(`${this.node.path}: replicas lists ${props.region}, the table's own region; list only other regions`);
    if (new Set(replicas.map((r) => r.region)).size !== replicas.length) throw new Error(`${this.node.path}: replicas lists a region twice`);
    const keys = [props.partitionKey, ...(props.sortKey ? [props.sortKey] : []), ...(props.indexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey])];
    this.table = new DynamodbTable(this, "table", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: props.partitionKey,
      rangeKey: props.sortKey,
      attribute: [...new Set(keys)].map((name) => ({ name, type: "S" })),
      globalSecondaryIndex: props.indexes?.map((i) => ({ name: i.indexName, hashKey: i.partitionKey, rangeKey: i.sortKey, projectionType: "ALL" })),
      ttl: props.ttlAttribute ? { attributeName: props.ttlAttribute, enabled: true } : undefined,
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.encryptionKey.arn },
      deletionProtectionEnabled: true,
      ...(replicas.length > 0
        ? {
            streamEnabled: true,
            streamViewType: "NEW_AND_OLD_IMAGES",
            replica: replicas.map((r) => ({ regionName: r.region, kmsKeyArn: r.keyArn, pointInTimeRecovery: true, propagateTags: true })),
          }
        : {}),
      lifecycle: { preventDestroy: true },
    });
    this.name = this.table.name;
    this.arn = this.table.arn;
    this.addAlarms(props, replicas);
  }

  private addAlarms(props: DynamoTableProps, replicas: readonly TableReplica[]): void {
    // A table without traffic publishes no data points: nothing was throttled or failed.
    const base = { namespace: "AWS/DynamoDB", statistic: "Sum", threshold: 0, periodSeconds: 300, actions: props.alarmActions, treatMissingData: "notBreaching", runbook: RUNBOOK_SECTIONS.tableThrottledOrFailing } as const;
    addMetricAlarm(this, "throttled", {
      ...base,
      alarmName: `${props.tableName}-throttled`,
      description: `${props.tableName} throttled requests: on-demand tables throttle above twice their previous peak or a partition's limit; the callers retry, so it pages only as a ticket`,
      metricName: "ThrottledRequests",
      dimensions: { TableName: props.tableName },
      severity: "ticket",
    });
    addMetricAlarm(this, "system-errors", {
      ...base,
      alarmName: `${props.tableName}-system-errors`,
      description: `${props.tableName} answered HTTP 500s (SystemErrors): DynamoDB itself failed requests; the callers retried them`,
      metricName: "SystemErrors",
      dimensions: { TableName: props.tableName },
      severity: "ticket",
    });
    for (const replica of replicas) {
      addMetricAlarm(this, `replication-latency-${replica.region}`, {
        ...base,
        alarmName: `${props.tableName}-replication-${replica.region}`,
        description: `Writes to ${props.tableName} take over a minute to reach its ${replica.region} replica: the second region would lose that much on a failover`,
        metricName: "ReplicationLatency",
        dimensions: { TableName: props.tableName, ReceivingRegion: replica.region },
        statistic: "Average",
        threshold: 60_000,
        severity: "page",
        runbook: RUNBOOK_SECTIONS.replicationBehind,
      });
    }
  }
}
