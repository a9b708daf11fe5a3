import { spawnSync } from "node:child_process";
import { join } from "node:path";

export interface SynthOptions {
  /** Repository root (holds dist/main.js after `npm run build`). */
  readonly root: string;
  /** Environment names, or ["all"]. */
  readonly environments: readonly string[];
  readonly outdir: string;
  /** Synthesize in local mode against this local AWS API server. */
  readonly localAwsEndpoint?: string;
}

/**
 * Runs the compiled app exactly as a user does (`node dist/main.js --env ...`), so every script
 * exercises main.ts's own argument handling; throws with the app's message (config or guardrail
 * errors) when synth fails.
 */
export function synthesizeApp(options: SynthOptions): void {
  const args = [join(options.root, "dist", "main.js"), ...options.environments.flatMap((e) => ["--env", e]), "--outdir", options.outdir];
  if (options.localAwsEndpoint) args.push("--local-aws", options.localAwsEndpoint);
  const synth = spawnSync(process.execPath, args, { cwd: options.root, encoding: "utf8" });
  if (synth.error) throw new Error(`could not run the app (${synth.error.message}); build it first with: npm run build`);
  if (synth.status !== 0) throw new Error(`synth of ${options.environments.join(", ")} failed:\n${(synth.stdout + synth.stderr).trim()}`);
}
