import { ENVIRONMENT_NAMES, type EnvironmentConfig, type EnvironmentName } from "./environment-config";
import { ENVIRONMENTS } from "./environments";
import { ConfigError, validateEnvironmentConfig } from "./validate-config";

export * from "./environment-config";
export { ConfigError, validateEnvironmentConfig } from "./validate-config";
export { retentionDays } from "./retention";

/** Returns the validated config of `name`; throws ConfigError naming the field on any problem. */
export function loadEnvironmentConfig(name: string): EnvironmentConfig {
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(name, [
      { field: "environment", message: `${JSON.stringify(name)} is not an environment; use one of ${ENVIRONMENT_NAMES.map((n) => JSON.stringify(n)).join(", ")}` },
    ]);
  }
  const config = ENVIRONMENTS[name as EnvironmentName];
  validateEnvironmentConfig(config);
  return config;
}
