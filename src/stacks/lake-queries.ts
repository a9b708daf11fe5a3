import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config";
import { statementIdPart } from "../config/naming";
import { QueryWorkgroup, type SavedQuery } from "../constructs/athena-workgroup";
import type { PartnerAccessRole } from "../constructs/partner-access-role";
import type { EtlNames } from "./etl-names";
import type { LakeCatalog } from "./lake-catalog";
import type { LakeKeys } from "./lake-keys";
import { ATHENA_RESULTS_PREFIX, type LakeStorage } from "./lake-storage";
import { CURATED_COLUMNS } from "./lake-tables";

/** The common questions, as saved queries with `?` parameters (date first, then symbol). */
export const CONSUMER_QUERIES: readonly SavedQuery[] = [
  {
    name: "bars-of-symbol-and-day",
    description: "1-minute OHLCV bars of one symbol on one trading date. Parameters: date 'YYYY-MM-DD', symbol",
    sql: "SELECT bar_start, open, high, low, close, vwap, volume, trade_count FROM bars_1m WHERE date = ? AND symbol = ? ORDER BY bar_start",
  },
  {
    name: "vwap-of-symbol-and-day",
    description: "Daily VWAP, volume and notional of one symbol on one trading date, and the intraday VWAP from its bars. Parameters: date, symbol",
    sql: [
      "SELECT d.symbol, d.vwap AS daily_vwap, d.volume, d.notional,",
      "  SUM(b.notional) / NULLIF(SUM(b.priced_volume), 0) AS vwap_from_bars",
      "FROM daily_bars d JOIN bars_1m b ON b.date = d.date AND b.symbol = d.symbol",
      "WHERE d.date = ? AND d.symbol = ?",
      "GROUP BY d.symbol, d.vwap, d.volume, d.notional",
    ].join("\n"),
  },
  {
    name: "spread-statistics-of-day",
    description: "Quote spread statistics of every symbol on one trading date, widest mean spread first. Parameter: date",
    sql: "SELECT symbol, quote_count, mean_spread, median_spread, max_spread, crossed_count, locked_count FROM quote_stats WHERE date = ? ORDER BY mean_spread DESC",
  },
];

export interface LakeQueriesProps {
  readonly config: EnvironmentConfig;
  readonly names: EtlNames;
  readonly keys: LakeKeys;
  readonly storage: LakeStorage;
  readonly catalog: LakeCatalog;
  /** Consumer partner roles by partner name: each may query the curated tables in this workgroup only. */
  readonly consumers: ReadonlyMap<string, PartnerAccessRole>;
}

/** Consumers' query path: one enforced Athena workgroup over the curated database. */
export class LakeQueries extends Construct {
  readonly workgroup: QueryWorkgroup;

  constructor(scope: Construct, id: string, props: LakeQueriesProps) {
    super(scope, id);
    const { config, keys, storage, catalog } = props;
    this.workgroup = new QueryWorkgroup(this, "consumers", {
      workgroupName: props.names.athenaWorkgroup,
      description: `Consumers' queries over the curated tier (${config.environment}); results under ${ATHENA_RESULTS_PREFIX}, kept ${config.athena.resultRetentionDays} days`,
      accountId: config.accountId,
      region: config.region,
      bucket: storage.tiers.curated,
      bucketKey: keys.tiers.curated,
      resultsPrefix: ATHENA_RESULTS_PREFIX,
      databaseName: catalog.curatedDatabase.name,
      bytesScannedCutoffPerQueryMb: config.athena.bytesScannedCutoffPerQueryMb,
      savedQueries: CONSUMER_QUERIES,
    });
    const tableNames = Object.keys(CURATED_COLUMNS);
    for (const [name, consumer] of props.consumers) {
      this.workgroup.grantQuery(`Consumer${statementIdPart(name)}`, consumer.role, { databaseName: props.names.curatedDatabase, tableNames, catalogKey: keys.catalog });
    }
  }
}
