import { DATASETS, type Dataset } from "../validation/core/datasets";
import { isValidTimeZone } from "../validation/core/trading-date";

/** The environment variable both functions read the config's `partitionTimeZones` from. */
export const PARTITION_TIME_ZONES_VARIABLE = "PARTITION_TIME_ZONES";

/**
 * Parses PARTITION_TIME_ZONES (a JSON object of dataset to IANA zone, as the stack sets it):
 * every dataset gets a zone, "UTC" when not listed. Throws naming the variable, the dataset and
 * what is allowed.
 */
export function parsePartitionTimeZones(text: string): Record<Dataset, string> {
  const name = PARTITION_TIME_ZONES_VARIABLE;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`Environment variable ${name} is not JSON (${(error as Error).message}); expected an object such as {"trades":"America/New_York"}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Environment variable ${name} must be a JSON object of dataset to IANA time zone, got ${text}`);
  }
  const zones = Object.fromEntries(DATASETS.map((d) => [d, "UTC"])) as Record<Dataset, string>;
  for (const [dataset, zone] of Object.entries(parsed)) {
    if (!(DATASETS as readonly string[]).includes(dataset)) {
      throw new Error(`Environment variable ${name}: dataset "${dataset}" is unknown, allowed values are ${DATASETS.join(", ")}`);
    }
    if (typeof zone !== "string" || !isValidTimeZone(zone)) {
      throw new Error(`Environment variable ${name}: ${dataset} has time zone ${JSON.stringify(zone)}, which is not an IANA time zone (e.g. "America/New_York", "UTC")`);
    }
    zones[dataset as Dataset] = zone;
  }
  return zones;
}
