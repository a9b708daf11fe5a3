/**
 * Lint tests for the GitHub Actions delivery (.github/workflows): GitHub runs these files, this
 * machine cannot, so what can go wrong in them is checked here: structure, the dev -> staging ->
 * prod chain, OIDC-only AWS access, pinned actions and tools, concurrency, and the two pieces of
 * real logic (the provider-mirror step and the PR comment script), which are run against stand-ins.
 */
import { AWS_PROVIDER } from "../../scripts/lib/terraform-cli";
import { workflowFiles, rawText, load, packageJson, ENVIRONMENTS, TERRAFORM_VERSION, NODE_VERSION, AWS_CREDENTIALS_ACTION, steps, actionOf, stepsUsing, indexOfRun, environmentOf, usesAws, runsNpm, runsTerraformWork, valuesOfKey, npmScriptsIn, mirrorStep } from "./workflow-support";

describe("GitHub Actions workflows", () => {
  it("has the pull-request and the deploy workflow", () => {
    // Prepare / Act
    const files = workflowFiles;

    // Assess
    expect(files).toEqual(expect.arrayContaining(["pull-request.yml", "deploy.yml"]));
  });

  describe.each(workflowFiles)("%s", (file) => {
    const workflow = load(file);
    const jobs = Object.entries(workflow.jobs ?? {});

    it("parses, has triggers, and every job has a runner and steps that each either run or use", () => {
      // Prepare / Act: parsed above

      // Assess
      expect(workflow.on).toBeDefined();
      expect(jobs.length).toBeGreaterThan(0);
      for (const [, job] of jobs) {
        expect(job["runs-on"]).toBe("ubuntu-latest");
        expect(steps(job).length).toBeGreaterThan(0);
        for (const step of steps(job)) expect([step.run, step.uses].filter((v) => v !== undefined)).toHaveLength(1);
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
      for (const [, job] of jobs.filter(([, j]) => usesAws(j))) {
        // Prepare
        const awsIndex = steps(job).findIndex((s) => actionOf(s) === AWS_CREDENTIALS_ACTION);
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
        const node = steps(job).findIndex((s) => actionOf(s) === "actions/setup-node");
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

      // Act / Assess
      expect(workflow.env?.AWS_PROVIDER_VERSION).toBe(AWS_PROVIDER.version);
      for (const [id, job] of jobs.filter(([, j]) => runsTerraformWork(j))) {
        const mirror = mirrorStep(job);
        expect({ id, mirror: mirror !== undefined }).toEqual({ id, mirror: true });
        expect(mirror?.run).toBe(expected); // one script everywhere, run for real in the test below
        const mirrorIndex = steps(job).indexOf(mirror!);
        expect(indexOfRun(job, /\bnpm (test|run plan)\b/)).toBeGreaterThan(mirrorIndex);
        expect(steps(job).findIndex((s) => actionOf(s) === "hashicorp/setup-terraform")).toBeLessThan(mirrorIndex);
      }
    });

    describe("npm scripts it runs", () => {
      const scripts = npmScriptsIn(workflow);
      // "plan" is written in parallel with these workflows: checked once package.json has it.
      const checked = scripts.filter((s) => s !== "plan" || packageJson.scripts.plan !== undefined);
      const pending = scripts.filter((s) => !checked.includes(s));

      if (checked.length > 0) it.each(checked)("npm script %s exists in package.json", (script) => {
        // Prepare / Act
        const command = packageJson.scripts[script];

        // Assess
        expect(command).toEqual(expect.any(String));
      });
      if (pending.length > 0) it.skip.each(pending)("npm script %s exists in package.json (not yet: the script is being written)", () => undefined);
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

  it("applies only in the deploy jobs, each bound to a GitHub environment", () => {
    // Prepare
    const appliers = workflowFiles.flatMap((file) =>
      Object.entries(load(file).jobs).filter(([, job]) => steps(job).some((s) => /\bterraform\b[^\n]*\bapply\b|\bcdktf (deploy|destroy)\b|\bterraform\b[^\n]*\bdestroy\b/.test(s.run ?? ""))).map(([id, job]) => ({ file, id, environment: environmentOf(job) })),
    );

    // Act / Assess
    expect(appliers).toEqual(ENVIRONMENTS.map((env) => ({ file: "deploy.yml", id: `deploy-${env}`, environment: env })));
  });
});
