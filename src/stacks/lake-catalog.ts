import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueDataCatalogEncryptionSettings } from "@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings";
import { Construct } from "constructs";
import { LAKE_DATASETS, type EnvironmentConfig } from "../config";
import { ParquetTable } from "../constructs/parquet-table";
import type { EtlNames } from "./etl-names";
import type { LakeKeys } from "./lake-keys";
import type { LakeStorage } from "./lake-storage";
import { CURATED_COLUMNS, PROCESSED_COLUMNS, type CuratedTable } from "./lake-tables";

/** First trading date the tables' partition projection covers. */
export const CATALOG_FIRST_DATE = "2020-01-01";

export interface LakeCatalogProps {
  readonly config: EnvironmentConfig;
  readonly names: EtlNames;
  readonly keys: LakeKeys;
  readonly storage: LakeStorage;
  /**
   * Set the account's Data Catalog encryption (one setting per account and region: the stack of
   * the environment that owns the account sets it). @default true
   */
  readonly manageCatalogEncryption?: boolean;
}

/**
 * The Data Catalog of the processed and curated tiers: a database each, a table per dataset
 * (processed) and per curated product, defined here with their columns rather than crawled (a
 * crawler infers types, and may infer other ones from one odd file). Catalog metadata and
 * connection passwords are encrypted with the catalog key.
 */
export class LakeCatalog extends Construct {
  readonly processedDatabase: GlueCatalogDatabase;
  readonly curatedDatabase: GlueCatalogDatabase;
  readonly processedTables: readonly ParquetTable[];
  readonly curatedTables: readonly ParquetTable[];

  constructor(scope: Construct, id: string, props: LakeCatalogProps) {
    super(scope, id);
    const { names, storage } = props;
    if (props.manageCatalogEncryption ?? true) {
      const key = props.keys.catalog.arn;
      new GlueDataCatalogEncryptionSettings(this, "encryption", {
        dataCatalogEncryptionSettings: {
          encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: key },
          connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: key },
        },
      });
    }
    const database = (dbId: string, name: string, description: string) =>
      new GlueCatalogDatabase(this, dbId, { name, description, lifecycle: { preventDestroy: true } });
    this.processedDatabase = database("processed", names.processedDatabase, `Processed market data (${props.config.environment}): typed, deduplicated Parquet per dataset`);
    this.curatedDatabase = database("curated", names.curatedDatabase, `Curated market data (${props.config.environment}): 1-minute bars, daily bars, quote statistics`);
    this.processedTables = LAKE_DATASETS.map(
      (dataset) =>
        new ParquetTable(this, `processed-${dataset}`, {
          databaseName: this.processedDatabase.name,
          tableName: dataset,
          description: `Processed ${dataset}: one row per distinct record, typed`,
          location: `s3://${storage.tiers.processed.name}/dataset=${dataset}/`,
          columns: PROCESSED_COLUMNS[dataset],
          firstDate: CATALOG_FIRST_DATE,
        }),
    );
    this.curatedTables = (Object.keys(CURATED_COLUMNS) as CuratedTable[]).map(
      (table) =>
        new ParquetTable(this, `curated-${table}`, {
          databaseName: this.curatedDatabase.name,
          tableName: table,
          description: `Curated ${table.replace(/_/g, " ")} per symbol and trading date`,
          location: `s3://${storage.tiers.curated.name}/${table}/`,
          columns: CURATED_COLUMNS[table],
          firstDate: CATALOG_FIRST_DATE,
        }),
    );
  }
}
