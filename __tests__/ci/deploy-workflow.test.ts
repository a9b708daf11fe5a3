/** Lint tests of .github/workflows/deploy.yml (GitHub runs it; this machine cannot). */
import { type Job, rawText, load, ENVIRONMENTS, AWS_CREDENTIALS_ACTION, steps, oneStepUsing, indexOfRun, needsOf, environmentOf, concurrencyOf } from "./workflow-support";

// ---------------------------------------------------------------------------------------------
// deploy.yml
// ---------------------------------------------------------------------------------------------

describe("deploy.yml", () => {
  const workflow = load("deploy.yml");
  const jobOf = (env: string): Job => workflow.jobs[`deploy-${env}`];

  it("runs on pushes to main and by hand", () => {
    // Prepare / Act
    const on = workflow.on;

    // Assess
    expect(Object.keys(on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(on.push.branches).toEqual(["main"]);
  });

  it("has exactly the jobs deploy-dev -> deploy-staging -> deploy-prod, each in its GitHub environment, on main only", () => {
    // Prepare / Act
    const chain = Object.entries(workflow.jobs).map(([id, job]) => ({ id, needs: needsOf(job), environment: environmentOf(job), if: job.if }));

    // Assess
    expect(chain).toEqual([
      { id: "deploy-dev", needs: [], environment: "dev", if: "github.ref == 'refs/heads/main'" },
      { id: "deploy-staging", needs: ["deploy-dev"], environment: "staging", if: "github.ref == 'refs/heads/main'" },
      { id: "deploy-prod", needs: ["deploy-staging"], environment: "prod", if: "github.ref == 'refs/heads/main'" },
    ]);
  });

  it("says where the staging and prod approvals are configured", () => {
    // Prepare / Act
    const text = rawText("deploy.yml");

    // Assess
    expect(text).toMatch(/Required reviewers/);
    for (const env of ["staging", "prod"]) expect(text).toMatch(new RegExp(`Approval: required reviewers on the GitHub environment "${env}"`));
  });

  it.each(ENVIRONMENTS)("deploy-%s: one concurrency group per environment that never cancels a running apply", (env) => {
    // Prepare / Act
    const concurrency = concurrencyOf(jobOf(env));

    // Assess
    expect(concurrency).toEqual({ group: `deploy-${env}`, "cancel-in-progress": false });
    expect(concurrencyOf(workflow)).toBeUndefined(); // a workflow-level group could cancel a queued deploy chain
  });

  it.each(ENVIRONMENTS)("deploy-%s: OIDC with the environment's deploy role, then plan, then apply of exactly the saved plan", (env) => {
    // Prepare
    const job = jobOf(env);
    const aws = oneStepUsing(job, AWS_CREDENTIALS_ACTION);
    const planIndex = indexOfRun(job, new RegExp(`^npm run plan -- --env ${env} --out plan-out$`, "m"));
    const applyIndex = indexOfRun(job, /\bterraform\b[^\n]*\bapply\b/);
    const apply = steps(job)[applyIndex];

    // Act
    const applyLines = apply.run!.split("\n").filter((l) => /\bterraform\b.*\bapply\b/.test(l));

    // Assess
    expect(job.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(aws.with?.["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    expect(steps(job).indexOf(aws)).toBeLessThan(planIndex);
    expect(planIndex).toBeGreaterThan(0);
    expect(applyIndex).toBeGreaterThan(planIndex);
    expect(steps(job)[planIndex].run).toMatch(/exit "\$code"\s*$/); // a failed plan or a tripped guard (3) stops the job
    expect(apply.env).toEqual({ STACK_DIR: `plan-out/synth/stacks/data-lake-${env}`, PLAN_FILE: `\${{ github.workspace }}/plan-out/data-lake-${env}.tfplan` });
    expect(applyLines).toEqual([`terraform -chdir=plan-out/synth/stacks/data-lake-${env} apply -input=false "$PLAN_FILE"`]);
    expect(apply.run).not.toContain("-auto-approve"); // only a fresh plan needs it; a saved plan applies as reviewed
  });

  it("the three deploy jobs differ only in the environment name", () => {
    // Prepare
    const normalized = ENVIRONMENTS.map((env) => {
      const { needs: _needs, ...job } = jobOf(env);
      return JSON.stringify(job).replace(new RegExp(`\\b${env}\\b`, "g"), "<env>");
    });

    // Act / Assess
    expect(normalized[1]).toBe(normalized[0]);
    expect(normalized[2]).toBe(normalized[0]);
  });
});
