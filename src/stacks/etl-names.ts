import type { Naming } from "../config/naming";

/** The two Glue jobs, by what they move; each name purpose is also its script's file name stem. */
export const ETL_JOBS = {
  rawToProcessed: { purpose: "raw-to-processed", script: "raw_to_processed.py" },
  processedToCurated: { purpose: "processed-to-curated", script: "processed_to_curated.py" },
} as const;
export type EtlJob = keyof typeof ETL_JOBS;

/** Names of the ETL resources an operator and the `npm run glue` command address. */
export interface EtlNames {
  readonly jobs: Readonly<Record<EtlJob, string>>;
  /** Glue workflow: a scheduled trigger starts raw-to-processed, its success processed-to-curated. */
  readonly workflow: string;
  readonly processedDatabase: string;
  readonly curatedDatabase: string;
  readonly athenaWorkgroup: string;
}

/** Glue names allow underscores, not hyphens, in database names (Athena reads them unquoted). */
const databaseName = (naming: Naming, tier: string) => naming.resource(tier).replace(/-/g, "_");

export function etlNames(naming: Naming): EtlNames {
  return {
    jobs: { rawToProcessed: naming.resource(ETL_JOBS.rawToProcessed.purpose), processedToCurated: naming.resource(ETL_JOBS.processedToCurated.purpose) },
    workflow: naming.resource("etl"),
    processedDatabase: databaseName(naming, "processed"),
    curatedDatabase: databaseName(naming, "curated"),
    athenaWorkgroup: naming.resource("consumers"),
  };
}
