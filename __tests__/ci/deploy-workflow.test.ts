/**
 * Lint tests of the deploy chain (GitHub runs it; this machine cannot): deploy.yml calls the
 * reusable workflow deploy-environment.yml once per environment, which preflights, plans and
 * applies that environment.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENT_NAMES } from "../../src/config/environment-config";
import { rawText, load, ENVIRONMENTS, AWS_CREDENTIALS_ACTION, LOCAL_WORKFLOW_PREFIX, steps, oneStepUsing, indexOfUse, indexOfRun, needsOf, environmentOf, concurrencyOf, mirrorStep, runBashStep, standInRunner } from "./workflow-support";

const CALLED = "deploy-environment.yml";
const MAIN_ONLY = "github.ref == 'refs/heads/main'";

// ---------------------------------------------------------------------------------------------
// deploy.yml: which environments, in which order
// ---------------------------------------------------------------------------------------------

describe("deploy.yml", () => {
  const workflow = load("deploy.yml");
  const jobOf = (env: string) => workflow.jobs[`deploy-${env}`];

  it("runs on pushes to main and by hand", () => {
    // Prepare / Act
    const on = workflow.on;

    // Assess
    expect(Object.keys(on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(on.push.branches).toEqual(["main"]);
  });

  it("has exactly the jobs deploy-dev -> deploy-staging -> deploy-prod, each calling deploy-environment.yml for its environment", () => {
    // Prepare / Act
    const chain = Object.entries(workflow.jobs).map(([id, job]) => ({ id, needs: needsOf(job), uses: job.uses, with: job.with }));
    const uses = `${LOCAL_WORKFLOW_PREFIX}${CALLED}`;

    // Assess
    expect(chain).toEqual([
      { id: "deploy-dev", needs: [], uses, with: { environment: "dev" } },
      { id: "deploy-staging", needs: ["deploy-dev"], uses, with: { environment: "staging" } },
      { id: "deploy-prod", needs: ["deploy-staging"], uses, with: { environment: "prod" } },
    ]);
    expect([...ENVIRONMENTS]).toEqual([...ENVIRONMENT_NAMES]); // the environments the app knows
  });

  it.each(ENVIRONMENTS)("deploy-%s: grants the called workflow id-token: write (it can only lower this) and passes no secrets", (env) => {
    // Prepare / Act
    const job = jobOf(env);

    // Assess
    expect(job.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(job.secrets).toBeUndefined(); // OIDC: nothing to pass
  });

  it("has no env or concurrency of its own: the env would not reach the called workflow, the group lives there", () => {
    // Prepare / Act
    const groups = Object.values(workflow.jobs).map((job) => concurrencyOf(job));

    // Assess
    expect(workflow.env).toBeUndefined();
    expect(concurrencyOf(workflow)).toBeUndefined(); // a workflow-level group could cancel a queued deploy chain
    expect(groups).toEqual(ENVIRONMENTS.map(() => undefined)); // the same group on caller and called job would contend
  });

  it("says where the staging and prod approvals are configured", () => {
    // Prepare / Act
    const text = rawText("deploy.yml");

    // Assess
    expect(text).toMatch(/Required reviewers/);
    for (const env of ["staging", "prod"]) expect(text).toMatch(new RegExp(`Approval: required reviewers on the GitHub environment "${env}"`));
  });
});

// ---------------------------------------------------------------------------------------------
// deploy-environment.yml: one environment's preflight, plan and apply
// ---------------------------------------------------------------------------------------------

describe("deploy-environment.yml", () => {
  const workflow = load(CALLED);
  const job = workflow.jobs.deploy;
  const stepAt = (index: number) => steps(job)[index];
  const preflightIndex = indexOfRun(job, /^npm run preflight -- --env "\$DEPLOY_ENV"/m);
  const planIndex = indexOfRun(job, /^npm run plan -- --env "\$DEPLOY_ENV" --out plan-out$/m);
  const applyIndex = indexOfRun(job, /\bterraform\b[^\n]*\bapply\b/);

  it("can only be called, with one required string input, environment, and no secrets", () => {
    // Prepare / Act
    const call = workflow.on.workflow_call;

    // Assess
    expect(Object.keys(workflow.on)).toEqual(["workflow_call"]);
    expect(Object.keys(call.inputs)).toEqual(["environment"]);
    expect(call.inputs.environment).toMatchObject({ type: "string", required: true });
    expect(call.secrets).toBeUndefined();
  });

  it("has one job, in the GitHub environment of its input, on main only, with the OIDC permissions", () => {
    // Prepare / Act
    const jobIds = Object.keys(workflow.jobs);

    // Assess
    expect(jobIds).toEqual(["deploy"]);
    expect(environmentOf(job)).toBe("${{ inputs.environment }}"); // not settable on the calling job
    expect(job.if).toBe(MAIN_ONLY);
    expect(job.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(job.env).toEqual({ DEPLOY_ENV: "${{ inputs.environment }}" });
  });

  it("one concurrency group per environment that never cancels a running apply", () => {
    // Prepare / Act
    const concurrency = concurrencyOf(job);

    // Assess
    expect(concurrency).toEqual({ group: "deploy-${{ inputs.environment }}", "cancel-in-progress": false });
    expect(concurrencyOf(workflow)).toBeUndefined();
  });

  it("runs its steps in this order: set-up, provider mirror, npm ci, role check, OIDC, preflight, plan, summary upload, apply", () => {
    // Prepare
    const order: Record<string, number> = {
      checkout: indexOfUse(job, "actions/checkout"),
      "setup-node": indexOfUse(job, "actions/setup-node"),
      "setup-terraform": indexOfUse(job, "hashicorp/setup-terraform"),
      "mirror cache": indexOfUse(job, "actions/cache"),
      "mirror preparation": steps(job).indexOf(mirrorStep(job)!),
      "npm ci": indexOfRun(job, /^npm ci$/m),
      "role check": steps(job).findIndex((s) => s.env?.ROLE_ARN !== undefined),
      "OIDC credentials": indexOfUse(job, AWS_CREDENTIALS_ACTION),
      preflight: preflightIndex,
      plan: planIndex,
      "summary upload": indexOfUse(job, "actions/upload-artifact"),
      apply: applyIndex,
    };

    // Act
    const missing = Object.keys(order).filter((name) => order[name] < 0);
    const byIndex = Object.keys(order).sort((a, b) => order[a] - order[b]);

    // Assess
    expect(missing).toEqual([]);
    expect(byIndex).toEqual(Object.keys(order));
    expect(steps(job)).toHaveLength(byIndex.length); // a new step is placed here on purpose
  });

  it("OIDC with the environment's deploy role, then preflight, then plan, then apply of exactly the saved plan", () => {
    // Prepare
    const aws = oneStepUsing(job, AWS_CREDENTIALS_ACTION);
    const apply = stepAt(applyIndex);

    // Act
    const applyLines = apply.run!.split("\n").map((l) => l.trim()).filter((l) => /^terraform\b.*\bapply\b/.test(l));

    // Assess
    expect(aws.with?.["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}"); // a variable of the environment named by the job
    expect(aws.with?.["role-session-name"]).toBe("mdl-deploy-${{ inputs.environment }}-${{ github.run_id }}");
    expect(steps(job).indexOf(aws)).toBeLessThan(preflightIndex);
    expect(preflightIndex).toBeLessThan(planIndex);
    expect(applyIndex).toBeGreaterThan(planIndex);
    expect(stepAt(preflightIndex).run).toMatch(/exit "\$code"\s*$/); // a failed check (1) stops the job before plan
    expect(stepAt(planIndex).run).toMatch(/exit "\$code"\s*$/); // a failed plan or a tripped guard (3) stops the job
    expect(apply.env).toEqual({ PLAN_DIR: "${{ github.workspace }}/plan-out" });
    expect(applyLines).toEqual(['terraform -chdir="$STACK_DIR" apply -input=false "$PLAN_FILE" < /dev/null']);
    expect(apply.run).not.toContain("-auto-approve"); // only a fresh plan needs it; a saved plan applies as reviewed
  });

  it("runs nothing after a failed step but the summary upload, and lets no step fail quietly", () => {
    // Prepare / Act
    const conditional = steps(job).filter((s) => s.if !== undefined).map((s) => ({ uses: s.uses, if: s.if }));
    const continuing = steps(job).filter((s) => "continue-on-error" in s);

    // Assess
    expect(conditional).toEqual([{ uses: "actions/upload-artifact@v4", if: "${{ !cancelled() }}" }]);
    expect(continuing).toEqual([]);
  });

  it("uploads only the plan summary, per environment (the .tfplan and plan JSON hold sensitive values)", () => {
    // Prepare / Act
    const upload = oneStepUsing(job, "actions/upload-artifact");

    // Assess
    expect(upload.with?.name).toBe("deploy-plan-${{ inputs.environment }}");
    expect(String(upload.with?.path).trim()).toBe("plan-out/${{ inputs.environment }}.plan.md");
  });

  it("pastes no expression into a script: scripts read the environment from DEPLOY_ENV", () => {
    // Prepare / Act
    const withExpressions = steps(job).filter((s) => /\$\{\{/.test(s.run ?? "")).map((s) => s.name ?? s.run);

    // Assess
    expect(withExpressions).toEqual([]);
  });

  describe("the apply step (run with a stand-in terraform)", () => {
    let work: string;

    beforeEach(() => {
      work = mkdtempSync(join(tmpdir(), "deploy-apply-"));
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    /** Lays out what `npm run plan` leaves for `stacks`, then runs the step with a terraform that logs and fails on `failOn`. */
    function runApply(stacks: readonly string[], failOn?: string) {
      const runner = standInRunner(work, ["GITHUB_STEP_SUMMARY"]);
      const planDir = join(work, "plan-out");
      for (const stack of stacks) {
        mkdirSync(join(planDir, "synth", "stacks", stack, ".terraform"), { recursive: true });
        writeFileSync(join(planDir, `${stack}.tfplan`), "plan");
      }
      if (stacks.length > 0) writeFileSync(join(planDir, "staging.stacks"), `${stacks.join("\n")}\n`);
      const log = join(work, "terraform-calls.log");
      writeFileSync(join(runner.bin, "terraform"), `#!/bin/bash\necho "$1 $3 $4" >> ${JSON.stringify(log)}\n${failOn ? `case "$1" in *${failOn}) exit 1;; esac\n` : ""}exit 0\n`);
      chmodSync(join(runner.bin, "terraform"), 0o755);
      const result = runBashStep(stepAt(applyIndex).run!, work, { ...runner.env, DEPLOY_ENV: "staging", PLAN_DIR: planDir });
      const calls = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
      return { ...result, calls: calls.map((c) => c.replace(planDir, "plan-out")) };
    }

    it("applies each saved plan in the deploy order the plan script wrote", () => {
      // Act
      const run = runApply(["data-lake-staging", "market-events-staging"]);
      // Assess
      expect(run.status).toBe(0);
      expect(run.calls).toEqual([
        "-chdir=plan-out/synth/stacks/data-lake-staging -input=false " + join(work, "plan-out", "data-lake-staging.tfplan"),
        "-chdir=plan-out/synth/stacks/market-events-staging -input=false " + join(work, "plan-out", "market-events-staging.tfplan"),
      ]);
    });

    it("stops at the first failed apply: a later stack is not applied over a broken earlier one", () => {
      // Act
      const run = runApply(["data-lake-staging", "market-events-staging"], "data-lake-staging");
      // Assess
      expect(run.status).not.toBe(0);
      expect(run.calls).toHaveLength(1);
    });

    it("fails with the reason when the plan script left no deploy order", () => {
      // Act
      const run = runApply([]);
      // Assess
      expect(run.status).toBe(1);
      expect(run.stdout).toContain("::error::Expected the deploy order");
      expect(run.calls).toEqual([]);
    });
  });

  describe("the preflight and plan steps (run with a stand-in npm)", () => {
    let work: string;

    beforeEach(() => {
      work = mkdtempSync(join(tmpdir(), "deploy-step-"));
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    /** Runs a step with an `npm` that logs its arguments, prints a line, writes a plan summary for `run plan`, and exits `npmExit`. */
    function runWithNpm(index: number, npmExit: number) {
      const runner = standInRunner(work, ["GITHUB_STEP_SUMMARY"]);
      const log = join(work, "npm-calls.log");
      writeFileSync(
        join(runner.bin, "npm"),
        `#!/bin/bash\necho "$*" >> ${JSON.stringify(log)}\nif [ "$2" = plan ]; then mkdir -p plan-out; echo "Plan: 1 to add." > "plan-out/$5.plan.md"; fi\necho "| check | result |"\nexit ${npmExit}\n`,
      );
      chmodSync(join(runner.bin, "npm"), 0o755);
      const result = runBashStep(stepAt(index).run!, work, { ...runner.env, DEPLOY_ENV: "staging" });
      return { ...result, summary: readFileSync(runner.env.GITHUB_STEP_SUMMARY, "utf8"), calls: readFileSync(log, "utf8").trim().split("\n") };
    }

    const preflightSummary = "### Preflight: staging\n```text\n| check | result |\n```\n";
    it.each([
      { step: "preflight", index: preflightIndex, npmExit: 0, call: "run preflight -- --env staging", summary: preflightSummary, errors: [] },
      { step: "preflight", index: preflightIndex, npmExit: 1, call: "run preflight -- --env staging", summary: preflightSummary, errors: ["::error::Preflight failed for staging (exit code 1): not planning."] },
      { step: "plan", index: planIndex, npmExit: 0, call: "run plan -- --env staging --out plan-out", summary: "Plan: 1 to add.\n", errors: [] },
      { step: "plan", index: planIndex, npmExit: 3, call: "run plan -- --env staging --out plan-out", summary: "Plan: 1 to add.\n", errors: ["::error::The destructive-change guard tripped for staging: not applying."] },
    ])("$step: npm exiting $npmExit ends the step with $npmExit (non-zero stops the job), the job summary written either way", ({ index, npmExit, call, summary, errors }) => {
      // Prepare / Act
      const run = runWithNpm(index, npmExit);

      // Assess
      expect(run.status).toBe(npmExit);
      expect(run.calls).toEqual([call]);
      expect(run.summary).toBe(summary);
      expect(run.stdout.split("\n").filter((l) => l.startsWith("::error::"))).toEqual(errors);
    });
  });
});
