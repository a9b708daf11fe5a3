import {
  GetConnectionCommand,
  GetDataCatalogEncryptionSettingsCommand,
  GetJobCommand,
  GetSecurityConfigurationCommand,
  GetTablesCommand,
  GetTriggersCommand,
  GetWorkflowCommand,
  type GlueClient,
  type Job,
  type Trigger,
} from "@aws-sdk/client-glue";
import type { EnvironmentConfig } from "../../src/config";
import { GLUE_VERSION } from "../../src/constructs/glue-etl-job";
import type { EtlJob } from "../../src/stacks/etl-names";
import { scheduleExpression } from "../../src/stacks/lake-etl";
import { CURATED_COLUMNS, PROCESSED_COLUMNS } from "../../src/stacks/lake-tables";

/** What the stack's outputs name for Glue (lake-outputs.ts). */
export interface GlueOutputs {
  readonly jobs: Readonly<Record<EtlJob, string>>;
  readonly workflow: string;
  readonly databases: { readonly processed: string; readonly curated: string };
  readonly buckets: { readonly processed: string; readonly curated: string; readonly code: string };
}

/** The deployed jobs, read back from Glue (their arguments are what the local run starts them with). */
export interface DeployedGlue {
  readonly jobs: Readonly<Record<EtlJob, Job>>;
  readonly problems: readonly string[];
}

const JOB_KEYS: readonly EtlJob[] = ["rawToProcessed", "processedToCurated"];

function expect(problems: string[], what: string, actual: unknown, wanted: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
}

async function jobProblems(glue: GlueClient, key: EtlJob, job: Job, config: EnvironmentConfig, codeBucket: string): Promise<string[]> {
  const problems: string[] = [];
  const wanted = config.etl[key];
  const name = job.Name ?? key;
  expect(problems, `${name} GlueVersion`, job.GlueVersion, GLUE_VERSION);
  expect(problems, `${name} command`, job.Command?.Name, "glueetl");
  expect(problems, `${name} worker type`, job.WorkerType, wanted.workerType);
  expect(problems, `${name} workers`, job.NumberOfWorkers, wanted.maxWorkers);
  expect(problems, `${name} execution class`, job.ExecutionClass, wanted.executionClass);
  expect(problems, `${name} bookmarks`, job.DefaultArguments?.["--job-bookmark-option"], "job-bookmark-enable");
  if (!job.Command?.ScriptLocation?.startsWith(`s3://${codeBucket}/`)) problems.push(`${name} script ${job.Command?.ScriptLocation} is not in the code bucket ${codeBucket}`);
  if (!job.SecurityConfiguration) problems.push(`${name} runs without a security configuration`);
  else {
    const { SecurityConfiguration: sc } = await glue.send(new GetSecurityConfigurationCommand({ Name: job.SecurityConfiguration }));
    const encryption = sc?.EncryptionConfiguration;
    expect(problems, `${name} security configuration S3 encryption`, encryption?.S3Encryption?.map((e) => e.S3EncryptionMode), ["SSE-KMS"]);
    expect(problems, `${name} security configuration CloudWatch encryption`, encryption?.CloudWatchEncryption?.CloudWatchEncryptionMode, "SSE-KMS");
    expect(problems, `${name} security configuration bookmark encryption`, encryption?.JobBookmarksEncryption?.JobBookmarksEncryptionMode, "CSE-KMS");
  }
  // One NETWORK connection per zone: Glue takes the first whose subnet has free addresses.
  const connections = job.Connections?.Connections ?? [];
  if (connections.length !== config.network.availabilityZones.length) problems.push(`${name} should have a connection per zone (${config.network.availabilityZones.length}), has ${JSON.stringify(connections)}`);
  const subnets = new Set<string>();
  for (const connection of connections) {
    const { Connection } = await glue.send(new GetConnectionCommand({ Name: connection }));
    const physical = Connection?.PhysicalConnectionRequirements;
    if (!physical?.SubnetId || !physical.SecurityGroupIdList?.length) problems.push(`${name} connection ${connection} has no subnet or security group: ${JSON.stringify(physical)}`);
    else subnets.add(physical.SubnetId);
  }
  if (subnets.size !== connections.length) problems.push(`${name}'s connections do not each name their own subnet`);
  return problems;
}

