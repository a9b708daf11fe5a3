import {
  ACCOUNT_ID_PATTERN,
  EXTERNAL_ID_PATTERN,
  LOG_RETENTION_DAYS,
  SUPPORTED_REGIONS,
} from "./aws-constants";
import { parseCidr, rangeContains, rangesOverlap, type Ipv4Range } from "./cidr";
import {
  ALERT_PROTOCOLS,
  type AlertProtocol,
  type AlertSubscription,
  DATA_CLASSIFICATIONS,
  DATA_TIERS,
  ENVIRONMENT_NAMES,
  ETL_SCHEDULE_MINUTES,
  type EtlConfig,
  type AthenaConfig,
  GLUE_EXECUTION_CLASSES,
  GLUE_WORKER_TYPES,
  type GlueJobConfig,
  GLACIER_STORAGE_CLASSES,
  INTERFACE_ENDPOINT_SERVICES,
  OUT_OF_ORDER_POLICIES,
  type EnvironmentConfig,
  type ExternalAccountConfig,
  type ProducerConfig,
  LAKE_DATASETS,
  type TierLifecycleConfig,
  type ValidationConfig,
  STREAM_MODES,
  STREAM_STARTING_POSITIONS,
  type StreamingConfig,
} from "./environment-config";
import { retentionDays } from "./retention";
import { isValidTimeZone } from "../../handlers/validation/core/trading-date";
import { validateAlarms } from "./validate-alarms";
import { validateMarketEvents } from "./validate-market-events";

export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. "network.privateSubnetCidrs[1]". */
  readonly field: string;
  readonly message: string;
}

