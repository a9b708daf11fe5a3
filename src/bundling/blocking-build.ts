import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BuildOptions } from "esbuild";
import type { BundleWorkerAnswer, BundleWorkerInput } from "./bundle-worker";
import { projectRoot } from "./project-root";

const TIMEOUT_MS = 120_000;

/**
 * An esbuild build with plugins that blocks like `buildSync`, which refuses plugins: synth is
 * synchronous (stacks bundle their handlers in their constructors), so the build runs in a worker
 * thread while this one waits on a shared flag. The worker is the TypeScript source of
 * bundle-worker.ts, compiled here by esbuild, so it runs the same from jest and from dist/.
 */
export function buildBlocking(options: BuildOptions): Array<{ path: string; contents: Uint8Array }> {
  const worker = installedEsbuild().buildSync({
    entryPoints: [join(projectRoot(__dirname), "src", "bundling", "bundle-worker.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    external: ["esbuild"],
    write: false,
    logLevel: "silent",
  }).outputFiles[0].text;
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const input: BundleWorkerInput = { esbuildPath: require.resolve("esbuild"), options, port: port2, done };
  const thread = new Worker(worker, { eval: true, workerData: input, transferList: [port2] });
  try {
    if (Atomics.wait(done, 0, 0, TIMEOUT_MS) === "timed-out") throw new Error(`esbuild did not finish within ${TIMEOUT_MS / 1000} s`);
    const answer = receiveMessageOnPort(port1)?.message as BundleWorkerAnswer;
    if ("error" in answer) throw new Error(answer.error);
    return answer.outputFiles;
  } finally {
    void thread.terminate();
    port1.close();
  }
}

/**
 * esbuild as installed, loaded when a build runs: its API refuses to run once bundled, and a
 * script bundled without `--external:esbuild` (bench:validator) would otherwise bundle it.
 */
function installedEsbuild(): typeof import("esbuild") {
  const path = require.resolve("esbuild");
  return require(path) as typeof import("esbuild");
}