function triggerProblems(triggers: readonly Trigger[], jobs: Readonly<Record<EtlJob, string>>, config: EnvironmentConfig): string[] {
  const problems: string[] = [];
  const starting = (job: string) => triggers.filter((t) => t.Actions?.some((a) => a.JobName === job));
  const [scheduled, ...extraScheduled] = starting(jobs.rawToProcessed);
  if (!scheduled || extraScheduled.length) problems.push(`exactly one trigger should start ${jobs.rawToProcessed}; ${1 + extraScheduled.length - (scheduled ? 0 : 1)} do`);
  else {
    expect(problems, `trigger ${scheduled.Name} type`, scheduled.Type, "SCHEDULED");
    expect(problems, `trigger ${scheduled.Name} schedule`, scheduled.Schedule, scheduleExpression(config.etl.scheduleMinutes));
  }
  const [conditional, ...extraConditional] = starting(jobs.processedToCurated);
  if (!conditional || extraConditional.length) problems.push(`exactly one trigger should start ${jobs.processedToCurated}`);
  else {
    expect(problems, `trigger ${conditional.Name} type`, conditional.Type, "CONDITIONAL");
    expect(problems, `trigger ${conditional.Name} condition`, conditional.Predicate?.Conditions?.map((c) => [c.JobName, c.LogicalOperator, c.State]), [[jobs.rawToProcessed, "EQUALS", "SUCCEEDED"]]);
  }
  return problems;
}

async function tableProblems(glue: GlueClient, database: string, bucket: string, tables: Readonly<Record<string, readonly { name: string }[]>>, location: (table: string) => string): Promise<string[]> {
  const problems: string[] = [];
  const { TableList = [] } = await glue.send(new GetTablesCommand({ DatabaseName: database }));
  expect(problems, `tables of ${database}`, TableList.map((t) => t.Name).sort(), Object.keys(tables).sort());
  for (const table of TableList) {
    const columns = tables[table.Name ?? ""];
    if (!columns) continue;
    expect(problems, `${database}.${table.Name} columns`, table.StorageDescriptor?.Columns?.map((c) => c.Name), columns.map((c) => c.name));
    expect(problems, `${database}.${table.Name} location`, table.StorageDescriptor?.Location, `s3://${bucket}/${location(table.Name!)}`);
    expect(problems, `${database}.${table.Name} partition keys`, table.PartitionKeys?.map((k) => k.Name), ["date"]);
    expect(problems, `${database}.${table.Name} partition projection`, table.Parameters?.["projection.enabled"], "true");
  }
  return problems;
}

/**
 * Reads back, with the Glue API, what Terraform created on the local server, and checks it against
 * the environment's config: the jobs (version, workers, execution class, bookmarks, script in the
 * code bucket, security configuration, network connection), the workflow and its two triggers, the
 * catalog tables (columns, locations, projection) and the catalog's encryption.
 */
export async function readDeployedGlue(glue: GlueClient, outputs: GlueOutputs, config: EnvironmentConfig): Promise<DeployedGlue> {
  const problems: string[] = [];
  const jobs = {} as Record<EtlJob, Job>;
  for (const key of JOB_KEYS) {
    const { Job: job } = await glue.send(new GetJobCommand({ JobName: outputs.jobs[key] }));
    if (!job) throw new Error(`Glue job ${outputs.jobs[key]} not found`);
    jobs[key] = job;
    problems.push(...(await jobProblems(glue, key, job, config, outputs.buckets.code)));
  }
  const { Workflow } = await glue.send(new GetWorkflowCommand({ Name: outputs.workflow }));
  if (!Workflow) problems.push(`workflow ${outputs.workflow} not found`);
  const { Triggers = [] } = await glue.send(new GetTriggersCommand({}));
  problems.push(...triggerProblems(Triggers.filter((t) => t.WorkflowName === outputs.workflow), outputs.jobs, config));
  problems.push(...(await tableProblems(glue, outputs.databases.processed, outputs.buckets.processed, PROCESSED_COLUMNS, (t) => `dataset=${t}/`)));
  problems.push(...(await tableProblems(glue, outputs.databases.curated, outputs.buckets.curated, CURATED_COLUMNS, (t) => `${t}/`)));
  const { DataCatalogEncryptionSettings: catalog } = await glue.send(new GetDataCatalogEncryptionSettingsCommand({}));
  expect(problems, "catalog encryption at rest", catalog?.EncryptionAtRest?.CatalogEncryptionMode, "SSE-KMS");
  expect(problems, "catalog connection password encryption", catalog?.ConnectionPasswordEncryption?.ReturnConnectionPasswordEncrypted, true);
  return { jobs, problems };
}
