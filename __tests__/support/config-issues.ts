import { ConfigError, validateEnvironmentConfig, type EnvironmentConfig } from "../../src/config";

type ConfigIssue = ConfigError["issues"][number];

/** Every problem validateEnvironmentConfig finds in `config` (none: []); anything but a ConfigError fails the test. */
export function configIssuesOf(config: EnvironmentConfig): ConfigIssue[] {
  try {
    validateEnvironmentConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  return [];
}

/** The problems as "field: message" lines. */
export const configIssueLinesOf = (config: EnvironmentConfig): string[] => configIssuesOf(config).map((i) => `${i.field}: ${i.message}`);
