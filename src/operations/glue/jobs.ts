import { ETL_JOBS, type EtlJob, type EtlNames } from "../../stacks/etl-names";

/** One ETL job as an operator names it (`raw-to-processed`) and as Glue does (`mdl-dev-use1-raw-to-processed`). */
export interface EtlJobRef {
  readonly key: EtlJob;
  readonly purpose: string;
  readonly name: string;
}

/** The jobs in the order the workflow runs them: processed-to-curated reads what raw-to-processed wrote. */
const WORKFLOW_ORDER: readonly EtlJob[] = ["rawToProcessed", "processedToCurated"];

export const JOB_CHOICES = [...WORKFLOW_ORDER.map((key) => ETL_JOBS[key].purpose), "all"] as const;

/** Bad command-line input: the CLI prints the message with its usage and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function etlJobs(names: EtlNames): EtlJobRef[] {
  return WORKFLOW_ORDER.map((key) => ({ key, purpose: ETL_JOBS[key].purpose, name: names.jobs[key] }));
}

/** The jobs `--job <choice>` names, in workflow order; "all" is both. */
export function selectJobs(names: EtlNames, choice: string): EtlJobRef[] {
  const jobs = etlJobs(names);
  if (choice === "all") return jobs;
  const job = jobs.find((j) => j.purpose === choice);
  if (!job) throw new UsageError(`--job: got ${JSON.stringify(choice)}, allowed values are ${JOB_CHOICES.join(", ")}`);
  return [job];
}
