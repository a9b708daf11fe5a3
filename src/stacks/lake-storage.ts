import { Construct } from "constructs";
import { DATA_TIERS, type DataTier, type EnvironmentConfig } from "../config";
import type { Naming } from "../config/naming";
import { expiringLifecycleRules, tierLifecycleRules, type ShortLivedPrefix } from "../constructs/bucket-lifecycle";
import { SecureBucket } from "../constructs/secure-bucket";
import type { LakeKeys } from "./lake-keys";

export interface LakeStorageProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly keys: LakeKeys;
  /** See `SecureBucketProps.enforceConditionalDenies`. @default true */
  readonly enforceConditionalDenies?: boolean;
}

/** Where the Glue jobs keep temporary files and Spark UI event logs, in the tier they write. */
export const GLUE_SCRATCH_PREFIX = "_glue/";
/** Where Athena writes consumers' query results, in the curated tier. */
export const ATHENA_RESULTS_PREFIX = "athena-results/";

function shortLivedPrefixes(config: EnvironmentConfig, tier: DataTier): ShortLivedPrefix[] {
  if (tier === "raw") return [];
  const scratch = { prefix: GLUE_SCRATCH_PREFIX, days: config.etl.scratchRetentionDays };
  return tier === "curated" ? [scratch, { prefix: ATHENA_RESULTS_PREFIX, days: config.athena.resultRetentionDays }] : [scratch];
}

/**
 * The lake's buckets. Object keys in every tier follow `dataset=<dataset>/date=YYYY-MM-DD/<file>`
 * (Hive-style partitions that Glue, Athena and Spark prune on), e.g.
 * `dataset=trades/date=2026-11-20/nyse-000123.csv.gz`.
 */
export class LakeStorage extends Construct {
  readonly accessLogs: SecureBucket;
  readonly tiers: Readonly<Record<DataTier, SecureBucket>>;

  constructor(scope: Construct, id: string, { config, naming, keys, enforceConditionalDenies }: LakeStorageProps) {
    super(scope, id);
    this.accessLogs = new SecureBucket(this, "access-logs", {
      bucketName: naming.bucket("access-logs"),
      accountId: config.accountId,
      receivesAccessLogs: true,
      encryption: { kind: "s3-managed", justification: "S3 server access log delivery supports only SSE-S3 on the destination bucket, not SSE-KMS" },
      lifecycleRules: expiringLifecycleRules(config.accessLogRetentionDays),
      enforceConditionalDenies,
    });
    const tier = (name: DataTier) =>
      new SecureBucket(this, name, {
        bucketName: naming.bucket(name),
        accountId: config.accountId,
        encryption: { kind: "kms", key: keys.tiers[name] },
        accessLogsTo: this.accessLogs,
        lifecycleRules: tierLifecycleRules(config.lifecycle[name], shortLivedPrefixes(config, name)),
        // Raw object events drive validation; EventBridge lets later stages subscribe without touching the bucket.
        eventBridgeNotifications: name === "raw",
        enforceConditionalDenies,
      });
    this.tiers = Object.fromEntries(DATA_TIERS.map((name) => [name, tier(name)])) as Record<DataTier, SecureBucket>;
  }
}
