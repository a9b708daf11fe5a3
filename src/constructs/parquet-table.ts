import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import { Construct } from "constructs";

/** A column as the Glue Data Catalog (Hive DDL types) holds it. */
export interface CatalogColumn {
  readonly name: string;
  /** Hive type: string, double, bigint, timestamp, array<string>, ... */
  readonly type: string;
  readonly comment?: string;
}

export interface ParquetTableProps {
  readonly databaseName: string;
  readonly tableName: string;
  readonly description: string;
  /** `s3://bucket/prefix/` holding `date=YYYY-MM-DD/` directories of Parquet files. */
  readonly location: string;
  readonly columns: readonly CatalogColumn[];
  /** First trading date queries may address (partition projection range start), YYYY-MM-DD. */
  readonly firstDate: string;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A catalog table over Parquet files partitioned by `date`, with Athena partition projection:
 * partitions are computed from the query's date predicate and the location template, so a new
 * day is queryable the moment the job writes it, with no crawler, no MSCK REPAIR and no
 * BatchCreatePartition in the jobs (which therefore need no catalog write permission). A query
 * without a date predicate would enumerate every day since `firstDate`; Athena's per-query scan
 * cutoff (workgroup) bounds its cost.
 */
export class ParquetTable extends Construct {
  readonly table: GlueCatalogTable;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ParquetTableProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9_]*$/.test(props.tableName)) throw new Error(`${this.node.path}: tableName "${props.tableName}" must be lowercase letters, digits and underscores (Athena folds names to lowercase)`);
    if (!DATE_PATTERN.test(props.firstDate)) throw new Error(`${this.node.path}: firstDate "${props.firstDate}" is not YYYY-MM-DD`);
    if (!props.location.startsWith("s3://") || !props.location.endsWith("/")) throw new Error(`${this.node.path}: location "${props.location}" must be an s3:// prefix ending in "/"`);
    const names = props.columns.map((c) => c.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated || names.includes("date")) throw new Error(`${this.node.path}: column "${repeated ?? "date"}" is repeated or clashes with the partition key "date"`);
    this.table = new GlueCatalogTable(this, "table", {
      databaseName: props.databaseName,
      name: props.tableName,
      description: props.description,
      tableType: "EXTERNAL_TABLE",
      parameters: {
        EXTERNAL: "TRUE",
        classification: "parquet",
        "parquet.compression": "SNAPPY",
        "projection.enabled": "true",
        "projection.date.type": "date",
        "projection.date.format": "yyyy-MM-dd",
        "projection.date.range": `${props.firstDate},NOW`,
        "projection.date.interval": "1",
        "projection.date.interval.unit": "DAYS",
        // "$${" is Terraform's escape for a literal "${": Athena, not Terraform, fills in the date.
        "storage.location.template": `${props.location}date=$\${date}/`,
      },
      partitionKeys: [{ name: "date", type: "string", comment: "Trading date (YYYY-MM-DD) of the partition" }],
      storageDescriptor: {
        location: props.location,
        inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", parameters: { "serialization.format": "1" } },
        columns: props.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
      },
      lifecycle: { preventDestroy: true },
    });
    this.name = this.table.name;
  }
}
