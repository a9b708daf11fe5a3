import { join } from "node:path";
import { bundleHandler, type HandlerBundle } from "./handler-bundle";
import { projectRoot } from "./project-root";

/** The Lambda packages of the market events stack. */
export interface MarketEventsHandlerBundles {
  /** `POST /v1/events` (handlers/market-events/index.ts). */
  readonly ingest: HandlerBundle;
  /** The saga's four steps in one zip (index.handler; SAGA_STEP picks the step). */
  readonly saga: HandlerBundle;
}

let cached: MarketEventsHandlerBundles | undefined;

/**
 * Each package's entry and the folders its code comes from (besides node_modules), as
 * lakeHandlerSources: the ingest and saga code run the lake's record rules (handlers/validation/core).
 */
export function marketEventsHandlerSources(root: string = projectRoot()): Readonly<Record<keyof MarketEventsHandlerBundles, { entry: string; inputs: string[] }>> {
  const common = [join(root, "handlers", "market-events"), join(root, "handlers", "validation", "core"), join(root, "handlers", "shared"), join(root, "src", "bundling"), join(root, "package-lock.json")];
  return {
    ingest: { entry: join(root, "handlers", "market-events", "index.ts"), inputs: common },
    saga: { entry: join(root, "handlers", "market-events", "steps", "index.ts"), inputs: common },
  };
}

/** Bundles both packages into build/handlers/ once per process, only when a market events stack is built. */
export function marketEventsHandlerBundles(): MarketEventsHandlerBundles {
  if (!cached) {
    const outDir = join(projectRoot(), "build", "handlers");
    const sources = marketEventsHandlerSources();
    cached = {
      ingest: bundleHandler({ name: "market-events-ingest", outDir, ...sources.ingest }),
      saga: bundleHandler({ name: "market-events-saga", outDir, ...sources.saga }),
    };
  }
  return cached;
}
