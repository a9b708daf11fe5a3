import { join } from "node:path";
import { bundleHandler, type HandlerBundle } from "./handler-bundle";
import { projectRoot } from "./project-root";

/** The Lambda handlers of the lake, by name. */
export interface LakeHandlerBundles {
  readonly validation: HandlerBundle;
}

let cached: LakeHandlerBundles | undefined;

/**
 * Bundles every handler into build/handlers/ once per process (all environments deploy the same
 * code). Bundling at synth keeps `cdktf synth` a single step with no stale zip to forget.
 */
export function lakeHandlerBundles(): LakeHandlerBundles {
  if (!cached) {
    const root = projectRoot();
    const outDir = join(root, "build", "handlers");
    cached = { validation: bundleHandler({ name: "validation", entry: join(root, "handlers", "validation", "index.ts"), outDir }) };
  }
  return cached;
}
