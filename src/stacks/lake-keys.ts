import { LAKE_PLATFORM_KEY_PURPOSE } from "./lake-references";
import { Construct } from "constructs";
import type { DataTier, EnvironmentConfig } from "../config";
import type { Naming } from "../config/naming";
import { LakeKey } from "../constructs/lake-key";

export interface LakeKeysProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
}

/**
 * One key per data tier plus one for the platform (logs, queues, topics, lineage table).
 *
 * Why not one key: a key policy is the last word on who can read data. With a key per tier,
 * consumer accounts get decrypt on the curated key only, so a mistake in a bucket policy can
 * never expose raw or processed data; producers can only encrypt into raw; and disabling one
 * key (incident response) stops one tier, not the lake. Four keys cost $4 a month; with S3
 * bucket keys on, request charges do not grow with the number of keys.
 */
export class LakeKeys extends Construct {
  readonly tiers: Readonly<Record<DataTier, LakeKey>>;
  readonly platform: LakeKey;
  readonly catalog: LakeKey;

  constructor(scope: Construct, id: string, { config, naming }: LakeKeysProps) {
    super(scope, id);
    const base = { accountId: config.accountId, region: config.region };
    this.tiers = {
      // Raw data also arrives through Kinesis and Firehose.
      raw: new LakeKey(this, "raw", { ...base, aliasName: naming.kmsAlias("raw"), description: `Raw market data tier (${config.environment})`, usedVia: ["s3", "kinesis", "firehose", "glue"] }),
      processed: new LakeKey(this, "processed", { ...base, aliasName: naming.kmsAlias("processed"), description: `Processed market data tier (${config.environment})`, usedVia: ["s3", "glue"] }),
      curated: new LakeKey(this, "curated", { ...base, aliasName: naming.kmsAlias("curated"), description: `Curated market data tier (${config.environment})`, usedVia: ["s3", "glue"] }),
    };
    this.platform = new LakeKey(this, "platform", {
      ...base,
      aliasName: naming.kmsAlias(LAKE_PLATFORM_KEY_PURPOSE),
      description: `Lake platform: logs, queues, topics, lineage (${config.environment})`,
      usedVia: ["sqs", "sns", "dynamodb", "lambda", "glue"],
      allowCloudWatchLogs: true,
      allowCloudWatchAlarms: true,
      allowS3Notifications: true,
      // The Glue failure rule publishes to the alert topic and dead-letters to a queue of this key.
      allowEventBridge: true,
    });
    // Its own key, not the platform's: consumers must decrypt catalog metadata (through Glue only)
    // to query, and should get nothing that also opens queues, topics or the lineage table.
    this.catalog = new LakeKey(this, "catalog", {
      ...base,
      aliasName: naming.kmsAlias("catalog"),
      description: `Glue Data Catalog metadata and connection passwords (${config.environment})`,
      usedVia: ["glue"],
    });
  }
}
