/** Lint tests of .github/workflows/pull-request.yml (GitHub runs it; this machine cannot). */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AWS_PROVIDER, findProviderMirror } from "../../scripts/lib/terraform-cli";
import { ENVIRONMENT_NAMES } from "../../src/config/environment-config";
import { load, ENVIRONMENTS, AWS_CREDENTIALS_ACTION, steps, actionOf, oneStepUsing, indexOfRun, needsOf, concurrencyOf, usesAws, mirrorStep, runBashStep, standInRunner } from "./workflow-support";

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

  it("job test: python 3.11 and java 17, then npm ci and npm test (which installs the pinned Python environment), no AWS access", () => {
    // Prepare
    const python = oneStepUsing(test, "actions/setup-python");
    const java = oneStepUsing(test, "actions/setup-java");
    const unpinnedInstall = steps(test).find((s) => /\bpip install\b/.test(s.run ?? ""));

    // Act
    const order = [steps(test).indexOf(python), steps(test).indexOf(java), indexOfRun(test, /^npm ci$/m), indexOfRun(test, /^npm test$/m)];

    // Assess
    expect(String(python.with?.["python-version"])).toBe("3.11");
    expect(String(java.with?.["java-version"])).toBe("17");
    expect(unpinnedInstall).toBeUndefined(); // the pins live in glue-scripts/requirements.txt only
    const pythonEnv = readFileSync(join(__dirname, "..", "..", "scripts", "python-env.sh"), "utf8");
    for (const requirements of ["glue-scripts/requirements.txt", "src/policy/checkov/requirements.txt"]) {
      expect(pythonEnv).toContain(requirements);
      expect(JSON.stringify(steps(test))).toContain(requirements); // the pip cache key hashes it
    }
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
    expect(String(upload.with?.path)).toContain("plan-out/${{ matrix.environment }}.plan.md");
    expect(String(upload.with?.path)).not.toMatch(/^plan-out\/?$/m); // not the synth dir with its providers
    expect(upload.if).toContain("!cancelled()");
    expect(comment.if).toContain("!cancelled()");
    expect(comment.env).toMatchObject({ PLAN_ENV: "${{ matrix.environment }}", PLAN_SUMMARY: "plan-out/${{ matrix.environment }}.plan.md", PLAN_EXIT_CODE: "${{ steps.plan.outputs.exit_code }}" });
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
      const summaryPath = join(work, `${options.env}.plan.md`);
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

    const runStep = (env: NodeJS.ProcessEnv) => runBashStep(script, work, env);

    it("leaves the unpacked layout findProviderMirror() accepts, and sets TF_PROVIDER_MIRROR; a cache hit skips the download", () => {
      // Prepare
      // A test that cannot run fails and says why (project rule): the step unpacks with unzip, as on the runner.
      if (!hasUnzip) throw new Error("cannot run the provider-mirror step: `unzip` is not installed (the step unpacks the provider zip with it); install unzip");
      const { bin, runnerTemp, env: runnerEnv } = standInRunner(work, ["GITHUB_ENV"]);
      const log = join(work, "terraform-calls.log");
      standInTerraform(bin, log);
      const env = { ...runnerEnv, AWS_PROVIDER_VERSION: String(workflow.env?.AWS_PROVIDER_VERSION) };
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
      expect(readFileSync(runnerEnv.GITHUB_ENV, "utf8")).toBe(`TF_PROVIDER_MIRROR=${mirror}\n`.repeat(2));
    });
  });
});
