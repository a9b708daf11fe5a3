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
 * Bundles every handler into build/handlers/ once per process (all environments deploy the same
 * code). Bundling at synth keeps `cdktf synth` a single step with no stale zip to forget.
 */
export function lakeHandlerBundles(): LakeHandlerBundles {
  if (!cached) {
    const root = projectRoot();
    const outDir = join(root, "build", "handlers");
    cached = {
      validation: bundleHandler({ name: "validation", entry: join(root, "handlers", "validation", "index.ts"), outDir }),
      realtime: bundleHandler({
        name: "realtime",
        entry: join(root, "handlers", "realtime", "index.ts"),
        outDir,
        // It imports the validator's shared rules, so their changes must rebuild it too.
        inputs: [join(root, "handlers", "realtime"), join(root, "handlers", "validation", "core"), join(root, "src", "bundling"), join(root, "package-lock.json")],
      }),
    };
  }
  return cached;
}
