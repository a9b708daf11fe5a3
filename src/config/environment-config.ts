/**
 * The typed shape of one deployment environment of the market data lake.
 *
 * Every value here is validated by `validateEnvironmentConfig` at synth time, so a wrong
 * value fails `cdktf synth` with a message naming the field and what is allowed.
 */

import { DATASETS } from "../../handlers/validation/core/datasets";

export const ENVIRONMENT_NAMES = ["dev", "staging", "prod"] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export const DATA_CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

export const GLACIER_STORAGE_CLASSES = ["GLACIER", "GLACIER_IR"] as const;
export type GlacierStorageClass = (typeof GLACIER_STORAGE_CLASSES)[number];

/** AWS services reached from inside the VPC through interface endpoints. */
export const INTERFACE_ENDPOINT_SERVICES = [
  "sqs",
  "sns",
  "kinesis-streams",
  "firehose",
  "glue",
  "kms",
  "logs",
  "monitoring",
  "xray",
  "sts",
] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** The lake's storage tiers; each has its own bucket and its own KMS key. */
export const DATA_TIERS = ["raw", "processed", "curated"] as const;
export type DataTier = (typeof DATA_TIERS)[number];

export interface CostTags {
  /** Finance cost center charged for the environment, e.g. "CC-4410". */
  readonly costCenter: string;
  /** Owning team's address or handle, e.g. "market-data-platform@example.com". */
  readonly owner: string;
  /** Highest classification of data held; drives reviews, not resource settings. */
  readonly dataClassification: DataClassification;
}

export interface NetworkConfig {
  /** IPv4 CIDR of the lake VPC, e.g. "10.40.0.0/16". Prefix /16 to /24. */
  readonly vpcCidr: string;
  /**
   * One private subnet per availability zone, same order as `availabilityZones`.
   * Each must lie inside `vpcCidr`; none may overlap.
   */
  readonly privateSubnetCidrs: readonly string[];
  /** At least two zones of `region`, e.g. ["us-east-1a", "us-east-1b"]. */
  readonly availabilityZones: readonly string[];
  /** Interface endpoints to create (each costs per AZ-hour): only what code in the VPC calls. */
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
}

export interface TierLifecycleConfig {
  /** Years objects are kept before they expire (regulatory retention). */
  readonly retentionYears: number;
  /** Days after creation to move to S3 Intelligent-Tiering; 0 = at once. */
  readonly intelligentTieringDays: number;
  /** Days after creation to move to Glacier (the design fixes 90). */
  readonly glacierDays: number;
  /** Glacier Flexible Retrieval ("GLACIER") or Glacier Instant Retrieval ("GLACIER_IR"). */
  readonly glacierStorageClass: GlacierStorageClass;
  /** Days after creation to move to Glacier Deep Archive; omit to stay in Glacier. */
  readonly deepArchiveDays?: number;
  /** Days a non-current object version is kept after it is overwritten or deleted. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days before an unfinished multipart upload is aborted and its parts deleted. */
  readonly abortIncompleteMultipartUploadDays: number;
}

export interface CapacityConfig {
  /** Expected daily ingest in terabytes (the design sizes for ~50). */
  readonly expectedTbPerDay: number;
  /** Peak records per second across all feeds (streaming ingest sizing). */
  readonly peakEventsPerSecond: number;
  /**
   * Peak market events a minute posted to the market events API and put on its EventBridge bus
   * (the design sizes for 100,000); sizes the PutEvents quota the account needs.
   */
  readonly peakMarketEventsPerMinute: number;
  /**
   * Peak MB (10^6 bytes) per second written to the Kinesis stream by all producers; with
   * `peakEventsPerSecond` it sizes a PROVISIONED stream's shards (src/config/stream-sizing.ts).
   */
  readonly peakStreamMegabytesPerSecond: number;
}

export const OUT_OF_ORDER_POLICIES = ["flag", "reject"] as const;
export type OutOfOrderPolicy = (typeof OUT_OF_ORDER_POLICIES)[number];

