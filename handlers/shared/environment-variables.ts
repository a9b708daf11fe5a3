import type { Dataset } from "../validation/core";
import { PARTITION_TIME_ZONES_VARIABLE, parsePartitionTimeZones } from "./partition-time-zones";

export type Env = Readonly<Record<string, string | undefined>>;

/** Readers of a function's environment whose errors name the variable, its value and who sets it. */
export interface EnvironmentVariables {
  required(name: string): string;
  integer(name: string, min: number, max: number): number;
  positiveNumber(name: string): number;
  /** PARTITION_TIME_ZONES, required. */
  partitionTimeZones(): Record<Dataset, string>;
}

/**
 * The strict readers the functions share: every variable is required (the stack sets each one), so
 * a missing or bad one fails the cold start naming it, instead of a default hiding a stack bug.
 * `setBy` says where the stack sets them, for the message.
 */
export function environmentVariables(env: Env, setBy: string): EnvironmentVariables {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`Environment variable ${name} is not set; the stack sets it (${setBy})`);
    return value;
  };
  return {
    required,
    integer(name, min, max) {
      const text = required(name);
      const value = Number(text);
      if (!(Number.isSafeInteger(value) && value >= min && value <= max)) throw new Error(`Environment variable ${name}="${text}" is not an integer in ${min}..${max}`);
      return value;
    },
    positiveNumber(name) {
      const text = required(name);
      const value = Number(text);
      if (!(Number.isFinite(value) && value > 0)) throw new Error(`Environment variable ${name}="${text}" is not a number > 0`);
      return value;
    },
    partitionTimeZones: () => parsePartitionTimeZones(required(PARTITION_TIME_ZONES_VARIABLE)),
  };
}
