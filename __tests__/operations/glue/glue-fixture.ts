import { CreateJobCommand, CreateTriggerCommand, CreateWorkflowCommand, GlueClient, StartJobRunCommand, type JobRun, type WorkflowRun } from "@aws-sdk/client-glue";
import { localClientOptions } from "../../../scripts/lib/local-clients";
import { startMotoServer, type MotoServer } from "../../../scripts/lib/moto-server";
import { loadEnvironmentConfig } from "../../../src/config";
import { Naming } from "../../../src/config/naming";
import { etlNames, type EtlNames } from "../../../src/stacks/etl-names";

export { awsError, stubClient } from "../preflight/preflight-fixture";

/** dev's ETL names: "mdl-dev-use1-raw-to-processed", "mdl-dev-use1-etl"... */
export const devNames = (): EtlNames => etlNames(new Naming(loadEnvironmentConfig("dev")));

let fresh = 0;
/** ETL names no other test on the server uses ("mdl-t1-use1-raw-to-processed"...): cheaper than resetting moto (~1.2 s). */
export const freshNames = (): EtlNames => etlNames(new Naming({ ...loadEnvironmentConfig("dev"), environmentSuffix: `t${++fresh}` }));

/** How moto advances a job run's state (STARTING -> RUNNING -> SUCCEEDED) each time it is read. */
export type JobRunProgression = { progression: "immediate" } | { progression: "manual"; times: number } | { progression: "time"; seconds: number };

/**
 * One local server for the enclosing describe block, and a real Glue client for it. Before each
 * test moto's job-run progression is set back to its default (immediate); tests keep apart by
 * using freshNames().
 */
export function useLocalGlue(): { readonly endpoint: () => string; readonly glue: () => GlueClient } {
  let moto: MotoServer;
  let glue: GlueClient;
  beforeAll(async () => {
    moto = await startMotoServer();
    glue = new GlueClient(localClientOptions(moto.endpoint));
  }, 30_000);
  beforeEach(async () => {
    await fetch(`${moto.endpoint}/moto-api/state-manager/unset-transition`, { method: "POST", body: JSON.stringify({ model_name: "glue::job_run" }) });
  });
  afterAll(async () => moto?.stop());
  return { endpoint: () => moto.endpoint, glue: () => glue };
}