/** The validation stage: S3 events -> SQS -> validation Lambda. */
export interface ValidationConfig {
  /** Lambda memory; CPU grows with it (1769 MB = one full vCPU). */
  readonly memoryMb: number;
  /** Lambda timeout; must cover the largest object at the measured throughput. Max 900. */
  readonly timeoutSeconds: number;
  /** Messages (objects) per invocation, 1-10. */
  readonly batchSize: number;
  /** Seconds the event source waits to fill a batch, 0-300. */
  readonly batchWindowSeconds: number;
  /**
   * Bytes per second one function instance validates end to end (S3 read, gunzip, validate,
   * gzip, S3 write); sizes reserved concurrency from capacity. From `npm run bench`'s "handler CPU
   * path" rows: input MB per CPU-second times the function's vCPUs (2048 MB is ~1.16 vCPU). Trades
   * CSV, the costliest input per byte, measures ~49 MB/s per CPU-second, so ~57 per instance.
   */
  readonly perFunctionMegabytesPerSecond: number;
  /** Share of rejected records (0-1) in one object above which an SNS data-quality alert is sent. */
  readonly rejectRateAlertThreshold: number;
  /** Days lineage items are kept (DynamoDB TTL). */
  readonly lineageTtlDays: number;
  /** Largest quote spread allowed, as a fraction of the mid price. */
  readonly maxSpreadRatio: number;
  /** Price change versus the previous print of a symbol above which a record is flagged. */
  readonly priceJumpRatio: number;
  /** What a timestamp earlier than the previous one of the same symbol does: flag or reject. */
  readonly outOfOrderPolicy: OutOfOrderPolicy;
  /**
   * A failed message comes back after baseSeconds x 2^(receives - 1), at most maxSeconds, instead of
   * after the queue's visibility timeout (6x the function timeout): the function shortens it.
   */
  readonly redelivery: { readonly baseSeconds: number; readonly maxSeconds: number };
  /**
   * The only endpoints subscribed to (and allowed to subscribe to) the alert topic: its policy
   * denies sns:Subscribe for any other endpoint or protocol, whatever a principal's IAM allows,
   * because alerts carry object keys and reject details. Empty: no subscription is possible.
   */
  readonly alertSubscriptions: readonly AlertSubscription[];
}

export const ALERT_PROTOCOLS = ["email", "https", "sqs", "lambda"] as const;
export type AlertProtocol = (typeof ALERT_PROTOCOLS)[number];

/** One subscriber of the alert topic, as SNS Subscribe takes it. */
export interface AlertSubscription {
  readonly protocol: AlertProtocol;
  /**
   * email: an address; https: a URL; sqs / lambda: the ARN of a queue or function of the
   * environment's own account and region (a subscriber elsewhere would take alerts out of it).
   */
  readonly endpoint: string;
}

/** Schedule intervals a Glue cron expression can express evenly through the day. */
export const ETL_SCHEDULE_MINUTES = [15, 20, 30, 60, 120, 180, 240, 360, 720, 1440] as const;

export const GLUE_WORKER_TYPES = ["G.1X", "G.2X", "G.4X", "G.8X"] as const;
export type GlueWorkerType = (typeof GLUE_WORKER_TYPES)[number];
export const GLUE_EXECUTION_CLASSES = ["STANDARD", "FLEX"] as const;
export type GlueExecutionClass = (typeof GLUE_EXECUTION_CLASSES)[number];

/** One Glue job's size and limits (see src/config/etl-sizing.ts for how prod's are derived). */
export interface GlueJobConfig {
  /** G.1X = 4 vCPU / 16 GB, G.2X = 8 / 32, G.4X = 16 / 64, G.8X = 32 / 128. FLEX takes G.1X or G.2X only. */
  readonly workerType: GlueWorkerType;
  /** Most workers a run may use (auto scaling starts fewer and grows to this). 2-1000. */
  readonly maxWorkers: number;
  /** Minutes before a run is stopped as TIMEOUT (1-2880; FLEX and STANDARD alike). */
  readonly timeoutMinutes: number;
  /** Automatic retries of a failed run (0-10); the jobs are idempotent per partition. */
  readonly maxRetries: number;
  /** FLEX runs on spare capacity (cheaper, may start later); STANDARD starts at once. */
  readonly executionClass: GlueExecutionClass;
}

