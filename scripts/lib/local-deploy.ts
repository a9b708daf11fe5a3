import { join, resolve } from "node:path";
import { synthesizeApp } from "./synth-app";
import { offlineTerraformEnv, terraform } from "./terraform-cli";

export interface LocalDeployment {
  readonly stackDir: string;
  readonly outputs: Record<string, unknown>;
  readonly applySeconds: number;
  readonly planSeconds: number;
  readonly resources: number;
  /** Environment variables of each deployed Lambda function, by function name. */
  readonly functionEnvironments: Record<string, Record<string, string>>;
}

function run(step: string, result: { status: number | null; stdout: string; stderr: string }): string {
  if (result.status !== 0) throw new Error(`${step} failed (exit ${result.status}):\n${result.stdout.slice(-6000)}\n${result.stderr.slice(-6000)}`);
  return result.stdout;
}

const seconds = (since: number) => (Date.now() - since) / 1000;

export interface LocalDeployOptions {
  readonly root: string;
  readonly workDir: string;
  readonly endpoint: string;
  readonly environment: string;
  /** The stack to apply. @default data-lake-<environment> */
  readonly stack?: string;
  /** The environment was synthesized into <workDir>/synth by an earlier call: apply another of its stacks. @default false */
  readonly synthesized?: boolean;
}

/**
 * Synthesizes `environment` in local mode against `endpoint`, then runs real Terraform on one of
 * its stacks: init from the offline mirror, apply, and a second plan that must show no changes
 * (idempotent deploy). Call it once per stack, in deploy order (src/stacks/deploy-order.ts).
 */
export function deployLocally(options: LocalDeployOptions): LocalDeployment {
  const synthDir = join(options.workDir, "synth");
  if (!options.synthesized) synthesizeApp({ root: options.root, environments: [options.environment], outdir: synthDir, localAwsEndpoint: options.endpoint });
  const stackDir = resolve(synthDir, "stacks", options.stack ?? `data-lake-${options.environment}`);
  const env = offlineTerraformEnv(options.workDir);
  run("terraform init", terraform(["init", "-input=false", "-no-color"], stackDir, env));
  let started = Date.now();
  run("terraform apply", terraform(["apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=20"], stackDir, env));
  const applySeconds = seconds(started);
  started = Date.now();
  const plan = terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color", "-parallelism=20"], stackDir, env);
  const planSeconds = seconds(started);
  if (plan.status === 2) {
    // The changed attributes too (lines with "->", or added/removed ones), so drift is named.
    const changes = plan.stdout.split("\n").filter((l) => /will be|must be|Plan:|->|^\s+[+-] \w/.test(l));
    throw new Error(`the second plan is not empty: the deployment is not idempotent\n${changes.join("\n")}`);
  }
  run("terraform plan", plan);
  const outputs = JSON.parse(run("terraform output", terraform(["output", "-json"], stackDir, env))) as Record<string, { value: unknown }>;
  type StateResource = { type: string; values: { function_name?: string; environment?: Array<{ variables?: Record<string, string> }> } };
  const state = JSON.parse(run("terraform show", terraform(["show", "-json"], stackDir, env))) as { values?: { root_module?: { resources?: StateResource[] } } };
  const resources = state.values?.root_module?.resources ?? [];
  return {
    stackDir,
    outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value])),
    applySeconds,
    planSeconds,
    resources: resources.length,
    functionEnvironments: Object.fromEntries(
      resources.filter((r) => r.type === "aws_lambda_function").map((r) => [r.values.function_name ?? "", r.values.environment?.[0]?.variables ?? {}]),
    ),
  };
}
