import { workerData, type MessagePort } from "node:worker_threads";
import type { BuildOptions } from "esbuild";
import { sdkTreeShakingPlugin } from "./sdk-tree-shaking";

/** What `buildBlocking` hands the worker. */
export interface BundleWorkerInput {
  readonly esbuildPath: string;
  readonly options: BuildOptions;
  readonly port: MessagePort;
  /** Set to 1, with a notify, once the answer is on the port. */
  readonly done: Int32Array;
}

export type BundleWorkerAnswer = { readonly outputFiles: Array<{ path: string; contents: Uint8Array }> } | { readonly error: string };

/** Runs one esbuild build with the plugins (which esbuild only accepts asynchronously) and answers on the port. */
async function run({ esbuildPath, options, port, done }: BundleWorkerInput): Promise<void> {
  let answer: BundleWorkerAnswer;
  try {
    const esbuild = require(esbuildPath) as typeof import("esbuild");
    const result = await esbuild.build({ ...options, write: false, plugins: [sdkTreeShakingPlugin()] });
    answer = { outputFiles: result.outputFiles.map((f) => ({ path: f.path, contents: f.contents })) };
  } catch (error) {
    answer = { error: (error as Error).message };
  }
  port.postMessage(answer);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

void run(workerData as BundleWorkerInput);
