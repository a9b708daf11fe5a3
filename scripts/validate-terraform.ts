import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ENVIRONMENTS } from "../src/config/environments";
import { stacksInDeployOrder } from "../src/stacks/deploy-order";
import { synthesizeApp } from "./lib/synth-app";
import { offlineTerraformEnv, terraform } from "./lib/terraform-cli";
import { BOOTSTRAP_MODULE, stackListProblem, validateReportLines, type ValidateReport } from "./lib/validate-report";

/**
 * Synthesizes every environment and validates all stacks in ONE Terraform run: a wrapper root
 * module uses each stack as a child module, so there is one init and one validate (about 4x
 * faster than one per stack) and errors still name the stack by module name. The plain-HCL
 * state backend bootstrap (terraform-backend.tf) is validated in the same run and format-checked.
 * It fails unless synth produced exactly the stacks of every configured environment.
 */
function main(): number {
  const root = resolve(__dirname, "..", "..");
  const work = join(root, "build", "terraform-validate");
  const synthDir = join(work, "synth");
  rmSync(synthDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const started = Date.now();
  try {
    synthesizeApp({ root, environments: ["all"], outdir: synthDir });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  const stacksDir = join(synthDir, "stacks");
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  const expected = Object.values(ENVIRONMENTS).flatMap(stacksInDeployOrder).sort();
  const problem = stackListProblem(stacks, expected);
  if (problem) {
    process.stderr.write(`terraform validate: not run, ${problem}\n`);
    return 1;
  }
  const wrapper = join(work, "wrapper");
  mkdirSync(wrapper, { recursive: true });
  const modules: Record<string, Record<string, string>> = Object.fromEntries(stacks.map((s) => [s, { source: `./${relative(wrapper, join(synthDir, "stacks", s))}` }]));
  mkdirSync(join(wrapper, "bootstrap"), { recursive: true });
  copyFileSync(join(root, "terraform-backend.tf"), join(wrapper, "bootstrap", "main.tf"));
  modules[BOOTSTRAP_MODULE] = { source: "./bootstrap", region: "us-east-1" };
  writeFileSync(join(wrapper, "main.tf.json"), JSON.stringify({ module: modules }, null, 2));

  const env = offlineTerraformEnv(work);
  const fmt = terraform(["fmt", "-check", "-diff", "-no-color", "terraform-backend.tf"], root, env);
  if (fmt.status !== 0) {
    process.stderr.write(`terraform-backend.tf is not formatted (run terraform fmt):\n${fmt.stdout}${fmt.stderr}`);
    return 1;
  }
  const init = terraform(["init", "-backend=false", "-input=false", "-no-color"], wrapper, env);
  if (init.status !== 0) {
    process.stderr.write(init.stdout + init.stderr);
    return 1;
  }
  const validate = terraform(["validate", "-json", "-no-color"], wrapper, env);
  let report: ValidateReport;
  try {
    report = JSON.parse(validate.stdout) as ValidateReport;
  } catch {
    process.stderr.write(`terraform validate gave no JSON report (exit ${validate.status}):\n${validate.stdout}${validate.stderr}`);
    return 1;
  }
  const { ok, lines } = validateReportLines(report, (d) => (d.range ? `${relative(synthDir, resolve(wrapper, d.range.filename))}:${d.range.start.line}` : ""));
  for (const line of lines) console.log(line);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`terraform validate: ${ok ? "valid" : "INVALID"} (${stacks.length} stacks: ${stacks.join(", ")}, plus the state backend bootstrap; ${seconds} s)`);
  return ok ? 0 : 1;
}

process.exit(main());
