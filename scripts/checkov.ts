import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { indexSynthesizedResources, readCheckovReport, type ResourceIndex } from "../src/policy/checkov/findings";
import { applySkips, parseSkipList } from "../src/policy/checkov/skip-list";
import { acceptedByCheck, formatFailure, formatStale } from "./lib/checkov-report";
import { synthesizeApp } from "./lib/synth-app";

/**
 * checkov (the scanner platform teams run) over every synthesized stack and the state backend
 * bootstrap, in one process (`npm run check:checkov`, part of `npm test`). Fails on any failed
 * check that src/policy/checkov/skips.yaml does not accept for that resource and stack, on a skip
 * that matches nothing any more, on a file checkov could not parse, and on a scan that passed no
 * check at all (a parser change would otherwise pass everything silently).
 *
 * The synthesized JSON is scanned rather than a plan: it needs no AWS account, covers every
 * environment, and checkov's terraform_json runner resolves what its checks read (the values the
 * plan would add are ids and ARNs no check inspects). Measured on data-lake-dev in local mode
 * (checkov 3.3.30): `terraform show -json` of a plan against the local server gave the same 22
 * failures but 11 fewer passed checks (262 vs 273), because the IAM and bucket policies built
 * from ARNs are unknown until apply, so CKV2_AWS_40 and CKV_AWS_70 never ran on them.
 */
const BOOTSTRAP = "bootstrap";

function main(): number {
  const root = resolve(__dirname, "..", "..");
  const checkov = join(root, ".venv-checkov", "bin", "checkov");
  if (!existsSync(checkov)) {
    process.stderr.write(`checkov: ${checkov} is missing; run: bash scripts/python-env.sh\n`);
    return 1;
  }
  const skipFile = join(root, "src", "policy", "checkov", "skips.yaml");
  const skips = parseSkipList(readFileSync(skipFile, "utf8"), "src/policy/checkov/skips.yaml");
  const work = join(root, "build", "checkov");
  rmSync(work, { recursive: true, force: true });
  const synthDir = join(work, "synth");
  const scanDir = join(work, "scan");
  const started = Date.now();
  synthesizeApp({ root, environments: ["all"], outdir: synthDir });

  const indexes = new Map<string, ResourceIndex>();
  const stacks = readdirSync(join(synthDir, "stacks")).sort();
  for (const stack of stacks) {
    const json = JSON.parse(readFileSync(join(synthDir, "stacks", stack, "cdk.tf.json"), "utf8"));
    // checkov 3.3.30's terraform_json parser fails the whole file on `terraform.required_version`
    // (a string where it expects a block: "this method receives only dicts", 0 checks run). The
    // terraform block holds no resource, so the scanned copy leaves the setting out.
    delete json.terraform?.required_version;
    mkdirSync(join(scanDir, stack), { recursive: true });
    // Indented, so the line numbers of a failure point into build/checkov/scan/<stack>/cdk.tf.json.
    writeFileSync(join(scanDir, stack, "cdk.tf.json"), JSON.stringify(json, null, 2));
    indexes.set(stack, indexSynthesizedResources(json, stack));
  }
  mkdirSync(join(scanDir, BOOTSTRAP), { recursive: true });
  copyFileSync(join(root, "terraform-backend.tf"), join(scanDir, BOOTSTRAP, "main.tf"));

  // --skip-download: no calls to Prisma Cloud (unreachable here; it only adds guideline links).
  const scan = spawnSync(checkov, ["-d", ".", "--framework", "terraform", "terraform_json", "-o", "json", "--quiet", "--compact", "--skip-download"], {
    cwd: scanDir,
    encoding: "utf8",
    maxBuffer: 256 << 20,
    env: { ...process.env, LOG_LEVEL: "ERROR" },
  });
  if (scan.error || !scan.stdout.trim().startsWith("{") && !scan.stdout.trim().startsWith("[")) {
    process.stderr.write(`checkov did not report (exit ${scan.status}): ${scan.error?.message ?? ""}\n${scan.stderr.slice(-3000)}\n`);
    return 1;
  }
  const { findings, totals } = readCheckovReport(scan.stdout, indexes);
  const scanned = [...stacks, BOOTSTRAP];
  const outcome = applySkips(findings, skips, stacks);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  for (const f of outcome.failures) console.log(formatFailure(f, "build/checkov/scan/"));
  for (const s of outcome.stale) console.log(formatStale(s, "src/policy/checkov/skips.yaml"));
  const problems: string[] = [];
  if (totals.parsingErrors > 0) problems.push(`${totals.parsingErrors} file(s) checkov could not parse (run it with LOG_LEVEL=DEBUG in build/checkov/scan)`);
  if (totals.passed === 0) problems.push("no check passed: checkov scanned nothing");
  for (const p of problems) console.log(`ERROR ${p}`);
  const ok = outcome.failures.length === 0 && outcome.stale.length === 0 && problems.length === 0;
  console.log(
    `checkov: ${ok ? "clean" : "NOT CLEAN"}: ${totals.passed} passed, ${outcome.failures.length} failed, ${outcome.accepted.length} accepted by skips.yaml ` +
      `(${acceptedByCheck(outcome)}), ${outcome.stale.length} stale skips; ${scanned.length} scanned (${scanned.join(", ")}); ${seconds} s`,
  );
  return ok ? 0 : 1;
}

process.exit(main());
