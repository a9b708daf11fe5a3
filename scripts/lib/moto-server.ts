import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { projectRoot } from "../../src/bundling/project-root";

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

/**
 * moto_server with the Step Functions calls the AWS provider needs and moto 5.2.1 lacks (each
 * patch and why: the launcher's docstring; README "Local mode").
 */
function motoLauncher(): string {
  return join(projectRoot(), "scripts", "local-aws", "moto_launcher.py");
}

/** The project's environment (scripts/python-env.sh: moto pinned), else the machine's python3. */
function defaultPython(): string {
  const venv = join(projectRoot(), ".venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
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
 * Starts moto_server through motoLauncher() (PYTHON overrides the interpreter) and waits until it answers.
 * Fails, never skips, with the reason when Python or moto is missing, so CI shows why. Until
 * stop() the server is also killed when this process exits or is ended by SIGINT/SIGTERM, even
 * while it is blocked in spawnSync (terraform): the handlers run once it returns.
 */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  const port = await freePort();
  const python = process.env.PYTHON ?? defaultPython();
  const logFile = options.logFile ?? join(mkdtempSync(join(tmpdir(), "moto-")), "moto.log");
  // The log goes straight to a file, not through a pipe: a caller blocked in spawnSync (terraform)
  // would stop draining a pipe, and the server would hang once the pipe buffer filled.
  const logFd = openSync(logFile, "a");
  const child: ChildProcess = spawn(python, [motoLauncher(), "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
  });
  closeSync(logFd);
  let spawnError: Error | undefined;
  child.on("error", (error) => (spawnError ??= error));
  const started = await new Promise<boolean>((resolve) => {
    child.once("spawn", () => resolve(true));
    child.once("error", () => resolve(false));
  });
  if (!started) {
    throw new Error(`could not start ${python} (${spawnError?.message}); install Python 3 with moto (pip install 'moto[server]') or set PYTHON to its interpreter`);
  }
  const removeGuards = killOnParentExit(child);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const recent = () => readFileSync(logFile, "utf8").slice(-4000);
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      removeGuards();
      throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}); install it with: pip install 'moto[server]'\n${recent()}`);
    }
    try {
      // A server that accepts the connection but never answers must not hold us past the deadline.
      if ((await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening (or not answering) yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      removeGuards();
      throw new Error(`moto_server did not answer on ${endpoint}:\n${recent()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    logFile,
    pid: child.pid!,
    async stop() {
      removeGuards();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

const PARENT_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Kills `child` when this process exits (process.exit, an uncaught exception, the end of the event
 * loop) or is ended by SIGINT/SIGTERM; returns the function that removes these handlers again.
 * A signal handler replaces Node's default of ending the process, so once no other handler is
 * left for the signal it is raised again and the process still ends by it.
 */
function killOnParentExit(child: ChildProcess): () => void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const onSignal = (signal: NodeJS.Signals) => {
    kill();
    remove();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const remove = () => {
    process.removeListener("exit", kill);
    for (const signal of PARENT_SIGNALS) process.removeListener(signal, onSignal);
  };
  process.on("exit", kill);
  for (const signal of PARENT_SIGNALS) process.on(signal, onSignal);
  return remove;
}
