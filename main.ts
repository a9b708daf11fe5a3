import { parseArgs } from "node:util";
import { buildLakeApp } from "./src/app";

/**
 * Synthesizes the stacks of the selected environments:
 *   node dist/main.js [--env dev] [--env prod | --env all] [--local] [--local-aws http://127.0.0.1:PORT] [--outdir dir]
 * Through `cdktf synth`/`cdktf deploy` (which pass no arguments) use LAKE_ENVIRONMENTS=dev,prod,
 * LAKE_BACKEND=local and LAKE_LOCAL_AWS_ENDPOINT instead. --local-aws (a local AWS API server)
 * implies --local state.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      env: { type: "string", multiple: true },
      local: { type: "boolean", default: false },
      "local-aws": { type: "string" },
      outdir: { type: "string" },
    },
  });
  const localAwsEndpoint = values["local-aws"] ?? process.env.LAKE_LOCAL_AWS_ENDPOINT;
  const app = buildLakeApp({
    environments: values.env ?? (process.env.LAKE_ENVIRONMENTS ?? "dev").split(",").map((e) => e.trim()),
    mode: {
      backend: values.local || localAwsEndpoint || process.env.LAKE_BACKEND === "local" ? "local" : "s3",
      localAwsEndpoint,
    },
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