/** Thrown at synth when a config is invalid; lists every problem, not only the first. */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `Invalid configuration for environment "${environment}":\n` +
        issues.map((i) => `  - ${i.field}: ${i.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

const quote = (value: unknown) => JSON.stringify(value);
const listOf = (values: readonly unknown[]) => values.map((v) => quote(v)).join(", ");

class IssueCollector {
  readonly issues: ConfigIssue[] = [];

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  oneOf<T>(field: string, value: T, allowed: readonly T[]): void {
    if (!allowed.includes(value)) this.add(field, `${quote(value)} is not allowed; use one of ${listOf(allowed)}`);
  }

  matches(field: string, value: string, pattern: RegExp, expected: string): void {
    if (typeof value !== "string" || !pattern.test(value)) this.add(field, `${quote(value)} is invalid; expected ${expected}`);
  }

  integer(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
    if (!Number.isInteger(value) || value < min || value > max) {
      this.add(field, `${quote(value)} must be a whole number from ${min} to ${max}`);
      return false;
    }
    return true;
  }

  fraction(field: string, value: number): void {
    if (typeof value !== "number" || !(value > 0 && value < 1)) this.add(field, `${quote(value)} must be a fraction between 0 and 1 (exclusive), e.g. 0.05`);
  }

  positive(field: string, value: number): void {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      this.add(field, `${quote(value)} must be a finite number greater than 0`);
    }
  }
}

export function validateEnvironmentConfig(config: EnvironmentConfig): void {
  const c = new IssueCollector();
  c.matches("project", config.project, /^[a-z][a-z0-9]{1,7}$/, "2-8 lowercase letters or digits starting with a letter, e.g. \"mdl\"");
  c.oneOf("environment", config.environment, ENVIRONMENT_NAMES);
  c.matches("environmentSuffix", config.environmentSuffix, /^[a-z0-9]{2,5}$/, "2-5 lowercase letters or digits, e.g. \"dev\", \"stg\", \"prd\"");
  c.oneOf("region", config.region, SUPPORTED_REGIONS as readonly string[]);
  c.matches("accountId", config.accountId, ACCOUNT_ID_PATTERN, "a 12-digit AWS account id, e.g. \"123456789012\"");
  if (!config.tags?.costCenter?.trim()) c.add("tags.costCenter", "must not be empty");
  if (!config.tags?.owner?.trim()) c.add("tags.owner", "must not be empty");
  c.oneOf("tags.dataClassification", config.tags?.dataClassification, DATA_CLASSIFICATIONS);
  validateNetwork(c, config);
  for (const tier of DATA_TIERS) {
    if (!config.lifecycle?.[tier]) c.add(`lifecycle.${tier}`, `is missing; every tier (${listOf(DATA_TIERS)}) needs a lifecycle`);
    else validateLifecycle(c, `lifecycle.${tier}`, config.lifecycle[tier]);
  }
  c.oneOf("logRetentionDays", config.logRetentionDays, LOG_RETENTION_DAYS as readonly number[]);
  c.integer("accessLogRetentionDays", config.accessLogRetentionDays, 1, 3653);
  c.positive("capacity.expectedTbPerDay", config.capacity?.expectedTbPerDay);
  c.positive("capacity.peakEventsPerSecond", config.capacity?.peakEventsPerSecond);
  c.positive("capacity.peakMarketEventsPerMinute", config.capacity?.peakMarketEventsPerMinute);
  c.positive("capacity.peakStreamMegabytesPerSecond", config.capacity?.peakStreamMegabytesPerSecond);
  validatePartitionTimeZones(c, config.partitionTimeZones);
  validateValidation(c, config.validation);
  validateAlertSubscriptions(c, config);
  validateEtl(c, config.etl);
  validateStreaming(c, config.streaming);
  validateAthena(c, config.athena);
  validateAlarms(c, config.alarms);
  validateMarketEvents(c, config.marketEvents, config.region, config.accountId);
  validateAccounts(c, "producers", config.producers, config.accountId);
  validateProducerDatasets(c, config.producers);
  validateAccounts(c, "consumers", config.consumers, config.accountId);
  if (c.issues.length > 0) throw new ConfigError(String(config.environment), c.issues);
}

function validateNetwork(c: IssueCollector, config: EnvironmentConfig): void {
  const { vpcCidr, privateSubnetCidrs, availabilityZones, interfaceEndpoints } = config.network;
  const vpc = parseCidr(vpcCidr);
  if (!vpc) c.add("network.vpcCidr", `${quote(vpcCidr)} is not an IPv4 network in CIDR form, e.g. "10.40.0.0/16"`);
  else if (vpc.prefix < 16 || vpc.prefix > 24) c.add("network.vpcCidr", `prefix /${vpc.prefix} is outside the /16 to /24 that AWS allows for a VPC`);

  if (availabilityZones.length < 2) c.add("network.availabilityZones", `has ${availabilityZones.length} zone(s); at least 2 are needed for high availability`);
  if (privateSubnetCidrs.length !== availabilityZones.length) {
    c.add("network.privateSubnetCidrs", `has ${privateSubnetCidrs.length} subnet(s) but there are ${availabilityZones.length} availability zones; give one subnet per zone`);
  }
  availabilityZones.forEach((zone, i) => {
    if (!new RegExp(`^${config.region}[a-z]$`).test(zone)) c.add(`network.availabilityZones[${i}]`, `${quote(zone)} is not a zone of region ${quote(config.region)}, e.g. "${config.region}a"`);
  });
  if (new Set(availabilityZones).size !== availabilityZones.length) c.add("network.availabilityZones", "lists a zone more than once");

  const parsed: Array<{ index: number; range: Ipv4Range }> = [];
  privateSubnetCidrs.forEach((cidr, index) => {
    const field = `network.privateSubnetCidrs[${index}]`;
    const range = parseCidr(cidr);
    if (!range) return c.add(field, `${quote(cidr)} is not an IPv4 network in CIDR form, e.g. "10.40.0.0/20"`);
    if (range.prefix > 28) c.add(field, `prefix /${range.prefix} is smaller than the /28 AWS allows for a subnet`);
    if (vpc && !rangeContains(vpc, range)) c.add(field, `${quote(cidr)} is not inside the VPC CIDR ${quote(vpcCidr)}`);
    const clash = parsed.find((p) => rangesOverlap(p.range, range));
    if (clash) c.add(field, `${quote(cidr)} overlaps network.privateSubnetCidrs[${clash.index}] (${quote(privateSubnetCidrs[clash.index])})`);
    parsed.push({ index, range });
  });

  interfaceEndpoints.forEach((service, i) => c.oneOf(`network.interfaceEndpoints[${i}]`, service, INTERFACE_ENDPOINT_SERVICES));
  if (new Set(interfaceEndpoints).size !== interfaceEndpoints.length) c.add("network.interfaceEndpoints", "lists a service more than once");
}

function validateLifecycle(c: IssueCollector, field: string, tier: TierLifecycleConfig): void {
  const yearsOk = c.integer(`${field}.retentionYears`, tier.retentionYears, 1, 100);
  c.oneOf(`${field}.glacierStorageClass`, tier.glacierStorageClass, GLACIER_STORAGE_CLASSES);
  c.integer(`${field}.noncurrentVersionExpirationDays`, tier.noncurrentVersionExpirationDays, 1, 3650);
  c.integer(`${field}.abortIncompleteMultipartUploadDays`, tier.abortIncompleteMultipartUploadDays, 1, 365);
  const steps: Array<[string, number | undefined]> = [
    ["intelligentTieringDays", tier.intelligentTieringDays],
    ["glacierDays", tier.glacierDays],
    ["deepArchiveDays", tier.deepArchiveDays],
    [`expiry (retentionYears ${tier.retentionYears} = ${yearsOk ? retentionDays(tier.retentionYears) : "?"} days)`, yearsOk ? retentionDays(tier.retentionYears) : undefined],
  ];
  const present = steps.filter((s): s is [string, number] => s[1] !== undefined);
  present.forEach(([name, days]) => {
    if (!name.startsWith("expiry")) c.integer(`${field}.${name}`, days, 0, 36500);
  });
  for (let i = 1; i < present.length; i++) {
    const [earlierName, earlier] = present[i - 1];
    const [laterName, later] = present[i];
    if (!(later > earlier)) {
      c.add(`${field}.${laterName.split(" ")[0]}`, `lifecycle days are out of order: ${laterName} (${later}) must be later than ${earlierName} (${earlier}); order is intelligentTieringDays < glacierDays < deepArchiveDays < expiry`);
    }
  }
}

function validateAccounts(c: IssueCollector, field: string, accounts: readonly ExternalAccountConfig[], ownAccountId: string): void {
  const names = new Set<string>();
  const externalIds = new Set<string>();
  accounts.forEach((account, i) => {
    const at = `${field}[${i}]`;
    c.matches(`${at}.name`, account.name, /^[a-z][a-z0-9-]{1,30}$/, "2-31 lowercase letters, digits or hyphens starting with a letter");
    c.matches(`${at}.accountId`, account.accountId, ACCOUNT_ID_PATTERN, "a 12-digit AWS account id, e.g. \"123456789012\"");
    if (account.accountId === ownAccountId) c.add(`${at}.accountId`, "is the environment's own account; cross-account roles are for other accounts only");
    c.matches(`${at}.externalId`, account.externalId, EXTERNAL_ID_PATTERN, "2-1224 characters of letters, digits and +=,.@:/-_");
    account.principalArns?.forEach((arn, k) => {
      c.matches(`${at}.principalArns[${k}]`, arn, /^arn:aws:iam::\d{12}:(role|user)\/[\w+=,.@\/*-]+$/, `an IAM role or user ARN of account ${account.accountId}, e.g. "arn:aws:iam::${account.accountId}:role/uploader"`);
      if (typeof arn === "string" && !arn.startsWith(`arn:aws:iam::${account.accountId}:`)) c.add(`${at}.principalArns[${k}]`, `${quote(arn)} is not in the partner's account ${account.accountId}`);
    });
    if (account.principalArns?.length === 0) c.add(`${at}.principalArns`, "is empty; leave it out to trust any principal of the account with the ExternalId, or list the roles");
    if (names.has(account.name)) c.add(`${at}.name`, `${quote(account.name)} is used twice in ${field}`);
    if (account.previousExternalId !== undefined) {
      c.matches(`${at}.previousExternalId`, account.previousExternalId, EXTERNAL_ID_PATTERN, "2-1224 characters of letters, digits and +=,.@:/-_");
      if (account.previousExternalId === account.externalId) c.add(`${at}.previousExternalId`, "equals externalId; set it to the id being rotated out, or leave it out");
    }
    if (externalIds.has(account.externalId)) c.add(`${at}.externalId`, `is used twice in ${field}; give every partner its own ExternalId`);
    names.add(account.name);
    externalIds.add(account.externalId);
  });
}

