/**
 * Lint tests for the GitHub Actions delivery (.github/workflows): GitHub runs these files, this
 * machine cannot, so what can go wrong in them is checked here: structure, reusable-workflow calls
 * against GitHub's rules, OIDC-only AWS access, pinned actions and tools, and the npm scripts they
 * run. The per-file tests (pull-request-workflow.test.ts, deploy-workflow.test.ts) check the
 * dev -> staging -> prod chain, concurrency, and run the steps' real logic against stand-ins.
 */
import { AWS_PROVIDER } from "../../scripts/lib/terraform-cli";
import { workflowFiles, rawText, load, packageJson, TERRAFORM_VERSION, NODE_VERSION, AWS_CREDENTIALS_ACTION, CALLER_JOB_KEYWORDS, MAX_WORKFLOW_LEVELS, MAX_REUSABLE_WORKFLOWS, steps, stepsUsing, indexOfUse, indexOfRun, environmentOf, usesAws, runsNpm, runsTerraformWork, valuesOfKey, npmScriptsIn, mirrorStep, callsWorkflow, calledFile, calledWorkflow, workflowLevels, reusableWorkflowsUnder, permissionsOf, beyondGrant } from "./workflow-support";

describe("GitHub Actions workflows", () => {
  it("has the pull-request and the deploy workflows", () => {
    // Prepare / Act
    const files = workflowFiles;

    // Assess
    expect(files).toEqual(expect.arrayContaining(["pull-request.yml", "deploy.yml", "deploy-environment.yml"]));
  });

  describe.each(workflowFiles)("%s", (file) => {
    const workflow = load(file);
    const jobs = Object.entries(workflow.jobs ?? {});
    const runnerJobs = jobs.filter(([, job]) => !callsWorkflow(job));
    const callerJobs = jobs.filter(([, job]) => callsWorkflow(job));

    it("parses, has triggers, and every job either calls a workflow or has a runner and steps that each either run or use", () => {
      // Prepare / Act: parsed above

      // Assess
      expect(workflow.on).toBeDefined();
      expect(jobs.length).toBeGreaterThan(0);
      for (const [, job] of runnerJobs) {
        expect(job["runs-on"]).toBe("ubuntu-latest");
        expect(steps(job).length).toBeGreaterThan(0);
        for (const step of steps(job)) expect([step.run, step.uses].filter((v) => v !== undefined)).toHaveLength(1);
      }
    });

    it("calls only reusable workflows of this repository (on: workflow_call), with only the keywords GitHub allows on a calling job", () => {
      for (const [id, job] of callerJobs) {
        // Prepare / Act
        const called = calledFile(job);
        const otherKeys = Object.keys(job).filter((k) => !CALLER_JOB_KEYWORDS.includes(k));

        // Assess
        expect({ id, called: workflowFiles.includes(called ?? "") }).toEqual({ id, called: true });
        expect(Object.keys(load(called!).on)).toContain("workflow_call");
        expect(otherKeys).toEqual([]); // e.g. environment: it belongs on the called workflow's job
      }
    });

    it("passes each called workflow its required inputs, and only inputs it declares, of the declared type", () => {
      for (const [, job] of callerJobs) {
        // Prepare
        const inputs: Record<string, { type: string; required?: boolean }> = calledWorkflow(job)!.on.workflow_call.inputs ?? {};
        const required = Object.keys(inputs).filter((name) => inputs[name].required === true);

        // Act
        const passed = Object.entries(job.with ?? {}).map(([name, value]) => ({ name, type: typeof value }));

        // Assess
        expect(passed.map((p) => p.name)).toEqual(expect.arrayContaining(required));
        expect(passed).toEqual(passed.map(({ name }) => ({ name, type: inputs[name]?.type })));
      }
    });

    it("stays within GitHub's nesting limits for reusable workflows", () => {
      // Prepare / Act
      const levels = workflowLevels(workflow);
      const reusable = reusableWorkflowsUnder(workflow);

      // Assess
      expect(levels).toBeLessThanOrEqual(MAX_WORKFLOW_LEVELS);
      expect(reusable.length).toBeLessThanOrEqual(MAX_REUSABLE_WORKFLOWS);
      expect(reusable).not.toContain(file); // no loops
    });

    it("asks no called workflow for a permission beyond what the calling job grants (GitHub can only lower it)", () => {
      for (const [id, job] of callerJobs) {
        // Prepare
        const called = calledWorkflow(job)!;
        const granted = permissionsOf(job, workflow);

        // Act
        const beyond = Object.entries(called.jobs).flatMap(([calledId, calledJob]) => beyondGrant(granted, permissionsOf(calledJob, called)).map((b) => `${id} -> ${calledId}: ${b}`));

        // Assess
        expect(beyond).toEqual([]);
      }
    });

    it("never runs on pull_request_target (a PR's code with the base repository's secrets)", () => {
      // Prepare / Act
      const triggers = Object.keys(workflow.on);

      // Assess
      expect(triggers).not.toContain("pull_request_target");
    });

    it("uses no static AWS keys anywhere", () => {
      // Prepare
      const text = rawText(file);

      // Act
      const staticKeyPatterns = [/aws-access-key-id/i, /aws-secret-access-key/i, /aws-session-token/i, /AWS_SECRET_ACCESS_KEY/i, /AWS_ACCESS_KEY_ID/i, /AWS_SESSION_TOKEN/i, /\b(AKIA|ASIA)[0-9A-Z]{16}\b/];
      const hits = staticKeyPatterns.filter((p) => p.test(text)).map(String);

      // Assess
      expect(hits).toEqual([]);
    });

    it("pins every action to a version tag or a commit SHA, never a branch", () => {
      // Prepare
      const uses = valuesOfKey(workflow.jobs, "uses").map(String);

      // Act
      const unpinned = uses.filter((u) => !u.startsWith("./") && !/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(u));
      const floating = uses.filter((u) => /@(main|master|latest|HEAD|dev|develop)$/i.test(u));

      // Assess
      expect(uses.length).toBeGreaterThan(0);
      expect(unpinned).toEqual([]);
      expect(floating).toEqual([]);
    });

    it("grants only read permissions at workflow level", () => {
      // Prepare / Act
      const permissions = workflow.permissions;

      // Assess
      expect(permissions).toBeInstanceOf(Object); // never a blanket "write-all"/"read-all" string
      expect(permissions).toEqual({ contents: "read" });
    });

    it("gives id-token: write exactly to the jobs that assume an AWS role", () => {
      // Prepare / Act
      const withToken = jobs.filter(([, job]) => typeof job.permissions === "object" && job.permissions["id-token"] === "write").map(([id]) => id);
      const withAws = jobs.filter(([, job]) => usesAws(job)).map(([id]) => id);

      // Assess
      expect(withToken.sort()).toEqual(withAws.sort());
      for (const [, job] of jobs.filter(([, j]) => usesAws(j))) expect(job.permissions).toMatchObject({ "id-token": "write", contents: "read" });
    });

    it("assumes AWS roles through OIDC: a role from a repository or environment variable, us-east-1, no keys", () => {
      // Prepare
      const awsSteps = jobs.flatMap(([, job]) => stepsUsing(job, AWS_CREDENTIALS_ACTION));

      // Act / Assess
      for (const step of awsSteps) {
        expect(step.uses).toMatch(/@v\d+$/); // a major version, so security fixes arrive
        expect(String(step.with?.["role-to-assume"])).toMatch(/^\$\{\{\s*vars(\.|\[)/);
        expect(step.with?.["aws-region"]).toBe("us-east-1");
        expect(Object.keys(step.with ?? {}).filter((k) => /key|secret|token/i.test(k))).toEqual([]);
      }
    });

    it("checks that the role variable is set before assuming it, with a message naming the variable", () => {
      for (const [, job] of runnerJobs.filter(([, j]) => usesAws(j))) {
        // Prepare
        const awsIndex = indexOfUse(job, AWS_CREDENTIALS_ACTION);
        const role = String(stepsUsing(job, AWS_CREDENTIALS_ACTION)[0].with?.["role-to-assume"]);

        // Act
        const guard = steps(job).slice(0, awsIndex).find((s) => s.env?.ROLE_ARN === role);

        // Assess
        expect(guard?.run).toMatch(/-z "\$ROLE_ARN"[\s\S]*::error::[\s\S]*AWS_\w*ROLE_ARN[\s\S]*exit 1/);
      }
    });

    it("pins terraform to 1.11.4 without the wrapper and node to 20 with the npm cache", () => {
      for (const [id, job] of jobs) {
        // Prepare / Act
        const terraform = stepsUsing(job, "hashicorp/setup-terraform");
        const node = stepsUsing(job, "actions/setup-node");

        // Assess
        if (runsTerraformWork(job)) expect({ id, terraform: terraform.length }).toEqual({ id, terraform: 1 });
        for (const step of terraform) {
          expect(step.with?.terraform_version).toBe(TERRAFORM_VERSION); // a string: 1.10 unquoted would be the number 1.1
          expect(String(step.with?.terraform_wrapper)).toBe("false");
        }
        if (runsNpm(job)) expect({ id, node: node.length }).toEqual({ id, node: 1 });
        for (const step of node) {
          expect(String(step.with?.["node-version"])).toBe(NODE_VERSION);
          expect(step.with?.cache).toBe("npm");
        }
      }
    });

    it("installs with npm ci after setting up node, before any other npm command", () => {
      for (const [, job] of jobs.filter(([, j]) => runsNpm(j))) {
        // Prepare / Act
        const node = indexOfUse(job, "actions/setup-node");
        const ci = indexOfRun(job, /^npm ci\b/m);
        const firstOther = steps(job).findIndex((s) => /\bnpm (test|run)\b/.test(s.run ?? ""));

        // Assess
        expect(node).toBeGreaterThanOrEqual(0);
        expect(ci).toBeGreaterThan(node);
        expect(firstOther).toBeGreaterThan(ci);
      }
    });

    it("prepares TF_PROVIDER_MIRROR before every npm test or plan, for the provider scripts/lib/terraform-cli.ts expects", () => {
      // Prepare
      const expected = mirrorStep(load("pull-request.yml").jobs.test)?.run;
      const terraformJobs = runnerJobs.filter(([, j]) => runsTerraformWork(j));

      // Act / Assess
      // Each file that runs Terraform sets it itself: a caller's workflow-level env does not reach a called workflow.
      if (terraformJobs.length > 0) expect(workflow.env?.AWS_PROVIDER_VERSION).toBe(AWS_PROVIDER.version);
      for (const [id, job] of terraformJobs) {
        const mirror = mirrorStep(job);
        expect({ id, mirror: mirror !== undefined }).toEqual({ id, mirror: true });
        expect(mirror?.run).toBe(expected); // one script everywhere, run for real in the test below
        const mirrorIndex = steps(job).indexOf(mirror!);
        expect(indexOfRun(job, /\bnpm (test|run plan)\b/)).toBeGreaterThan(mirrorIndex);
        expect(indexOfUse(job, "hashicorp/setup-terraform")).toBeLessThan(mirrorIndex);
      }
    });

    describe("npm scripts it runs", () => {
      const scripts = npmScriptsIn(workflow);
      // A caller that only `uses:` other workflows runs no npm script of its own.
      if (scripts.length > 0) it.each(scripts)("npm script %s exists in package.json", (script) => {
        // Prepare / Act
        const command = packageJson.scripts[script];

        // Assess
        expect(command).toEqual(expect.any(String));
      });
    });
  });

  it("package.json has the scripts the workflows rely on now: test, e2e, build", () => {
    // Prepare / Act
    const scripts = packageJson.scripts;

    // Assess
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(["test", "e2e", "build"]));
    // The offline validate in npm test is why the jobs prepare TF_PROVIDER_MIRROR.
    expect(scripts.test).toContain("validate-terraform");
  });

  it("applies only in the reusable deploy job, bound to the GitHub environment it is called for", () => {
    // Prepare
    const appliers = workflowFiles.flatMap((file) =>
      Object.entries(load(file).jobs).filter(([, job]) => steps(job).some((s) => /\bterraform\b[^\n]*\bapply\b|\bcdktf (deploy|destroy)\b|\bterraform\b[^\n]*\bdestroy\b/.test(s.run ?? ""))).map(([id, job]) => ({ file, id, environment: environmentOf(job) })),
    );

    // Act / Assess
    expect(appliers).toEqual([{ file: "deploy-environment.yml", id: "deploy", environment: "${{ inputs.environment }}" }]);
  });
});
