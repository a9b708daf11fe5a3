import { join } from "node:path";
import { bundleHandler, type HandlerBundle } from "./handler-bundle";
import { projectRoot } from "./project-root";

/** The Lambda handlers of the lake, by name. */
export interface LakeHandlerBundles {
  readonly validation: HandlerBundle;
  /** The real-time Kinesis consumer (handlers/realtime), which runs the validator's record rules. */
  readonly realtime: HandlerBundle;
}

let cached: LakeHandlerBundles | undefined;

/**
 * Each handler's entry and the folders its code comes from (besides node_modules): a change in any
 * of them rebuilds its zip. handlers/shared holds the PARTITION_TIME_ZONES parser and the
 * Powertools setup; a test checks every source file esbuild bundles lies in one of them.
 */
export function lakeHandlerSources(root: string = projectRoot()): Readonly<Record<keyof LakeHandlerBundles, { entry: string; inputs: string[] }>> {
  const common = [join(root, "handlers", "shared"), join(root, "src", "bundling"), join(root, "package-lock.json")];
  return {
    validation: { entry: join(root, "handlers", "validation", "index.ts"), inputs: [join(root, "handlers", "validation"), ...common] },
    realtime: { entry: join(root, "handlers", "realtime", "index.ts"), inputs: [join(root, "handlers", "realtime"), join(root, "handlers", "validation", "core"), ...common] },
  };
}

/**
 * Bundles every handler into build/handlers/ once per process (all environments deploy the same
 * code). Bundling at synth keeps `cdktf synth` a single step with no stale zip to forget.
 */
export function lakeHandlerBundles(): LakeHandlerBundles {
  if (!cached) {
    const outDir = join(projectRoot(), "build", "handlers");
    const sources = lakeHandlerSources();
    cached = {
      validation: bundleHandler({ name: "validation", outDir, ...sources.validation }),
      realtime: bundleHandler({ name: "realtime", outDir, ...sources.realtime }),
    };
  }
  return cached;
}