function validateProducerDatasets(c: IssueCollector, producers: readonly ProducerConfig[]): void {
  producers.forEach((producer, i) => {
    const at = `producers[${i}].datasets`;
    if (!Array.isArray(producer.datasets) || producer.datasets.length === 0) {
      return c.add(at, `is missing; list the datasets this producer writes, from ${listOf(LAKE_DATASETS)}`);
    }
    producer.datasets.forEach((dataset, k) => c.oneOf(`${at}[${k}]`, dataset, LAKE_DATASETS));
    if (new Set(producer.datasets).size !== producer.datasets.length) c.add(at, "names a dataset twice");
  });
}

function validatePartitionTimeZones(c: IssueCollector, zones: Readonly<Record<string, string>> | undefined): void {
  for (const dataset of LAKE_DATASETS) {
    const zone = zones?.[dataset];
    if (!isValidTimeZone(zone as string)) c.add(`partitionTimeZones.${dataset}`, `${quote(zone)} is not an IANA time zone name; use one such as "America/New_York", "Europe/London" or "UTC"`);
  }
  for (const extra of Object.keys(zones ?? {}).filter((d) => !(LAKE_DATASETS as readonly string[]).includes(d))) c.add(`partitionTimeZones.${extra}`, `is not a dataset; datasets are ${listOf(LAKE_DATASETS)}`);
}

