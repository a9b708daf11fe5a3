import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A moto_server (local AWS API) owned by the test that started it, on a free loopback port. */
export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
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
 * Starts `python3 -m moto.server`. Fails (never skips) with the reason when Python or moto is
 * missing, so CI shows why the integration tests could not run.
 */
export async function startMotoServer(timeoutMs = 20_000): Promise<MotoServer> {
  const port = await freePort();
  const python = process.env.PYTHON ?? "python3";
  const child: ChildProcess = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "false" },
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}); is moto installed (pip install 'moto[server]')?\n${output}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
