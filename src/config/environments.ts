import type { EnvironmentConfig, TierLifecycleConfig } from "./environment-config";

/**
 * The environments of the lake. Account ids and ExternalIds below are placeholders for the
 * team's own (dev uses 123456789012, the account the local AWS API server answers with, so the
 * local end-to-end run deploys this exact config). Synth needs no AWS account or credentials.
 */

const standardTier = (retentionYears: number): TierLifecycleConfig => ({
  retentionYears,
  intelligentTieringDays: 0,
  glacierDays: 90,
  glacierStorageClass: "GLACIER_IR",
  deepArchiveDays: 365,
  noncurrentVersionExpirationDays: 30,
  abortIncompleteMultipartUploadDays: 7,
});

const dev: EnvironmentConfig = {
  project: "mdl",
  environment: "dev",
  environmentSuffix: "dev",
  region: "us-east-1",
  accountId: "123456789012",
  tags: { costCenter: "CC-4410", owner: "market-data-platform@example.com", dataClassification: "internal" },
  network: {
    vpcCidr: "10.40.0.0/16",
    privateSubnetCidrs: ["10.40.0.0/20", "10.40.16.0/20"],
    availabilityZones: ["us-east-1a", "us-east-1b"],
    interfaceEndpoints: ["sqs", "sns", "kinesis-streams", "firehose", "glue", "kms", "logs", "monitoring", "xray", "sts"],
  },
  // Dev keeps one year of data and never reaches Deep Archive (retrieval there takes 12-48 h).
  lifecycle: {
    raw: { ...standardTier(1), glacierStorageClass: "GLACIER", deepArchiveDays: undefined, noncurrentVersionExpirationDays: 7 },
    processed: { ...standardTier(1), deepArchiveDays: undefined, noncurrentVersionExpirationDays: 7 },
    curated: { ...standardTier(1), deepArchiveDays: undefined, noncurrentVersionExpirationDays: 7 },
  },
  logRetentionDays: 30,
  accessLogRetentionDays: 90,
  capacity: { expectedTbPerDay: 1, peakEventsPerSecond: 20_000, peakMarketEventsPerMinute: 6_000, peakStreamMegabytesPerSecond: 4 },
  // US equities, consolidated tape: the trading day is New York's (staging and prod inherit it).
  partitionTimeZones: { trades: "America/New_York", quotes: "America/New_York", bars: "America/New_York" },
  validation: {
    // 2048 MB gives a little over one vCPU. Per 100 MB of trades the function spends ~0.4 s
    // validating (one thread) and ~1.1 s gzipping the ~220 MB of accepted JSON lines (threadpool,
    // overlapping validation): CPU-bound, so throughput scales with memory and cost per byte does not.
    memoryMb: 2048,
    // A 5 GB object at the measured end-to-end rate (~57 MB/s, see README benchmarks) takes ~90 s; 900 s
    // leaves room for slow S3 reads without letting a stuck invocation hold a message for long.
    timeoutSeconds: 900,
    batchSize: 5,
    batchWindowSeconds: 5,
    perFunctionMegabytesPerSecond: 55,
    rejectRateAlertThreshold: 0.01,
    lineageTtlDays: 400,
    maxSpreadRatio: 0.05,
    priceJumpRatio: 0.2,
    outOfOrderPolicy: "flag",
    // 30 s, 60 s, then the DLQ (maxReceiveCount 3): minutes for a poison message, not the 4.5 h
    // three 90-minute visibility timeouts took; transient S3 or DynamoDB errors get quick retries.
    redelivery: { baseSeconds: 30, maxSeconds: 900 },
    alertSubscriptions: [{ protocol: "email", endpoint: "market-data-platform@example.com" }],
  },
  // Dev: small Flex runs once an hour; no latency target.
  etl: {
    scheduleMinutes: 60,
    rawToProcessed: { workerType: "G.1X", maxWorkers: 4, timeoutMinutes: 60, maxRetries: 1, executionClass: "FLEX" },
    processedToCurated: { workerType: "G.1X", maxWorkers: 2, timeoutMinutes: 60, maxRetries: 1, executionClass: "FLEX" },
    targetFileMb: 256,
    // CTA/UTP "update last sale: no" codes: average price, out of sequence, extended hours, odd lot, cash, next day, seller, price variation, prior reference, derivatively priced, qualified contingent.
    noPriceConditions: ["B", "W", "Z", "U", "T", "I", "C", "N", "R", "H", "P", "4", "7"],
    scratchRetentionDays: 7,
  },
  // Dev: on-demand (no sizing to get wrong), the shortest retention Kinesis allows, small Firehose buffers.
  alarms: {
    runbookUrl: "docs/runbook.md",
    durationShareOfTimeout: 0.8,
    // A message that failed once waits out the visibility timeout (6x the function timeout) before
    // its retry; 15 min of age means retries, throttling or a consumer that stopped.
    validationBacklogAgeSeconds: 900,
    ingestionRate: { bandWidth: 2, evaluationPeriods: 3, marketHoursUtc: { open: "14:30", close: "20:00" } },
  },
  streaming: {
    streamMode: "ON_DEMAND",
    retentionHours: 24,
    firehoseBufferMb: 64,
    firehoseBufferSeconds: 60,
    functionMemoryMb: 512,
    functionTimeoutSeconds: 60,
    batchSize: 500,
    batchWindowSeconds: 1,
    parallelizationFactor: 2,
    maximumRetryAttempts: 3,
    maximumRecordAgeSeconds: 3_600,
    startingPosition: "LATEST",
    priceJumpRatio: 0.2,
    maxGapSeconds: 60,
    iteratorAgeAlarmMs: 60_000,
    // Firehose's multi-stage buffering can hold a record up to 1.5x the buffer interval.
    deliveryFreshnessAlarmSeconds: 300,
  },
  athena: { bytesScannedCutoffPerQueryMb: 10_000, resultRetentionDays: 7 },
  producers: [{ name: "exchange-feed", accountId: "210987654321", externalId: "mdl-dev-exchange-feed-7f3a9c", datasets: ["trades", "quotes", "bars"] }],
  consumers: [{ name: "quant-research", accountId: "345678901234", externalId: "mdl-dev-quant-research-41be07" }],
  // Market events: producers authenticate with Cognito client credentials, whose access tokens carry
  // `client_id` (the HTTP API's JWT authorizer checks it against the audiences); it names the tenant.
  marketEvents: {
    jwtIssuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_mdlDev001",
    jwtAudiences: ["mdl-dev-market-events"],
    tenantClaim: "client_id",
    corsAllowOrigins: ["https://market-events.dev.example.com"],
    maxEventsPerRequest: 500,
    maxBodyBytes: 1_048_576,
    maxOrderBookDepth: 50,
    idempotencyWindowSeconds: 86_400,
    archiveRetentionDays: 7,
    averageEventsPerRequest: 10,
    // 512 MB (~0.29 vCPU): bench:market-events measures 24.6k events per CPU-second, so a full
    // 500-event batch needs ~70 ms of CPU here; the rest of a request is waiting on DynamoDB and
    // PutEvents, which more memory does not shorten.
    ingest: { memoryMb: 512, timeoutSeconds: 10, p99SecondsPerRequest: 0.25 },
    // Each step is one small computation or one DynamoDB call. 1 s, 2 s, 4 s: 7 s of waiting at
    // most per step, far inside Express's 5 minutes.
    saga: { memoryMb: 256, timeoutSeconds: 10, p99SecondsPerStep: 0.1, retry: { intervalSeconds: 1, backoffRate: 2, maxAttempts: 3, maxDelaySeconds: 8 } },
    // EventBridge's own maximum (24 h, 185 attempts): an outage of the saga delays events, it never drops them.
    delivery: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 },
    busPartners: [{ name: "exchange-feed", accountId: "210987654321" }],
  },
};

