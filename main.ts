import { parseArgs } from "node:util";
import { buildLakeApp } from "./src/app";

/**
 * Synthesizes the stacks of the selected environments:
 *   node dist/main.js [--env dev] [--env prod | --env all] [--local] [--outdir dir]
 * Through `cdktf synth`/`cdktf deploy` (which pass no arguments) use LAKE_ENVIRONMENTS=dev,prod
 * and LAKE_BACKEND=local instead.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      env: { type: "string", multiple: true },
      local: { type: "boolean", default: false },
      outdir: { type: "string" },
    },
  });
  const app = buildLakeApp({
    environments: values.env ?? (process.env.LAKE_ENVIRONMENTS ?? "dev").split(",").map((e) => e.trim()),
    mode: { backend: values.local || process.env.LAKE_BACKEND === "local" ? "local" : "s3" },
    outdir: values.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out",
  });
  app.synth();
}

try {
  main();
} catch (error) {
  // Config and guardrail errors are for a person: the message, not a stack trace.
  console.error((error as Error).message);
  process.exit(1);
}
