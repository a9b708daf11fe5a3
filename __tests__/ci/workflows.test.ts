/**
 * Lint tests for the GitHub Actions delivery (.github/workflows): GitHub runs these files, this
 * machine cannot, so what can go wrong in them is checked here: structure, the dev -> staging ->
 * prod chain, OIDC-only AWS access, pinned actions and tools, concurrency, and the two pieces of
 * real logic (the provider-mirror step and the PR comment script), which are run against stand-ins.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { parse } from "yaml";
import { ENVIRONMENT_NAMES } from "../../src/config/environment-config";
import { AWS_PROVIDER, findProviderMirror } from "../../scripts/lib/terraform-cli";

// ---------------------------------------------------------------------------------------------
// Loading and small helpers
// ---------------------------------------------------------------------------------------------

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Concurrency {
  group: string;
  "cancel-in-progress"?: boolean | string;
}
interface Job {
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
interface Workflow {
  name?: string;
  on: Record<string, any>;
  permissions?: Record<string, string> | string;
  concurrency?: Concurrency | string;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const root = join(__dirname, "..", "..");
const workflowDir = join(root, ".github", "workflows");
const workflowFiles = existsSync(workflowDir) ? readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
const rawText = (file: string): string => readFileSync(join(workflowDir, file), "utf8");
const load = (file: string): Workflow => parse(rawText(file)) as Workflow;
const packageJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };

const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const TERRAFORM_VERSION = "1.11.4";
const NODE_VERSION = "20";
const AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";

const steps = (job: Job): Step[] => job.steps ?? [];
const actionOf = (step: Step): string | undefined => step.uses?.split("@")[0];
const stepsUsing = (job: Job, action: string): Step[] => steps(job).filter((s) => actionOf(s) === action);
const oneStepUsing = (job: Job, action: string): Step => {
  const found = stepsUsing(job, action);
  if (found.length !== 1) throw new Error(`expected one step using ${action}, found ${found.length}`);
  return found[0];
};
const indexOfRun = (job: Job, pattern: RegExp): number => steps(job).findIndex((s) => s.run !== undefined && pattern.test(s.run));
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const environmentOf = (job: Job): string | undefined => (typeof job.environment === "string" ? job.environment : job.environment?.name);
const concurrencyOf = (job: Job | Workflow): Concurrency | undefined => (typeof job.concurrency === "string" ? { group: job.concurrency } : job.concurrency);
const usesAws = (job: Job): boolean => stepsUsing(job, AWS_CREDENTIALS_ACTION).length > 0;
const runsNpm = (job: Job): boolean => steps(job).some((s) => /\bnpm\s/.test(s.run ?? ""));
const runsTerraformWork = (job: Job): boolean => steps(job).some((s) => /\bnpm (test|run plan)\b|\bterraform\b/.test(s.run ?? ""));

/** Every value of a key named `key` anywhere in the document (steps, job-level reusable workflows...). */
function valuesOfKey(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((n) => valuesOfKey(n, key));
  if (node && typeof node === "object") {
    return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOfKey(v, key)]);
  }
  return [];
}

/** The npm scripts a workflow invokes (`npm test`, `npm run X`, `npm run --silent X`). */
function npmScriptsIn(workflow: Workflow): string[] {
  const found = new Set<string>();
  for (const run of valuesOfKey(workflow.jobs, "run")) {
    for (const m of String(run).matchAll(/\bnpm\s+(?:run(?:-script)?\s+(?:--?[\w-]+\s+)*([\w:.-]+)|(test|start|stop|restart)\b)/g)) found.add(m[1] ?? m[2]);
  }
  return [...found].sort();
}

/** The step that builds the provider mirror for TF_PROVIDER_MIRROR. */
function mirrorStep(job: Job): Step | undefined {
  return steps(job).find((s) => /terraform\b.*\bproviders mirror\b/.test(s.run ?? ""));
}

// ---------------------------------------------------------------------------------------------
// Every workflow
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// pull-request.yml
// ---------------------------------------------------------------------------------------------