const staging: EnvironmentConfig = {
  ...dev,
  environment: "staging",
  environmentSuffix: "stg",
  accountId: "222233334444",
  network: {
    ...dev.network,
    vpcCidr: "10.41.0.0/16",
    privateSubnetCidrs: ["10.41.0.0/20", "10.41.16.0/20"],
  },
  lifecycle: { raw: standardTier(2), processed: standardTier(2), curated: standardTier(2) },
  logRetentionDays: 90,
  accessLogRetentionDays: 365,
  capacity: { expectedTbPerDay: 5, peakEventsPerSecond: 100_000, peakMarketEventsPerMinute: 30_000, peakStreamMegabytesPerSecond: 20 },
  marketEvents: {
    ...dev.marketEvents,
    jwtIssuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_mdlStg001",
    jwtAudiences: ["mdl-stg-market-events"],
    corsAllowOrigins: ["https://market-events.staging.example.com"],
    archiveRetentionDays: 14,
  },
  producers: [{ name: "exchange-feed", accountId: "210987654321", externalId: "mdl-stg-exchange-feed-0c55d2", datasets: ["trades", "quotes", "bars"] }],
  consumers: [{ name: "quant-research", accountId: "345678901234", externalId: "mdl-stg-quant-research-9a1f64" }],
};

