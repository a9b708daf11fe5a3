/** Loading and reading the workflow files for the workflow lint tests. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
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
  with?: Record<string, unknown>;
  secrets?: unknown;
  env?: Record<string, unknown>;
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
export const indexOfUse = (job: Job, action: string): number => steps(job).findIndex((s) => actionOf(s) === action);
export const indexOfRun = (job: Job, pattern: RegExp): number => steps(job).findIndex((s) => s.run !== undefined && pattern.test(s.run));
export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
export const environmentOf = (job: Job): string | undefined => (typeof job.environment === "string" ? job.environment : job.environment?.name);
export const concurrencyOf = (job: Job | Workflow): Concurrency | undefined => (typeof job.concurrency === "string" ? { group: job.concurrency } : job.concurrency);
export const usesAws = (job: Job): boolean => jobsRunBy(job).some((j) => stepsUsing(j, AWS_CREDENTIALS_ACTION).length > 0);
export const runsNpm = (job: Job): boolean => steps(job).some((s) => /\bnpm\s/.test(s.run ?? ""));
export const runsTerraformWork = (job: Job): boolean => steps(job).some((s) => /\bnpm (test|run plan)\b|\bterraform\b/.test(s.run ?? ""));

// ---------------------------------------------------------------------------------------------
// Reusable workflows (https://docs.github.com/en/actions/reference/workflows-and-actions/reusing-workflow-configurations)
// ---------------------------------------------------------------------------------------------

/** How a job calls a reusable workflow of this repository; it then runs at the caller's commit. */
export const LOCAL_WORKFLOW_PREFIX = "./.github/workflows/";
/** The only keywords GitHub accepts on a job that calls a reusable workflow. */
export const CALLER_JOB_KEYWORDS = ["name", "uses", "with", "secrets", "strategy", "needs", "if", "concurrency", "permissions"];
/** GitHub's limits: four levels of workflows (the caller included), 20 distinct reusable workflows. */
export const MAX_WORKFLOW_LEVELS = 4;
export const MAX_REUSABLE_WORKFLOWS = 20;

export const callsWorkflow = (job: Job): boolean => job.uses !== undefined;
/** The file under .github/workflows a job calls, when it calls one of this repository. */
export const calledFile = (job: Job): string | undefined => (job.uses?.startsWith(LOCAL_WORKFLOW_PREFIX) ? job.uses.slice(LOCAL_WORKFLOW_PREFIX.length) : undefined);
export const calledWorkflow = (job: Job): Workflow | undefined => {
  const file = calledFile(job);
  return file === undefined ? undefined : load(file);
};
/** The jobs that run on a runner for this job: itself, or those of the workflow it calls. */
export const jobsRunBy = (job: Job): Job[] => {
  const called = calledWorkflow(job);
  return called === undefined ? [job] : Object.values(called.jobs).flatMap(jobsRunBy);
};
/** Levels of workflows from this one down its deepest chain of calls (this one is level 1). */
export const workflowLevels = (workflow: Workflow): number =>
  1 + Math.max(0, ...Object.values(workflow.jobs).map((job) => {
    const called = calledWorkflow(job);
    return called === undefined ? 0 : workflowLevels(called);
  }));
/** Every reusable workflow of this repository called from this one, directly or further down. */
export const reusableWorkflowsUnder = (workflow: Workflow): string[] => [
  ...new Set(Object.values(workflow.jobs).flatMap((job) => {
    const file = calledFile(job);
    return file === undefined ? [] : [file, ...reusableWorkflowsUnder(load(file))];
  })),
];

const ACCESS = ["none", "read", "write"];
/** A job's GITHUB_TOKEN permissions: its own, else its workflow's (no blanket read-all/write-all here). */
export const permissionsOf = (job: Job, workflow: Workflow): Record<string, string> => {
  const permissions = job.permissions ?? workflow.permissions ?? {};
  if (typeof permissions === "string") throw new Error(`blanket permissions "${permissions}": name each scope`);
  return permissions;
};
/** The scopes `asked` wants at a higher access than `granted` gives, as "scope: asked > granted". */
export const beyondGrant = (granted: Record<string, string>, asked: Record<string, string>): string[] =>
  Object.entries(asked).filter(([scope, access]) => ACCESS.indexOf(access) > ACCESS.indexOf(granted[scope] ?? "none")).map(([scope, access]) => `${scope}: ${access} > ${granted[scope] ?? "none"}`);

/**
 * A stand-in runner under `work` for running a step: bin/ first on PATH (for stand-in tools),
 * RUNNER_TEMP, and an empty file for each of `files` (GITHUB_ENV, GITHUB_STEP_SUMMARY, ...).
 */
export function standInRunner(work: string, files: string[]) {
  const bin = join(work, "bin");
  const runnerTemp = join(work, "runner-temp");
  mkdirSync(bin);
  mkdirSync(runnerTemp);
  const env: Record<string, string> = { PATH: `${bin}${delimiter}${process.env.PATH}`, HOME: work, RUNNER_TEMP: runnerTemp };
  for (const name of files) {
    env[name] = join(work, name.toLowerCase());
    writeFileSync(env[name], "");
  }
  return { bin, runnerTemp, env };
}

/** Runs a step's script as GitHub runs it for `shell: bash`, in `cwd`. */
export function runBashStep(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  const file = join(cwd, "step.sh");
  writeFileSync(file, script);
  return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], { cwd, env, encoding: "utf8" });
}

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

