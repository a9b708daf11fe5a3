import type { Construct } from "constructs";
import { EventStoreTable } from "./event-store-table";
import type { LakeKey } from "./lake-key";

/** Attribute names of lineage items; the handler and the table definition share them. */
export const LINEAGE_ATTRIBUTES = {
  /** "<bucket>/<key>#<version id or etag>": one item per object version. */
  objectId: "object_id",
  dataset: "dataset",
  /** "<STATUS>#<YYYY-MM-DD>#<key>": lets the index list a dataset's objects by status, then date. */
  statusDate: "status_date",
  /** Epoch seconds after which DynamoDB TTL deletes the item. */
  expiresAt: "expires_at",
} as const;

export const LINEAGE_INDEX = "by-dataset-status-date";

export interface LineageTableProps {
  readonly tableName: string;
  readonly encryptionKey: LakeKey;
  readonly region: string;
  /** SNS topics the table's alarms notify. */
  readonly alarmActions: readonly string[];
}

/**
 * The lineage record of every raw object version: an EventStoreTable (on-demand, CMK encryption,
 * point-in-time recovery, deletion protection and `prevent_destroy`, throttling and error alarms)
 * with TTL and an index to list objects of a dataset by status and date.
 */
export class LineageTable extends EventStoreTable {
  constructor(scope: Construct, id: string, props: LineageTableProps) {
    const a = LINEAGE_ATTRIBUTES;
    super(scope, id, {
      ...props,
      partitionKey: a.objectId,
      indexes: [{ indexName: LINEAGE_INDEX, partitionKey: a.dataset, sortKey: a.statusDate }],
      ttlAttribute: a.expiresAt,
    });
  }
}
