import { ConfigError, loadEnvironmentConfig, type EnvironmentConfig } from "../../src/config";
import { UsageError } from "../../src/operations/glue/jobs";

/**
 * The checked command line, or the exit status when there is nothing to run: 0 after printing the
 * usage for --help (`parse` returns "help"), 2 after a UsageError (its message, then the usage, on
 * stderr). Any other error propagates to `exitWith`.
 */
export function invocationOrExit<T extends object>(parse: () => T | "help", usage: string): T | number {
  try {
    const invocation = parse();
    if (invocation !== "help") return invocation;
    console.log(usage);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    return 2;
  }
}

/** The environment's config, or 2 after printing why it is invalid (a ConfigError names the field). */
export function configOrExit(environment: string): EnvironmentConfig | number {
  try {
    return loadEnvironmentConfig(environment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
}

/** Runs an operations CLI's main and exits with its status; an unexpected error prints "<failure>: <message>" and exits 1. */
export function exitWith(main: () => Promise<number>, failure: string): void {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`${failure}: ${error.message}`);
      process.exit(1);
    },
  );
}