/** The Glue ETL stage: validated/ -> processed (Parquet) -> curated (bars, aggregates, quote statistics). */
export interface EtlConfig {
  /** Minutes between scheduled workflow runs (raw-to-processed, then processed-to-curated): 15, 20, 30, 60, 120, 180, 240, 360, 720 or 1440. */
  readonly scheduleMinutes: number;
  readonly rawToProcessed: GlueJobConfig;
  readonly processedToCurated: GlueJobConfig;
  /** Target Parquet file size of processed partitions (128-512 MB). */
  readonly targetFileMb: number;
  /** Sale condition codes whose trades count toward volume but set no price (one character each). */
  readonly noPriceConditions: readonly string[];
  /** Days the jobs' temporary files and Spark UI event logs (`_glue/` of the tier buckets) are kept. */
  readonly scratchRetentionDays: number;
}

export const STREAM_MODES = ["ON_DEMAND", "PROVISIONED"] as const;
export type StreamMode = (typeof STREAM_MODES)[number];
/** Where a new event source mapping starts reading (AT_TIMESTAMP needs a timestamp: not offered). */
export const STREAM_STARTING_POSITIONS = ["LATEST", "TRIM_HORIZON"] as const;
export type StreamStartingPosition = (typeof STREAM_STARTING_POSITIONS)[number];

/** The record path: Kinesis stream -> Firehose (raw bucket) and -> EFO consumer -> real-time function. */
export interface StreamingConfig {
  /** ON_DEMAND scales by itself; PROVISIONED takes a shard count derived from capacity (stream-sizing.ts). */
  readonly streamMode: StreamMode;
  /** Hours records stay readable in the stream (24-8760); the time to fix a stalled consumer before data is lost. */
  readonly retentionHours: number;
  /** Firehose buffer size in MB before an object is written (64-128: dynamic partitioning needs at least 64). */
  readonly firehoseBufferMb: number;
  /** Firehose buffer time in seconds before an object is written (60-900). */
  readonly firehoseBufferSeconds: number;
  /** Real-time function memory (128-10240 MB). */
  readonly functionMemoryMb: number;
  /** Real-time function timeout (1-900 s). */
  readonly functionTimeoutSeconds: number;
  /** Records per invocation (1-10000). */
  readonly batchSize: number;
  /** Seconds the event source waits to fill a batch (0-300). */
  readonly batchWindowSeconds: number;
  /** Concurrent batches per shard (1-10); order per partition key (symbol) is kept. */
  readonly parallelizationFactor: number;
  /** Retries of a failed batch before its records go to the on-failure queue (0-10000). */
  readonly maximumRetryAttempts: number;
  /** Oldest record (60-604800 s) the function still gets; older records go to the on-failure queue. */
  readonly maximumRecordAgeSeconds: number;
  /** Where the mapping starts reading when it is created. */
  readonly startingPosition: StreamStartingPosition;
  /** Price change versus the symbol's last price above which the real-time function raises an anomaly. */
  readonly priceJumpRatio: number;
  /** Seconds without a tick of a symbol inside a batch that count as a gap anomaly. */
  readonly maxGapSeconds: number;
  /** Iterator age (ms) of the consumer or of GetRecords readers (Firehose) above which an alarm fires. */
  readonly iteratorAgeAlarmMs: number;
  /** Oldest undelivered record in Firehose (s) above which an alarm fires (AWS advises <= 900). */
  readonly deliveryFreshnessAlarmSeconds: number;
}

