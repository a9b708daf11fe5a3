import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
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
}

/**
 * The lineage record of every raw object version: on-demand capacity (ingest is bursty), CMK
 * encryption, point-in-time recovery, TTL, deletion protection and `prevent_destroy`, and an
 * index to list objects of a dataset by status and date.
 */
export class LineageTable extends Construct {
  readonly table: DynamodbTable;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: LineageTableProps) {
    super(scope, id);
    const a = LINEAGE_ATTRIBUTES;
    this.table = new DynamodbTable(this, "table", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: a.objectId,
      attribute: [
        { name: a.objectId, type: "S" },
        { name: a.dataset, type: "S" },
        { name: a.statusDate, type: "S" },
      ],
      globalSecondaryIndex: [{ name: LINEAGE_INDEX, hashKey: a.dataset, rangeKey: a.statusDate, projectionType: "ALL" }],
      ttl: { attributeName: a.expiresAt, enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.encryptionKey.arn },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
    this.arn = this.table.arn;
    this.name = this.table.name;
  }
}
