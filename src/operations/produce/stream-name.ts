import type { Naming } from "../../config/naming";

/**
 * The environment's Kinesis stream name (e.g. "mdl-dev-use1-market-records"): the one source for
 * the stack (src/stacks/lake-streaming.ts) and the produce CLI, kept free of cdktf so the CLI does
 * not load it.
 */
export const STREAM_PURPOSE = "market-records";

export function streamNameOf(naming: Naming): string {
  return naming.resource(STREAM_PURPOSE);
}