/** Consumers' query path on the curated tier. */
export interface AthenaConfig {
  /** Largest scan one query may do before Athena cancels it (10 MB - 7 EB as AWS allows; here 10 MB - 10 TB). */
  readonly bytesScannedCutoffPerQueryMb: number;
  /** Days query results (`athena-results/` of the curated bucket) are kept. */
  readonly resultRetentionDays: number;
}

/** Another AWS account that writes raw data (producer) or reads curated data (consumer). */
export interface ExternalAccountConfig {
  /** Short name used in role names, e.g. "exchange-feed": lowercase letters, digits, hyphens. */
  readonly name: string;
  /** 12-digit AWS account id of the partner. */
  readonly accountId: string;
  /** Secret-ish value the partner must pass as sts:ExternalId (2-1224 chars of [\w+=,.@:/-]). */
  readonly externalId: string;
  /**
   * The ExternalId being rotated out: accepted beside `externalId` until the partner has switched,
   * then removed (docs/runbook.md, "Rotating a partner's ExternalId").
   * @default none: only `externalId` is accepted
   */
  readonly previousExternalId?: string;
  /**
   * IAM roles or users of the partner account that may assume the role (aws:PrincipalArn, `*`
   * allowed in the name), e.g. ["arn:aws:iam::210987654321:role/feed-uploader"].
   * @default any principal of the partner account that knows the ExternalId
   */
  readonly principalArns?: readonly string[];
}

/** The datasets of the lake: the validator's list, so the two cannot drift. */
export const LAKE_DATASETS = DATASETS;
export type LakeDataset = (typeof DATASETS)[number];

export interface ProducerConfig extends ExternalAccountConfig {
  /** Datasets this producer writes: its role may put objects under `dataset=<d>/` of these only. */
  readonly datasets: readonly LakeDataset[];
}

/** When ingestion is too low to be normal: a window of the trading week, in UTC. */
export interface MarketHoursUtc {
  /** "HH:MM" UTC, Monday to Friday. */
  readonly open: string;
  /** "HH:MM" UTC, after `open` on the same UTC day. */
  readonly close: string;
}

/** The anomaly detection alarms on the stream's IncomingRecords. */
export interface IngestionRateAlarmConfig {
  /** Width of the expected band in standard deviations (CloudWatch's ANOMALY_DETECTION_BAND; 2 is its default). */
  readonly bandWidth: number;
  /** Consecutive 5-minute periods outside the band before an alarm fires. */
  readonly evaluationPeriods: number;
  /**
   * Below the band only counts inside this window. Metric math knows UTC only: for US equities
   * 14:30-20:00 is regular trading hours in both EST (14:30-21:00Z) and EDT (13:30-20:00Z).
   */
  readonly marketHoursUtc: MarketHoursUtc;
}

/** Thresholds and links of the alarm catalog (src/constructs/metric-alarm.ts). */
export interface AlarmsConfig {
  /** Where alarm descriptions link their runbook sections: the runbook's https URL, or its path in the repository (docs/runbook.md). */
  readonly runbookUrl: string;
  /** Share of a function's or Glue job's timeout its p99 duration (or a run) may reach before an alarm (0.5-0.95). */
  readonly durationShareOfTimeout: number;
  /** Age (s) of the validation queue's oldest message above which an alarm fires. */
  readonly validationBacklogAgeSeconds: number;
  readonly ingestionRate: IngestionRateAlarmConfig;
}

/** A partner account allowed to put events on the market events bus. */
export interface BusPartnerConfig {
  /** Short name (2-31 lowercase letters, digits or hyphens); names the bus policy statement. */
  readonly name: string;
  readonly accountId: string;
}

/** Retries of a saga task (src/constructs/saga-definition.ts, SagaRetry). */
export interface SagaRetryConfig {
  readonly intervalSeconds: number;
  readonly backoffRate: number;
  readonly maxAttempts: number;
  readonly maxDelaySeconds: number;
}