describe("pull-request.yml", () => {
  const workflow = load("pull-request.yml");
  const test = workflow.jobs.test;
  const plan = workflow.jobs.plan;

  it("runs on pull requests to main", () => {
    // Prepare / Act
    const on = workflow.on;

    // Assess
    expect(Object.keys(on)).toEqual(["pull_request"]);
    expect(on.pull_request.branches).toEqual(["main"]);
  });

  it("job test: python 3.11 with moto 5.2.1, then npm ci and npm test, no AWS access", () => {
    // Prepare
    const python = oneStepUsing(test, "actions/setup-python");
    const pip = steps(test).find((s) => /\bpip install\b/.test(s.run ?? ""));

    // Act
    const order = [steps(test).indexOf(python), steps(test).indexOf(pip!), indexOfRun(test, /^npm ci$/m), indexOfRun(test, /^npm test$/m)];

    // Assess
    expect(String(python.with?.["python-version"])).toBe("3.11");
    expect(pip?.run).toMatch(/'moto\[server\]==5\.2\.1'/);
    expect(pip?.run).toMatch(/\bboto3\b/);
    expect(pip?.run).toMatch(/\bpytest\b/);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(usesAws(test)).toBe(false);
    expect(test.permissions).toBeUndefined(); // the workflow's contents: read
  });

  it("job plan: after test, one per environment, with its permissions and a per-PR, per-environment concurrency group", () => {
    // Prepare / Act
    const matrix = plan.strategy?.matrix?.environment;
    const concurrency = concurrencyOf(plan);

    // Assess
    expect(needsOf(plan)).toEqual(["test"]);
    expect(matrix).toEqual([...ENVIRONMENTS]);
    expect(matrix).toEqual([...ENVIRONMENT_NAMES]); // the environments the app knows
    expect(plan.strategy?.["fail-fast"]).toBe(false); // one failing environment still shows the others' plans
    expect(plan.permissions).toEqual({ "id-token": "write", contents: "read", "pull-requests": "write" });
    expect(concurrency?.group).toContain("github.event.pull_request.number");
    expect(concurrency?.group).toContain("matrix.environment");
    expect(concurrency?.["cancel-in-progress"]).toBe(true);
    expect(concurrency?.group).not.toBe(concurrencyOf(workflow)?.group); // equal groups would deadlock
    expect(plan.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("job plan: assumes the environment's plan role from a repository variable", () => {
    // Prepare / Act
    const aws = oneStepUsing(plan, AWS_CREDENTIALS_ACTION);

    // Assess
    expect(aws.with?.["role-to-assume"]).toBe("${{ vars[format('AWS_PLAN_ROLE_ARN_{0}', matrix.environment)] }}");
  });

  it("job plan: plans the matrix environment into plan-out, uploads the plan, comments, then fails on a failed plan", () => {
    // Prepare
    const planIndex = indexOfRun(plan, /npm run plan -- --env \$\{\{ matrix\.environment \}\} --out plan-out/);
    const planStep = steps(plan)[planIndex];
    const upload = oneStepUsing(plan, "actions/upload-artifact");
    const comment = oneStepUsing(plan, "actions/github-script");
    const failStep = steps(plan)[steps(plan).length - 1];

    // Act
    const order = [steps(plan).findIndex((s) => actionOf(s) === AWS_CREDENTIALS_ACTION), planIndex, steps(plan).indexOf(upload), steps(plan).indexOf(comment), steps(plan).indexOf(failStep)];

    // Assess
    expect(planIndex).toBeGreaterThan(0);
    expect(planStep.id).toBe("plan");
    expect(planStep.run).toContain('echo "exit_code=$code" >> "$GITHUB_OUTPUT"');
    expect(String(upload.with?.path)).toContain("plan-out/data-lake-${{ matrix.environment }}.plan.md");
    expect(String(upload.with?.path)).not.toMatch(/^plan-out\/?$/m); // not the synth dir with its providers
    expect(upload.if).toContain("!cancelled()");
    expect(comment.if).toContain("!cancelled()");
    expect(comment.env).toMatchObject({ PLAN_ENV: "${{ matrix.environment }}", PLAN_SUMMARY: "plan-out/data-lake-${{ matrix.environment }}.plan.md", PLAN_EXIT_CODE: "${{ steps.plan.outputs.exit_code }}" });
    expect(failStep.if).toBe("steps.plan.outputs.exit_code != '0'");
    expect(failStep.run).toMatch(/exit 1\s*$/);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  describe("the plan comment script (run with a stand-in GitHub API)", () => {
    const script = String(oneStepUsing(plan, "actions/github-script").with?.script);
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
    let work: string;

    beforeEach(() => {
      work = mkdtempSync(join(tmpdir(), "plan-comment-"));
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    interface Comment {
      id: number;
      body: string;
      user: { type: string };
    }

    /** Runs the step's script as actions/github-script does: an async function of github, context, core, require. */
    async function runComment(options: { env: string; exitCode: string; summary?: string; comments?: Comment[] }) {
      const summaryPath = join(work, `data-lake-${options.env}.plan.md`);
      if (options.summary !== undefined) writeFileSync(summaryPath, options.summary);
      const created: Array<Record<string, unknown>> = [];
      const updated: Array<Record<string, unknown>> = [];
      const listed: Array<Record<string, unknown>> = [];
      const issues = {
        listComments: async () => ({ data: options.comments ?? [] }),
        createComment: async (params: Record<string, unknown>) => void created.push(params),
        updateComment: async (params: Record<string, unknown>) => void updated.push(params),
      };
      const github = {
        rest: { issues },
        paginate: async (method: unknown, params: Record<string, unknown>) => {
          if (method !== issues.listComments) throw new Error("paginate called with another method");
          listed.push(params);
          return options.comments ?? [];
        },
      };
      const context = { repo: { owner: "acme", repo: "lake" }, issue: { number: 17 }, serverUrl: "https://github.com", runId: 4242, sha: "merge-sha", payload: { pull_request: { head: { sha: "head-sha" } } } };
      const fakeProcess = { env: { PLAN_ENV: options.env, PLAN_SUMMARY: summaryPath, PLAN_EXIT_CODE: options.exitCode } };
      await new AsyncFunction("github", "context", "core", "require", "process", script)(github, context, {}, require, fakeProcess);
      return { created, updated, listed };
    }

    it("creates one comment with the hidden per-environment marker and the summary when there is none", async () => {
      // Prepare
      const summary = "Plan: 3 to add, 0 to change, 0 to destroy.";

      // Act
      const { created, updated, listed } = await runComment({ env: "staging", exitCode: "0", summary });

      // Assess
      expect(listed).toEqual([expect.objectContaining({ owner: "acme", repo: "lake", issue_number: 17 })]);
      expect(updated).toEqual([]);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ owner: "acme", repo: "lake", issue_number: 17 });
      expect(created[0].body).toMatch(/^<!-- mdl-plan-comment:staging -->/);
      expect(created[0].body).toContain(summary);
      expect(created[0].body).toContain("head-sha");
      expect(created[0].body).toContain("https://github.com/acme/lake/actions/runs/4242");
      expect(created[0].body).not.toMatch(/CAUTION|WARNING/);
    });

    it("updates the bot's comment of the same environment, leaving other environments' and people's comments alone", async () => {
      // Prepare
      const comments: Comment[] = [
        { id: 1, body: "<!-- mdl-plan-comment:prod --> looks good", user: { type: "User" } },
        { id: 2, body: "<!-- mdl-plan-comment:dev -->\nold plan", user: { type: "Bot" } },
        { id: 3, body: "<!-- mdl-plan-comment:prod -->\nold plan", user: { type: "Bot" } },
      ];

      // Act
      const { created, updated } = await runComment({ env: "prod", exitCode: "0", summary: "new plan", comments });

      // Assess
      expect(created).toEqual([]);
      expect(updated).toEqual([expect.objectContaining({ owner: "acme", repo: "lake", comment_id: 3, body: expect.stringContaining("new plan") })]);
    });

    it("flags a tripped destructive-change guard (exit code 3)", async () => {
      // Prepare / Act
      const { created } = await runComment({ env: "prod", exitCode: "3", summary: "Plan: 0 to add, 0 to change, 1 to destroy." });

      // Assess
      expect(created[0].body).toMatch(/destructive-change guard tripped/);
    });

    it("says so when the plan failed or wrote no summary", async () => {
      // Prepare / Act
      const failed = await runComment({ env: "dev", exitCode: "1" });
      const notRun = await runComment({ env: "dev", exitCode: "" });

      // Assess
      expect(failed.created[0].body).toMatch(/plan failed \(exit code 1\)/);
      expect(failed.created[0].body).toMatch(/No plan summary was written/);
      expect(notRun.created[0].body).toMatch(/plan did not run/);
    });

    it("truncates a plan too long for a GitHub comment and points to the artifact", async () => {
      // Prepare
      const summary = "x".repeat(200_000);

      // Act
      const { created } = await runComment({ env: "dev", exitCode: "0", summary });

      // Assess
      expect(String(created[0].body).length).toBeLessThan(65_536);
      expect(created[0].body).toMatch(/truncated; the full plan is in the `plan-dev` artifact/);
    });
  });

  describe("the provider-mirror step (run with a stand-in terraform)", () => {
    const script = mirrorStep(test)!.run!;
    const hasUnzip = spawnSync("unzip", ["-v"]).status === 0;
    let work: string;
    let savedMirror: string | undefined;

    beforeEach(() => {
      work = mkdtempSync(join(tmpdir(), "mirror-step-"));
      savedMirror = process.env.TF_PROVIDER_MIRROR;
    });
    afterEach(() => {
      if (savedMirror === undefined) delete process.env.TF_PROVIDER_MIRROR;
      else process.env.TF_PROVIDER_MIRROR = savedMirror;
      rmSync(work, { recursive: true, force: true });
    });

    /**
     * A `terraform` that does what `terraform providers mirror` does (the packed layout: a zip per
     * platform plus JSON indexes) for the version in the working directory's versions.tf.
     */
    function standInTerraform(binDir: string, log: string): void {
      const fflate = require.resolve("fflate");
      const source = `#!${process.execPath}
const fs = require("fs"), path = require("path");
const { zipSync, strToU8 } = require(${JSON.stringify(fflate)});
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + "\\n");
const [chdir, cmd, sub, platform, target] = args;
if (!chdir.startsWith("-chdir=") || cmd !== "providers" || sub !== "mirror" || platform !== "-platform=linux_amd64") process.exit(64);
const tf = fs.readFileSync(path.join(chdir.slice(7), "versions.tf"), "utf8");
fs.copyFileSync(path.join(chdir.slice(7), "versions.tf"), ${JSON.stringify(log)} + ".versions.tf");
const version = /version\\s*=\\s*"([^"]+)"/.exec(tf)[1];
const dir = path.join(target, "registry.terraform.io", "hashicorp", "aws");
fs.mkdirSync(dir, { recursive: true });
const zip = zipSync({ ["terraform-provider-aws_v" + version + "_x5"]: strToU8("binary"), "LICENSE.txt": strToU8("MPL") });
fs.writeFileSync(path.join(dir, "terraform-provider-aws_" + version + "_linux_amd64.zip"), zip);
fs.writeFileSync(path.join(dir, "index.json"), "{}");
fs.writeFileSync(path.join(dir, version + ".json"), "{}");
`;
      writeFileSync(join(binDir, "terraform"), source);
      chmodSync(join(binDir, "terraform"), 0o755);
    }

    function runStep(env: NodeJS.ProcessEnv) {
      // What GitHub runs for `shell: bash`.
      const file = join(work, "step.sh");
      writeFileSync(file, script);
      return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], { env, encoding: "utf8" });
    }

    (hasUnzip ? it : it.skip)("leaves the unpacked layout findProviderMirror() accepts, and sets TF_PROVIDER_MIRROR; a cache hit skips the download", () => {
      // Prepare
      const bin = join(work, "bin");
      const runnerTemp = join(work, "runner-temp");
      const githubEnv = join(work, "github-env");
      const log = join(work, "terraform-calls.log");
      mkdirSync(bin);
      mkdirSync(runnerTemp);
      writeFileSync(githubEnv, "");
      standInTerraform(bin, log);
      const env = { PATH: `${bin}${delimiter}${process.env.PATH}`, HOME: work, RUNNER_TEMP: runnerTemp, GITHUB_ENV: githubEnv, AWS_PROVIDER_VERSION: String(workflow.env?.AWS_PROVIDER_VERSION) };
      const mirror = join(runnerTemp, "tf-provider-mirror");
      const provider = join(mirror, AWS_PROVIDER.source, AWS_PROVIDER.version);

      // Act
      const first = runStep(env);
      const second = runStep(env); // the cache restored the mirror
      process.env.TF_PROVIDER_MIRROR = mirror;
      const found = findProviderMirror();

      // Assess
      expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: "" });
      expect(second.status).toBe(0);
      const calls = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as string[]);
      expect(calls).toEqual([[`-chdir=${join(runnerTemp, "tf-provider-mirror-src")}`, "providers", "mirror", "-platform=linux_amd64", mirror]]);
      const versionsTf = readFileSync(`${log}.versions.tf`, "utf8");
      expect(versionsTf).toMatch(/source\s*=\s*"hashicorp\/aws"/);
      expect(versionsTf).toMatch(new RegExp(`version\\s*=\\s*"${AWS_PROVIDER.version.replace(/\./g, "\\.")}"`));
      expect(found).toBe(mirror);
      expect(existsSync(join(provider, "linux_amd64", `terraform-provider-aws_v${AWS_PROVIDER.version}_x5`))).toBe(true);
      expect(readdirSync(join(mirror, AWS_PROVIDER.source)).sort()).toEqual([AWS_PROVIDER.version]); // no packed zip or JSON left
      expect(readFileSync(githubEnv, "utf8")).toBe(`TF_PROVIDER_MIRROR=${mirror}\n`.repeat(2));
    });
  });
});

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
