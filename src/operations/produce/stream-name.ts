import type { Naming } from "../../config/naming";

/**
 * The environment's Kinesis stream, as src/stacks/lake-streaming.ts names it
 * (`naming.resource("market-records")`, e.g. "mdl-dev-use1-market-records"). Kept here rather than
 * imported from the stack so the CLI does not load cdktf. Both ends pin dev's name,
 * "mdl-dev-use1-market-records": the stack's synth test and the produce CLI test.
 */
export const STREAM_PURPOSE = "market-records";

export function streamNameOf(naming: Naming): string {
  return naming.resource(STREAM_PURPOSE);
}