/**
 * The market events stack (`market-events-<env>`): HTTP API -> ingest function -> EventBridge bus
 * -> Step Functions saga -> DynamoDB. Rates and concurrency come from capacity.peakMarketEventsPerMinute
 * (src/config/market-events-capacity.ts).
 */
export interface MarketEventsConfig {
  /** The JWT issuer (`iss`), an https URL of the identity provider, e.g. a Cognito user pool. */
  readonly jwtIssuer: string;
  /** Accepted `aud` (or Cognito `client_id`) values; at least one. */
  readonly jwtAudiences: readonly string[];
  /** The JWT claim naming the producer: part of the idempotency key, so two producers' ids never clash. */
  readonly tenantClaim: string;
  /** Browser origins allowed to call the API (https), or [] for none (server-to-server only). */
  readonly corsAllowOrigins: readonly string[];
  /** Largest batch of one request. */
  readonly maxEventsPerRequest: number;
  /** Largest request body in bytes (the HTTP API stops at 10 MB). */
  readonly maxBodyBytes: number;
  /** Most levels per side of an order book. */
  readonly maxOrderBookDepth: number;
  /** A repeated event id within this many seconds is answered "duplicate". */
  readonly idempotencyWindowSeconds: number;
  /** Days the bus archive keeps every event for replay (30 in prod). */
  readonly archiveRetentionDays: number;
  /** Mean events per request the producers send at peak; sizes API throttling and ingest concurrency. */
  readonly averageEventsPerRequest: number;
  readonly ingest: {
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    /** p99 wall time of one request (s), DynamoDB claims and PutEvents included. */
    readonly p99SecondsPerRequest: number;
  };
  readonly saga: {
    /** Memory of each step function. */
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    /** p99 wall time of one step (s). */
    readonly p99SecondsPerStep: number;
    readonly retry: SagaRetryConfig;
  };
  /** EventBridge target retries before an event goes to the rule's DLQ. */
  readonly delivery: { readonly maximumRetryAttempts: number; readonly maximumEventAgeSeconds: number };
  /** Accounts allowed to PutEvents on the bus directly (the bus policy); [] for none. */
  readonly busPartners: readonly BusPartnerConfig[];
  /**
   * A second region with a replica bus and table replicas (global tables), or undefined for a
   * single-region environment.
   */
  readonly secondaryRegion?: string;
}

export interface EnvironmentConfig {
  /** Short project code prefixed to every name, e.g. "mdl": 2-8 lowercase letters/digits. */
  readonly project: string;
  readonly environment: EnvironmentName;
  /** Suffix in resource names for this environment, e.g. "dev", "stg", "prd". */
  readonly environmentSuffix: string;
  /** AWS region, e.g. "us-east-1". */
  readonly region: string;
  /** The 12-digit account the environment deploys to; the provider refuses any other. */
  readonly accountId: string;
  readonly tags: CostTags;
  readonly network: NetworkConfig;
  /** Storage lifecycle per data tier. */
  readonly lifecycle: Readonly<Record<DataTier, TierLifecycleConfig>>;
  /** CloudWatch Logs retention for every log group of the environment (an allowed CloudWatch value). */
  readonly logRetentionDays: number;
  /** Days the server access logs of the lake buckets are kept. */
  readonly accessLogRetentionDays: number;
  readonly capacity: CapacityConfig;
  /**
   * Time zone (IANA name) of each dataset's trading dates: a `date=` partition, a record's
   * `trading_date` and a Glue partition are civil dates there, not UTC dates (a US trade at 19:30
   * New York time in winter is already the next UTC day). US equities: "America/New_York".
   */
  readonly partitionTimeZones: Readonly<Record<LakeDataset, string>>;
  readonly validation: ValidationConfig;
  readonly etl: EtlConfig;
  readonly streaming: StreamingConfig;
  readonly athena: AthenaConfig;
  readonly alarms: AlarmsConfig;
  readonly marketEvents: MarketEventsConfig;
  readonly producers: readonly ProducerConfig[];
  readonly consumers: readonly ExternalAccountConfig[];
}
