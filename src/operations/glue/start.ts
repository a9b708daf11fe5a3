import { GetJobCommand, StartJobRunCommand, StartWorkflowRunCommand, type GlueClient } from "@aws-sdk/client-glue";
import { call } from "../preflight/check";

/** A run the command will not start, and why: the CLI prints the reason and exits 1. */
export class RunRefused extends Error {
  override readonly name = "RunRefused";
}

/**
 * Starts a run of `jobName` (StartJobRun, https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html)
 * and returns its JobRunId. `args` replace the job's DefaultArguments for this run only; without
 * them the run is what a scheduled one is. A job's NonOverridableArguments win over run arguments
 * ("job NonOverridableArguments will override job run Arguments",
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html), so
 * when the job fixes one of `args` to another value the run is refused before it starts: it would
 * silently be another run than the one asked for (an incremental run moving the bookmark, say).
 */
export async function startJobRun(glue: GlueClient, jobName: string, args?: Readonly<Record<string, string>>): Promise<string> {
  if (args && Object.keys(args).length) {
    const { Job } = await call("glue:GetJob", glue.send(new GetJobCommand({ JobName: jobName })));
    const fixed = Object.entries(Job?.NonOverridableArguments ?? {}).filter(([name, value]) => name in args && args[name] !== value);
    if (fixed.length) {
      const list = fixed.map(([name, value]) => `${name}=${JSON.stringify(value)} (asked ${JSON.stringify(args[name])})`).join(", ");
      throw new RunRefused(`${jobName} fixes ${list} in its NonOverridableArguments, which win over run arguments; not started`);
    }
  }
  const { JobRunId } = await call("glue:StartJobRun", glue.send(new StartJobRunCommand({ JobName: jobName, ...(args ? { Arguments: { ...args } } : {}) })));
  if (!JobRunId) throw new Error(`StartJobRun of ${jobName} returned no JobRunId`);
  return JobRunId;
}

/**
 * Starts a run of the ETL workflow (StartWorkflowRun, https://docs.aws.amazon.com/glue/latest/webapi/API_StartWorkflowRun.html):
 * its triggers run raw-to-processed and, on its success, processed-to-curated, as the schedule does.
 */
export async function startWorkflowRun(glue: GlueClient, workflowName: string): Promise<string> {
  const { RunId } = await call("glue:StartWorkflowRun", glue.send(new StartWorkflowRunCommand({ Name: workflowName })));
  if (!RunId) throw new Error(`StartWorkflowRun of ${workflowName} returned no RunId`);
  return RunId;
}