function validateValidation(c: IssueCollector, v: ValidationConfig | undefined): void {
  if (!v) return c.add("validation", "is missing; every environment configures its validation stage");
  c.integer("validation.memoryMb", v.memoryMb, 128, 10240);
  c.integer("validation.timeoutSeconds", v.timeoutSeconds, 1, 900);
  c.integer("validation.batchSize", v.batchSize, 1, 10);
  c.integer("validation.batchWindowSeconds", v.batchWindowSeconds, 0, 300);
  c.positive("validation.perFunctionMegabytesPerSecond", v.perFunctionMegabytesPerSecond);
  c.fraction("validation.rejectRateAlertThreshold", v.rejectRateAlertThreshold);
  c.integer("validation.lineageTtlDays", v.lineageTtlDays, 1, 3650);
  c.fraction("validation.maxSpreadRatio", v.maxSpreadRatio);
  c.positive("validation.priceJumpRatio", v.priceJumpRatio);
  c.oneOf("validation.outOfOrderPolicy", v.outOfOrderPolicy, OUT_OF_ORDER_POLICIES);
  if (c.integer("validation.redelivery.baseSeconds", v.redelivery?.baseSeconds, 1, 900)) {
    c.integer("validation.redelivery.maxSeconds", v.redelivery?.maxSeconds, v.redelivery.baseSeconds, 43_200);
  }
}

function validateAlertSubscriptions(c: IssueCollector, config: EnvironmentConfig): void {
  const subscriptions = config.validation?.alertSubscriptions;
  if (!Array.isArray(subscriptions)) return c.add("validation.alertSubscriptions", "is missing; list the alert topic's subscribers ({protocol, endpoint}), or [] for none");
  const arnOf = (service: string, kind: string) => new RegExp(`^arn:aws:${service}:${config.region}:${config.accountId}:${kind}[A-Za-z0-9_-]{1,80}$`);
  const endpointRules: Record<AlertProtocol, [RegExp, string]> = {
    email: [/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "an e-mail address"],
    https: [/^https:\/\/[^\s/]+\.[^\s]+$/, "an https:// URL"],
    sqs: [arnOf("sqs", ""), `the ARN of a queue of this environment's account and region, e.g. "arn:aws:sqs:${config.region}:${config.accountId}:alerts"`],
    lambda: [arnOf("lambda", "function:"), `the ARN of a function of this environment's account and region, e.g. "arn:aws:lambda:${config.region}:${config.accountId}:function:pager"`],
  };
  const seen = new Set<string>();
  subscriptions.forEach((s: AlertSubscription, i: number) => {
    const at = `validation.alertSubscriptions[${i}]`;
    c.oneOf(`${at}.protocol`, s.protocol, ALERT_PROTOCOLS);
    const rule = endpointRules[s.protocol];
    if (rule) c.matches(`${at}.endpoint`, s.endpoint, rule[0], rule[1]);
    if (seen.has(s.endpoint)) c.add(`${at}.endpoint`, `${quote(s.endpoint)} is listed twice`);
    seen.add(s.endpoint);
  });
}

function validateGlueJob(c: IssueCollector, field: string, job: GlueJobConfig | undefined): void {
  if (!job) return c.add(field, "is missing; give workerType, maxWorkers, timeoutMinutes, maxRetries and executionClass");
  c.oneOf(`${field}.workerType`, job.workerType, GLUE_WORKER_TYPES);
  c.integer(`${field}.maxWorkers`, job.maxWorkers, 2, 1000);
  c.integer(`${field}.timeoutMinutes`, job.timeoutMinutes, 1, 2880);
  c.integer(`${field}.maxRetries`, job.maxRetries, 0, 10);
  c.oneOf(`${field}.executionClass`, job.executionClass, GLUE_EXECUTION_CLASSES);
  // Glue Flex runs on G.1X and G.2X workers only.
  if (job.executionClass === "FLEX" && !["G.1X", "G.2X"].includes(job.workerType)) {
    c.add(`${field}.workerType`, `${quote(job.workerType)} cannot run with executionClass "FLEX"; use "G.1X" or "G.2X", or executionClass "STANDARD"`);
  }
}

