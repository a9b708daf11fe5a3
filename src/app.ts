import { mkdirSync } from "node:fs";
import { App } from "cdktf";
import { ENVIRONMENT_NAMES, loadEnvironmentConfig } from "./config";
import { DataLakeStack } from "./stacks/data-lake-stack";
import { dataLakeStackName, marketEventsStackName } from "./stacks/deploy-order";
import { MarketEventsStack } from "./stacks/market-events-stack";
import type { DeploymentMode } from "./stacks/deployment-mode";

export interface LakeAppOptions {
  /** Environment names, or ["all"]. */
  readonly environments: readonly string[];
  readonly mode: DeploymentMode;
  readonly outdir: string;
}

/**
 * Builds the stacks of the requested environments, each environment's in deploy order
 * (src/stacks/deploy-order.ts); config errors throw before anything is written.
 */
export function buildLakeApp(options: LakeAppOptions): App {
  const names = options.environments.includes("all") ? [...ENVIRONMENT_NAMES] : [...new Set(options.environments)];
  const configs = names.map(loadEnvironmentConfig);
  mkdirSync(options.outdir, { recursive: true });
  const app = new App({ outdir: options.outdir });
  for (const config of configs) {
    new DataLakeStack(app, dataLakeStackName(config), { config, mode: options.mode });
    new MarketEventsStack(app, marketEventsStackName(config), { config, mode: options.mode });
  }
  return app;
}
