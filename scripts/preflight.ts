import { parseArgs } from "node:util";
import { ConfigError, loadEnvironmentConfig } from "../src/config";
import { allPassed, preflightChecks, preflightClients, runPreflight, type CheckResult } from "../src/operations/preflight";
import { renderTable } from "./lib/bench-table";
import { localClientOptions } from "./lib/local-clients";

const USAGE = `Usage: npm run preflight -- --env <dev|staging|prod> [--endpoint http://127.0.0.1:5000]

Checks an account before the first apply, with read-only credentials: the caller's account,
Lambda concurrency, interface endpoint services per zone, the state backend bootstrap, the
Kinesis, Glue and EventBridge quotas the sizing needs, and the partner account ids.
Prints a table of checks, each PASS or FAIL with what to do; exit status 0 when all pass,
1 when any fails, 2 on bad usage. Uses the credentials of the environment and the config's
region; --endpoint points every client at a local AWS API server with "test" credentials.`;

export function preflightTable(rows: readonly CheckResult[]): string {
  const cells = rows.map((r) => [r.name, r.status === "pass" ? "PASS" : "FAIL", r.detail, r.status === "pass" ? "-" : r.remedy]);
  return renderTable(["check", "result", "detail", "what to do"], cells);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { env: { type: "string" }, endpoint: { type: "string" }, help: { type: "boolean", default: false } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help || !values.env) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  let config;
  try {
    config = loadEnvironmentConfig(values.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  const clients = preflightClients(values.endpoint ? localClientOptions(values.endpoint, config.region) : { region: config.region });
  const rows = await runPreflight(preflightChecks(config, clients));
  const failed = rows.filter((r) => r.status === "fail").length;
  console.log(`Preflight of ${config.environment} (account ${config.accountId}, ${config.region})${values.endpoint ? ` against ${values.endpoint}` : ""}\n`);
  console.log(preflightTable(rows));
  console.log(`\n${rows.length - failed} of ${rows.length} checks passed${failed ? `; ${failed} failed: fix them before the first apply` : ""}`);
  return allPassed(rows) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`Preflight failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