function validateEtl(c: IssueCollector, etl: EtlConfig | undefined): void {
  if (!etl) return c.add("etl", "is missing; every environment configures its Glue ETL stage");
  c.oneOf("etl.scheduleMinutes", etl.scheduleMinutes, ETL_SCHEDULE_MINUTES);
  validateGlueJob(c, "etl.rawToProcessed", etl.rawToProcessed);
  validateGlueJob(c, "etl.processedToCurated", etl.processedToCurated);
  c.integer("etl.targetFileMb", etl.targetFileMb, 128, 512);
  c.integer("etl.scratchRetentionDays", etl.scratchRetentionDays, 1, 365);
  if (!Array.isArray(etl.noPriceConditions)) c.add("etl.noPriceConditions", "is missing; list the sale condition codes that set no price, or [] for none");
  else {
    etl.noPriceConditions.forEach((code, i) => c.matches(`etl.noPriceConditions[${i}]`, code, /^[!-~]$/, "one printable ASCII character, a CTA/UTP sale condition code such as \"B\""));
    if (new Set(etl.noPriceConditions).size !== etl.noPriceConditions.length) c.add("etl.noPriceConditions", "lists a code more than once");
  }
}

function validateStreaming(c: IssueCollector, s: StreamingConfig | undefined): void {
  if (!s) return c.add("streaming", "is missing; every environment configures its Kinesis stream, Firehose delivery and real-time consumer");
  c.oneOf("streaming.streamMode", s.streamMode, STREAM_MODES);
  // Kinesis retention: 24 hours (the default) to 8760 (365 days).
  const retentionOk = c.integer("streaming.retentionHours", s.retentionHours, 24, 8760);
  // Firehose: dynamic partitioning needs a buffer of at least 64 MB (BufferingHints allow 1-128); no zero buffering with it.
  c.integer("streaming.firehoseBufferMb", s.firehoseBufferMb, 64, 128);
  const bufferOk = c.integer("streaming.firehoseBufferSeconds", s.firehoseBufferSeconds, 60, 900);
  c.integer("streaming.functionMemoryMb", s.functionMemoryMb, 128, 10240);
  c.integer("streaming.functionTimeoutSeconds", s.functionTimeoutSeconds, 1, 900);
  // Lambda's Kinesis event source mapping limits.
  c.integer("streaming.batchSize", s.batchSize, 1, 10_000);
  c.integer("streaming.batchWindowSeconds", s.batchWindowSeconds, 0, 300);
  c.integer("streaming.parallelizationFactor", s.parallelizationFactor, 1, 10);
  c.integer("streaming.maximumRetryAttempts", s.maximumRetryAttempts, 0, 10_000);
  if (c.integer("streaming.maximumRecordAgeSeconds", s.maximumRecordAgeSeconds, 60, 604_800) && retentionOk && s.maximumRecordAgeSeconds > s.retentionHours * 3600) {
    c.add("streaming.maximumRecordAgeSeconds", `${s.maximumRecordAgeSeconds} is longer than the stream keeps records (retentionHours ${s.retentionHours} = ${s.retentionHours * 3600} s); records expire before the on-failure queue gets them: lower it or raise retentionHours`);
  }
  c.oneOf("streaming.startingPosition", s.startingPosition, STREAM_STARTING_POSITIONS);
  c.positive("streaming.priceJumpRatio", s.priceJumpRatio);
  c.integer("streaming.maxGapSeconds", s.maxGapSeconds, 1, 86_400);
  c.integer("streaming.iteratorAgeAlarmMs", s.iteratorAgeAlarmMs, 1_000, 604_800_000);
  if (c.integer("streaming.deliveryFreshnessAlarmSeconds", s.deliveryFreshnessAlarmSeconds, 60, 86_400) && bufferOk && s.deliveryFreshnessAlarmSeconds <= s.firehoseBufferSeconds * 1.5) {
    c.add("streaming.deliveryFreshnessAlarmSeconds", `${s.deliveryFreshnessAlarmSeconds} would alarm on normal buffering: with dynamic partitioning Firehose may hold a record 1.5x firehoseBufferSeconds (${s.firehoseBufferSeconds * 1.5} s); set it above that`);
  }
}

function validateAthena(c: IssueCollector, athena: AthenaConfig | undefined): void {
  if (!athena) return c.add("athena", "is missing; give bytesScannedCutoffPerQueryMb and resultRetentionDays");
  // Athena's smallest per-query cutoff is 10 MB.
  c.integer("athena.bytesScannedCutoffPerQueryMb", athena.bytesScannedCutoffPerQueryMb, 10, 10_000_000);
  c.integer("athena.resultRetentionDays", athena.resultRetentionDays, 1, 3650);
}
