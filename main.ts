import { parseArgs } from "node:util";
import { App } from "cdktf";
import { ENVIRONMENT_NAMES, loadEnvironmentConfig } from "./src/config";
import { DataLakeStack, dataLakeStackName } from "./src/stacks/data-lake-stack";

/**
 * Synthesizes the stacks of the selected environments.
 *   node dist/main.js --env dev [--env prod] [--local]
 * or, through `cdktf synth`/`deploy`, LAKE_ENVIRONMENTS=dev,prod and LAKE_BACKEND=local.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      env: { type: "string", multiple: true },
      local: { type: "boolean", default: false },
      outdir: { type: "string" },
    },
  });
  const requested = values.env ?? (process.env.LAKE_ENVIRONMENTS ?? "dev").split(",").map((e) => e.trim());
  const environments = requested.includes("all") ? [...ENVIRONMENT_NAMES] : requested;
  const backend = values.local || process.env.LAKE_BACKEND === "local" ? "local" : "s3";

  const app = new App({ outdir: values.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out" });
  for (const name of environments) {
    const config = loadEnvironmentConfig(name);
    new DataLakeStack(app, dataLakeStackName(config), { config, mode: { backend } });
  }
  app.synth();
}

try {
  main();
} catch (error) {
  // A config or guardrail error is for a human: print the message, not a stack trace.
  console.error((error as Error).message);
  process.exit(1);
}