const prod: EnvironmentConfig = {
  ...dev,
  environment: "prod",
  environmentSuffix: "prd",
  accountId: "555566667777",
  tags: { ...dev.tags, dataClassification: "confidential" },
  network: {
    ...dev.network,
    vpcCidr: "10.42.0.0/16",
    privateSubnetCidrs: ["10.42.0.0/19", "10.42.32.0/19", "10.42.64.0/19"],
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
  },
  // Trade and quote records fall under 7-year broker-dealer record keeping (SEC 17a-4 style).
  lifecycle: {
    raw: { ...standardTier(7), glacierStorageClass: "GLACIER" },
    processed: standardTier(7),
    curated: { ...standardTier(10), deepArchiveDays: 730 },
  },
  logRetentionDays: 731,
  accessLogRetentionDays: 2557,
  capacity: { expectedTbPerDay: 50, peakEventsPerSecond: 1_500_000, peakMarketEventsPerMinute: 100_000, peakStreamMegabytesPerSecond: 300 },
  // Sizes from src/config/etl-sizing.ts (a test keeps maxWorkers at or above what it derives).
  // raw-to-processed is on the latency path (curated data lags by up to one interval), so it runs
  // STANDARD; processed-to-curated reads Parquet a fraction of the size and tolerates Flex starts.
  etl: {
    ...dev.etl,
    scheduleMinutes: 30,
    rawToProcessed: { workerType: "G.2X", maxWorkers: 120, timeoutMinutes: 60, maxRetries: 2, executionClass: "STANDARD" },
    processedToCurated: { workerType: "G.2X", maxWorkers: 20, timeoutMinutes: 60, maxRetries: 2, executionClass: "FLEX" },
    scratchRetentionDays: 14,
  },
  // Provisioned with the shard count from src/config/stream-sizing.ts: on-demand starts a new stream at
  // 4 MB/s of writes and grows to twice its previous peak within 15 minutes, but the market open goes
  // from pre-market trickle to the day's peak in seconds, so an on-demand stream would throttle every open.
  streaming: {
    ...dev.streaming,
    streamMode: "PROVISIONED",
    retentionHours: 168,
    firehoseBufferMb: 128,
    firehoseBufferSeconds: 300,
    functionMemoryMb: 1024,
    parallelizationFactor: 1,
    maximumRetryAttempts: 5,
    iteratorAgeAlarmMs: 30_000,
    deliveryFreshnessAlarmSeconds: 900,
  },
  athena: { bytesScannedCutoffPerQueryMb: 1_000_000, resultRetentionDays: 30 },
  // Prod: server-to-server only (no browser origins), 30 days of archive, and a replica in eu-west-1.
  marketEvents: {
    ...dev.marketEvents,
    jwtIssuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_mdlPrd001",
    jwtAudiences: ["mdl-prd-market-events"],
    corsAllowOrigins: [],
    archiveRetentionDays: 30,
    busPartners: [
      { name: "exchange-feed", accountId: "210987654321" },
      { name: "vendor-bars", accountId: "432109876543" },
    ],
    secondaryRegion: "eu-west-1",
  },
  producers: [
    { name: "exchange-feed", accountId: "210987654321", externalId: "mdl-prd-exchange-feed-b8e2f1", datasets: ["trades", "quotes"] },
    { name: "vendor-bars", accountId: "432109876543", externalId: "mdl-prd-vendor-bars-51c0aa", datasets: ["bars"] },
  ],
  consumers: [
    { name: "quant-research", accountId: "345678901234", externalId: "mdl-prd-quant-research-d7730e" },
    { name: "risk-analytics", accountId: "456789012345", externalId: "mdl-prd-risk-analytics-2e94b3" },
  ],
};

export const ENVIRONMENTS: Readonly<Record<EnvironmentConfig["environment"], EnvironmentConfig>> = {
  dev,
  staging,
  prod,
};
