import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { bundleHandler, type HandlerBundle } from "./handler-bundle";

/** The Lambda handlers of the lake, by name. */
export interface LakeHandlerBundles {
  readonly validation: HandlerBundle;
}

/** The repository root (holds package.json), from src/ or dist/src/ alike. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
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
