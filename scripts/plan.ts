import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadEnvironmentConfig, type EnvironmentConfig } from "../src/config";
import { stateBackendNames } from "../src/config/naming";
import { parseTerraformPlan, renderPlanSummary, reviewStack } from "../src/plan-review";
import { stacksInDeployOrder } from "../src/stacks/deploy-order";
import { synthesizeApp } from "./lib/synth-app";
import { offlineTerraformEnv, terraform } from "./lib/terraform-cli";

const USAGE = `Usage: npm run plan -- --env <dev|staging|prod> [--local-aws http://127.0.0.1:PORT] [--allow-destroy <address> ...] [--out <dir>]

Synthesizes the environment's stacks, runs terraform init + plan of each (they take nothing from
each other's state, so each plans on its own), and writes to <dir> (default build/plan):
  <stack>.tfplan     the saved plan of each stack (apply it from <dir>/synth/stacks/<stack>)
  <stack>.plan.json  terraform show -json of it
  <env>.plan.md      the review summary of all of them, also printed: changes, policy diffs, security-relevant attributes
  <env>.stacks       the stacks in deploy order, one a line: apply their plans in that order
The state is in the S3 backend, so AWS credentials for the environment's account are needed;
--local-aws plans against a local AWS API server (moto) instead, offline, with local state kept in
<dir>/synth/stacks/<stack> between runs.
Deleting or replacing a stateful resource (bucket, table, key, stream, log group, Glue database
or table) stops the plan with exit code 3 unless its address is given with --allow-destroy.
Exit codes: 0 reviewed, 3 destructive change not allowed, 1 error.`;

const EXIT = { ok: 0, error: 1, destructive: 3 } as const;

/** Terraform's own words for missing or bad AWS credentials (S3 backend, STS, provider). */
const CREDENTIALS_ERROR = /No valid credential sources found|failed to refresh cached credentials|InvalidClientTokenId|ExpiredToken|security token included in the request is (invalid|expired)|SignatureDoesNotMatch|UnrecognizedClientException/i;

/** Terraform's refusal when a resource with lifecycle.prevent_destroy would be destroyed. */
const PREVENT_DESTROY_ERROR = /Instance cannot be destroyed/;
const PREVENT_DESTROY_HELP =
  "A resource with lifecycle.prevent_destroy (set on the lake's stateful resources) would be destroyed, so Terraform refused to plan; " +
  "--allow-destroy cannot override that. Change the configuration (or `terraform untaint` the object) so it is updated in place, " +
  "or remove prevent_destroy in a separately reviewed change first.";

class UsageError extends Error {}

function credentialsHelp(config: EnvironmentConfig): string {
  const backend = stateBackendNames(config);
  return [
    `AWS credentials are missing or not valid. Planning "${config.environment}" reads its state from s3://${backend.bucket} (lock table ${backend.lockTable})`,
    `and the live resources of account ${config.accountId} in ${config.region}. Provide credentials for that account:`,
    "  AWS_PROFILE=<profile> (after aws sso login), or AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), or a CI role;",
    "or plan offline against a local AWS API server: npm run plan -- --env <env> --local-aws http://127.0.0.1:5000",
    "(start one with: python3 -m moto.server -H 127.0.0.1 -p 5000).",
  ].join("\n");
}

function runTerraform(step: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, config: EnvironmentConfig): string {
  const result = terraform(args, cwd, env);
  if (result.status === 0) return result.stdout;
  const output = `${result.stdout}\n${result.stderr}`;
  if (CREDENTIALS_ERROR.test(output)) throw new Error(`terraform ${step} failed: ${credentialsHelp(config)}\n\nTerraform said:\n${result.stderr.trim().slice(-2000)}`);
  const hint = PREVENT_DESTROY_ERROR.test(output) ? `${PREVENT_DESTROY_HELP}\n\n` : "";
  // Errors go to stderr; stdout holds the (long) plan text, useful only when stderr is empty.
  const said = (result.stderr.trim() || result.stdout.trim()).slice(-6000);
  throw new Error(`terraform ${step} failed (exit ${result.status}): ${hint}Terraform said:\n${said}`);
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        env: { type: "string" },
        "local-aws": { type: "string" },
        "allow-destroy": { type: "string", multiple: true, default: [] },
        out: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function main(): number {
  const values = parseOptions();
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (!values.env) throw new UsageError("--env is required");
  const config = loadEnvironmentConfig(values.env);
  const root = resolve(__dirname, "..", "..");
  const outDir = values.out ? resolve(values.out) : join(root, "build", "plan");
  const synthDir = join(outDir, "synth");
  const stacks = stacksInDeployOrder(config);
  const summaryFile = join(outDir, `${config.environment}.plan.md`);
  const orderFile = join(outDir, `${config.environment}.stacks`);
  mkdirSync(outDir, { recursive: true });
  // A failed run must not leave the previous run's summary behind for CI to post as if current.
  for (const artifact of [summaryFile, orderFile, ...stacks.flatMap((s) => [`${s}.tfplan`, `${s}.plan.json`].map((f) => join(outDir, f)))]) rmSync(artifact, { force: true });
  const progress = (message: string) => console.error(`plan: ${message}`);

  // Before the slower steps, so a machine without Terraform fails at once with what to install.
  const tfEnv = offlineTerraformEnv(join(outDir, "terraform-cli"));
  const version = JSON.parse(runTerraform("version", ["version", "-json"], outDir, tfEnv, config)) as { terraform_version: string };

  progress(`synthesizing ${stacks.join(", ")}${values["local-aws"] ? ` against ${values["local-aws"]} (local state)` : " (S3 state backend)"}`);
  synthesizeApp({ root, environments: [values.env], outdir: synthDir, localAwsEndpoint: values["local-aws"] });
  const reviews = stacks.map((stack) => {
    const stackDir = join(synthDir, "stacks", stack);
    const planFile = join(outDir, `${stack}.tfplan`);
    progress(`${stack}: terraform ${version.terraform_version} init`);
    // -reconfigure: the same folder may have been planned with the other backend (local vs S3) before.
    runTerraform("init", ["init", "-input=false", "-no-color", "-reconfigure"], stackDir, tfEnv, config);
    progress(`${stack}: terraform plan`);
    runTerraform("plan", ["plan", "-input=false", "-no-color", "-lock-timeout=120s", `-out=${planFile}`], stackDir, tfEnv, config);
    const planJson = runTerraform("show", ["show", "-json", "-no-color", planFile], stackDir, tfEnv, config);
    writeFileSync(join(outDir, `${stack}.plan.json`), planJson);
    return reviewStack(stack, parseTerraformPlan(planJson), values["allow-destroy"]);
  });
  const markdown = renderPlanSummary(reviews);
  writeFileSync(summaryFile, markdown);
  writeFileSync(orderFile, `${stacks.join("\n")}\n`);
  console.log(markdown);
  progress(`wrote ${stacks.map((s) => `${s}.tfplan`).join(", ")}, ${config.environment}.plan.md and ${config.environment}.stacks in ${outDir}`);
  const violations = reviews.flatMap((r) => r.guard.violations);
  if (violations.length) {
    console.error(`\nDestructive-change guard: ${violations.length} change(s) blocked:\n${violations.map((v) => `- ${v.message}`).join("\n")}`);
    return EXIT.destructive;
  }
  return EXIT.ok;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else console.error(`Plan failed: ${(error as Error).message}`);
  process.exitCode = EXIT.error;
}
