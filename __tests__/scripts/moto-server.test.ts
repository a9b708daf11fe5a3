import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { startMotoServer } from "../../scripts/lib/moto-server";

/**
 * startMotoServer's own behaviour, with a stand-in for the Python that runs the moto launcher (PYTHON): a Node
 * script that answers every request (FAKE_MOTO=answer) or accepts connections and never answers
 * (FAKE_MOTO=hang), and writes its pid to FAKE_MOTO_PID.
 */
describe("startMotoServer", () => {
  let work: string;
  let fakePython: string;
  let savedEnv: NodeJS.ProcessEnv;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), "moto-server-test-"));
    savedEnv = { ...process.env };
    fakePython = join(work, "fake-python");
    writeFileSync(
      fakePython,
      `#!${process.execPath}
const fs = require("fs"), http = require("http"), net = require("net");
const port = Number(process.argv[process.argv.indexOf("-p") + 1]);
if (process.env.FAKE_MOTO_PID) fs.writeFileSync(process.env.FAKE_MOTO_PID, String(process.pid));
const server = process.env.FAKE_MOTO === "hang" ? net.createServer(() => {}) : http.createServer((_, res) => res.end("{}"));
server.listen(port, "127.0.0.1");
`,
    );
    chmodSync(fakePython, 0o755);
  });
  afterEach(() => {
    process.env = savedEnv;
    rmSync(work, { recursive: true, force: true });
  });

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  async function waitUntilGone(pid: number): Promise<boolean> {
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    return !alive(pid);
  }

  it("gives up at its deadline on a server that accepts connections but never answers", async () => {
    // Prepare
    process.env.PYTHON = fakePython;
    process.env.FAKE_MOTO = "hang";
    const started = Date.now();

    // Act
    const result = startMotoServer({ timeoutMs: 1500 });

    // Assess
    await expect(result).rejects.toThrow(/moto_server did not answer on http:\/\/127\.0\.0\.1:\d+/);
    expect(Date.now() - started).toBeLessThan(6000);
  }, 15_000);

  it("names the interpreter when it cannot be started", async () => {
    // Prepare
    const missing = join(work, "no-such-python3");
    process.env.PYTHON = missing;

    // Act
    const result = startMotoServer({ timeoutMs: 5000 });

    // Assess
    await expect(result).rejects.toThrow(`could not start ${missing} (spawn ${missing} ENOENT)`);
    await expect(result).rejects.toThrow(/set PYTHON/);
  });

  it("removes its exit and signal handlers again when stopped", async () => {
    // Prepare
    process.env.PYTHON = fakePython;
    process.env.FAKE_MOTO = "answer";
    const before = ["exit", "SIGINT", "SIGTERM"].map((e) => process.listenerCount(e));

    // Act
    const server = await startMotoServer();
    const running = ["exit", "SIGINT", "SIGTERM"].map((e) => process.listenerCount(e));
    await server.stop();
    const after = ["exit", "SIGINT", "SIGTERM"].map((e) => process.listenerCount(e));

    // Assess
    expect(running).toEqual(before.map((n) => n + 1));
    expect(after).toEqual(before);
    expect(alive(server.pid)).toBe(false);
  });

  describe("when its parent ends without stopping it", () => {
    let bundleDir: string;
    let bundle: string;
    beforeAll(() => {
      bundleDir = mkdtempSync(join(tmpdir(), "moto-server-bundle-"));
      bundle = join(bundleDir, "moto-server.js");
      // The module finds the launcher from the project root (the folder with package.json).
      writeFileSync(join(bundleDir, "package.json"), "{}");
      buildSync({ entryPoints: [resolve(__dirname, "../../scripts/lib/moto-server.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: bundle, logLevel: "warning" });
    });
    afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

    /** A parent process that starts a server (the module, bundled) and then ends as `how` says. */
    function parentScript(how: string): string {
      const script = join(work, "parent.js");
      writeFileSync(
        script,
        `const { startMotoServer } = require(${JSON.stringify(bundle)});
startMotoServer().then((server) => { process.stdout.write(String(server.pid) + "\\n"); ${how} });
`,
      );
      return script;
    }

    it.each([
      ["calls process.exit", "process.exit(3);", { status: 3, signal: null, stderr: "" }],
      ["dies of an uncaught exception", "setTimeout(() => { throw new Error('run failed'); });", { status: 1, signal: null, stderr: expect.stringContaining("run failed") }],
    ])("kills the server when the parent %s", (_, how, expected) => {
      // Prepare
      const pidFile = join(work, "moto.pid");
      const script = parentScript(how);

      // Act
      const run = spawnSync(process.execPath, [script], { env: { ...process.env, PYTHON: fakePython, FAKE_MOTO: "answer", FAKE_MOTO_PID: pidFile }, encoding: "utf8", timeout: 20_000 });

      // Assess
      expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual(expected);
      const pid = Number(readFileSync(pidFile, "utf8"));
      return expect(waitUntilGone(pid)).resolves.toBe(true);
    }, 30_000);

    it.each(["SIGINT", "SIGTERM"] as const)("kills the server and still ends by %s", async (signal) => {
      // Prepare
      const pidFile = join(work, "moto.pid");
      const script = parentScript("setInterval(() => {}, 1000);");
      const parent = spawn(process.execPath, [script], { env: { ...process.env, PYTHON: fakePython, FAKE_MOTO: "answer", FAKE_MOTO_PID: pidFile }, stdio: ["ignore", "pipe", "inherit"] });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => parent.once("exit", (code, sig) => r({ code, signal: sig })));
      await new Promise<void>((r) => parent.stdout!.once("data", () => r()));
      expect(existsSync(pidFile)).toBe(true);
      const pid = Number(readFileSync(pidFile, "utf8"));

      // Act
      parent.kill(signal);

      // Assess
      await expect(ended).resolves.toEqual({ code: null, signal });
      await expect(waitUntilGone(pid)).resolves.toBe(true);
    }, 30_000);
  });
});
