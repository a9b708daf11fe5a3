import type { EnvironmentConfig } from "../config";

/** Stack name for an environment: the directory under cdktf.out/stacks and the state key. */
export const dataLakeStackName = (config: Pick<EnvironmentConfig, "environment">) => `data-lake-${config.environment}`;
export const marketEventsStackName = (config: Pick<EnvironmentConfig, "environment">) => `market-events-${config.environment}`;

/**
 * The stacks of an environment in the order they deploy (plan, CI and the local e2e follow it).
 * market-events-<env> after data-lake-<env>: its alarms and its saga's alerts go to the lake's
 * alert topic, encrypted with the lake's platform key (src/stacks/lake-references.ts). It takes
 * those as names computed by Naming, never as cross-stack references, so its plan works before the
 * lake exists; deployed first, it would apply, but alert into a topic that is not there yet.
 * Destroying goes the other way round.
 */
export function stacksInDeployOrder(config: Pick<EnvironmentConfig, "environment">): readonly string[] {
  return [dataLakeStackName(config), marketEventsStackName(config)];
}
