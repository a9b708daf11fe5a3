/** Loading and reading the workflow files for the workflow lint tests. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

// ---------------------------------------------------------------------------------------------
// Loading and small helpers
// ---------------------------------------------------------------------------------------------

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
export interface Concurrency {
  group: string;
  "cancel-in-progress"?: boolean | string;
}
export interface Job {
  name?: string;
  "runs-on"?: string;
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string> | string;
  concurrency?: Concurrency | string;
  strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
  uses?: string;
  steps?: Step[];
}
export interface Workflow {
  name?: string;
  on: Record<string, any>;
  permissions?: Record<string, string> | string;
  concurrency?: Concurrency | string;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

export const root = join(__dirname, "..", "..");
export const workflowDir = join(root, ".github", "workflows");
export const workflowFiles = existsSync(workflowDir) ? readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
export const rawText = (file: string): string => readFileSync(join(workflowDir, file), "utf8");
export const load = (file: string): Workflow => parse(rawText(file)) as Workflow;
export const packageJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const TERRAFORM_VERSION = "1.11.4";
export const NODE_VERSION = "20";
export const AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";

export const steps = (job: Job): Step[] => job.steps ?? [];
export const actionOf = (step: Step): string | undefined => step.uses?.split("@")[0];
export const stepsUsing = (job: Job, action: string): Step[] => steps(job).filter((s) => actionOf(s) === action);
export const oneStepUsing = (job: Job, action: string): Step => {
  const found = stepsUsing(job, action);
  if (found.length !== 1) throw new Error(`expected one step using ${action}, found ${found.length}`);
  return found[0];
};
export const indexOfRun = (job: Job, pattern: RegExp): number => steps(job).findIndex((s) => s.run !== undefined && pattern.test(s.run));
export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
export const environmentOf = (job: Job): string | undefined => (typeof job.environment === "string" ? job.environment : job.environment?.name);
export const concurrencyOf = (job: Job | Workflow): Concurrency | undefined => (typeof job.concurrency === "string" ? { group: job.concurrency } : job.concurrency);
export const usesAws = (job: Job): boolean => stepsUsing(job, AWS_CREDENTIALS_ACTION).length > 0;
export const runsNpm = (job: Job): boolean => steps(job).some((s) => /\bnpm\s/.test(s.run ?? ""));
export const runsTerraformWork = (job: Job): boolean => steps(job).some((s) => /\bnpm (test|run plan)\b|\bterraform\b/.test(s.run ?? ""));

/** Every value of a key named `key` anywhere in the document (steps, job-level reusable workflows...). */
export function valuesOfKey(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((n) => valuesOfKey(n, key));
  if (node && typeof node === "object") {
    return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOfKey(v, key)]);
  }
  return [];
}

/** The npm scripts a workflow invokes (`npm test`, `npm run X`, `npm run --silent X`). */
export function npmScriptsIn(workflow: Workflow): string[] {
  const found = new Set<string>();
  for (const run of valuesOfKey(workflow.jobs, "run")) {
    for (const m of String(run).matchAll(/\bnpm\s+(?:run(?:-script)?\s+(?:--?[\w-]+\s+)*([\w:.-]+)|(test|start|stop|restart)\b)/g)) found.add(m[1] ?? m[2]);
  }
  return [...found].sort();
}

/** The step that builds the provider mirror for TF_PROVIDER_MIRROR. */
export function mirrorStep(job: Job): Step | undefined {
  return steps(job).find((s) => /terraform\b.*\bproviders mirror\b/.test(s.run ?? ""));
}

// ---------------------------------------------------------------------------------------------
// Every workflow
// ---------------------------------------------------------------------------------------------

