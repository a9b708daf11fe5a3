import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";

/** A moto_server (local AWS API) owned by whoever started it, on a free loopback port. */
export interface MotoServer {
  readonly endpoint: string;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface MotoServerOptions {
  /** Where the server's own log goes. @default a file in a new temp folder */
  readonly logFile?: string;
  readonly timeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `python3 -m moto.server` (PYTHON overrides the interpreter) and waits until it answers.
 * Fails, never skips, with the reason when Python or moto is missing, so CI shows why.
 */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  const port = await freePort();
  const python = process.env.PYTHON ?? "python3";
  const logFile = options.logFile ?? join(mkdtempSync(join(tmpdir(), "moto-")), "moto.log");
  // The log goes straight to a file, not through a pipe: a caller blocked in spawnSync (terraform)
  // would stop draining a pipe, and the server would hang once the pipe buffer filled.
  const logFd = openSync(logFile, "a");
  const child: ChildProcess = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
  });
  closeSync(logFd);
  const recent = () => readFileSync(logFile, "utf8").slice(-4000);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.pid === undefined) {
      throw new Error(`moto_server exited (${child.exitCode}); install it with: pip install 'moto[server]'\n${recent()}`);
    }
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`moto_server did not answer on ${endpoint}:\n${recent()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    logFile,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