/** Sets moto's progression of Glue job runs (its state manager: /moto-api/state-manager/set-transition). */
export async function setJobRunProgression(endpoint: string, transition: JobRunProgression): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/state-manager/set-transition`, { method: "POST", body: JSON.stringify({ model_name: "glue::job_run", transition }) });
  if (!response.ok) throw new Error(`set-transition answered ${response.status}`);
}

/**
 * Fresh ETL resources on the server, moto's job-run progression set to `progression`, and one
 * run of raw-to-processed started under it.
 */
export async function etlWithRun(server: { endpoint: () => string; glue: () => GlueClient }, progression: JobRunProgression): Promise<{ names: EtlNames; runId: string }> {
  const names = freshNames();
  await createEtlResources(server.glue(), names);
  await setJobRunProgression(server.endpoint(), progression);
  const { JobRunId } = await server.glue().send(new StartJobRunCommand({ JobName: names.jobs.rawToProcessed }));
  return { names, runId: JobRunId! };
}

export interface EtlResourceOptions {
  /** NonOverridableArguments of raw-to-processed. */
  readonly nonOverridable?: Record<string, string>;
}

/**
 * The ETL jobs, workflow and triggers as the data lake stack defines them, created with real SDK
 * calls: two Glue 5.0 FLEX jobs with bookmarks enabled by default, a workflow whose scheduled
 * trigger starts raw-to-processed and whose conditional trigger starts processed-to-curated on its
 * success. The conditional trigger names `Logical: "ANY"`, optional in AWS's API: moto 5.2.1
 * answers a Predicate without it with HTTP 500 ("None is not a valid Logical").
 */
export async function createEtlResources(glue: GlueClient, names: EtlNames, options: EtlResourceOptions = {}): Promise<void> {
  for (const [key, script] of [["rawToProcessed", "raw_to_processed"], ["processedToCurated", "processed_to_curated"]] as const) {
    await glue.send(
      new CreateJobCommand({
        Name: names.jobs[key],
        Role: "arn:aws:iam::123456789012:role/mdl-dev-use1-glue",
        Command: { Name: "glueetl", ScriptLocation: `s3://mdl-dev-use1-artifacts-123456789012/glue/${script}.py`, PythonVersion: "3" },
        GlueVersion: "5.0",
        WorkerType: "G.1X",
        NumberOfWorkers: 10,
        ExecutionClass: "FLEX",
        Timeout: 120,
        ExecutionProperty: { MaxConcurrentRuns: 1 },
        DefaultArguments: { "--job-bookmark-option": "job-bookmark-enable", "--enable-metrics": "true" },
        ...(key === "rawToProcessed" && options.nonOverridable ? { NonOverridableArguments: options.nonOverridable } : {}),
      }),
    );
  }
  await glue.send(new CreateWorkflowCommand({ Name: names.workflow, MaxConcurrentRuns: 1 }));
  await glue.send(
    new CreateTriggerCommand({ Name: `${names.workflow}-schedule`, WorkflowName: names.workflow, Type: "SCHEDULED", Schedule: "cron(0/30 * * * ? *)", Actions: [{ JobName: names.jobs.rawToProcessed }], StartOnCreation: true }),
  );
  await glue.send(
    new CreateTriggerCommand({
      Name: `${names.workflow}-curate`,
      WorkflowName: names.workflow,
      Type: "CONDITIONAL",
      Predicate: { Logical: "ANY", Conditions: [{ LogicalOperator: "EQUALS", JobName: names.jobs.rawToProcessed, State: "SUCCEEDED" }] },
      Actions: [{ JobName: names.jobs.processedToCurated }],
      StartOnCreation: true,
    }),
  );
}

const T0 = new Date("2026-01-05T14:30:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/**
 * A JobRun as GetJobRun / GetJobRuns answer it on AWS
 * (https://docs.aws.amazon.com/glue/latest/webapi/API_JobRun.html), `changes` applied.
 */
export function awsJobRun(changes: Partial<JobRun> & Pick<JobRun, "JobRunState">): JobRun {
  const ended = !["STARTING", "RUNNING", "STOPPING", "WAITING"].includes(changes.JobRunState!);
  return {
    Id: "jr_0123456789abcdef",
    Attempt: 0,
    JobName: "mdl-dev-use1-raw-to-processed",
    StartedOn: T0,
    LastModifiedOn: at(754),
    ...(ended ? { CompletedOn: at(754), ExecutionTime: 742 } : {}),
    Arguments: { "--job-bookmark-option": "job-bookmark-enable" },
    GlueVersion: "5.0",
    WorkerType: "G.1X",
    NumberOfWorkers: 10,
    MaxCapacity: 10,
    Timeout: 120,
    ExecutionClass: "FLEX",
    LogGroupName: "/aws-glue/jobs",
    PredecessorRuns: [],
    ...changes,
  };
}

/** A WorkflowRun as GetWorkflowRun answers it (https://docs.aws.amazon.com/glue/latest/webapi/API_WorkflowRun.html). */
export function awsWorkflowRun(changes: Partial<WorkflowRun> & Pick<WorkflowRun, "Status">): WorkflowRun {
  return {
    Name: "mdl-dev-use1-etl",
    WorkflowRunId: "wr_0123456789abcdef",
    StartedOn: T0,
    ...(changes.Status === "RUNNING" ? {} : { CompletedOn: at(1500) }),
    Statistics: { TotalActions: 2, SucceededActions: 2, FailedActions: 0, TimeoutActions: 0, StoppedActions: 0, ErroredActions: 0, RunningActions: 0, WaitingActions: 0 },
    ...changes,
  };
}

export const RUN_T0 = T0;
