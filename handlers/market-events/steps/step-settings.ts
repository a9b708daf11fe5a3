import { environmentVariables, type Env } from "../../shared/environment-variables";
import { SAGA_STEP_NAMES, type SagaStepName } from "./step-names";
import type { ValidateSettings } from "./validate-step";

/** What each step function reads from its environment, checked at cold start. */
export type StepSettings =
  | ({ readonly step: "validate" } & ValidateSettings & Common)
  | ({ readonly step: "enrich"; readonly instrumentsTable: string } & Common)
  | ({ readonly step: "store" | "compensate"; readonly eventsTable: string } & Common);

interface Common {
  readonly environment: string;
  readonly serviceName: string;
  readonly metricsNamespace: string;
}

/** SAGA_STEP names the step this function runs (one package, four functions); only its variables are required. */
export function readStepSettings(env: Env): StepSettings {
  const vars = environmentVariables(env, "src/stacks/market-events-saga.ts: the saga step functions' environment");
  const step = vars.required("SAGA_STEP");
  if (!(SAGA_STEP_NAMES as readonly string[]).includes(step)) throw new Error(`Environment variable SAGA_STEP="${step}" is not a saga step; use one of ${SAGA_STEP_NAMES.join(", ")}`);
  const common: Common = { environment: vars.required("ENVIRONMENT"), serviceName: vars.required("POWERTOOLS_SERVICE_NAME"), metricsNamespace: vars.required("POWERTOOLS_METRICS_NAMESPACE") };
  switch (step as SagaStepName) {
    case "validate":
      return { step: "validate", ...common, maxSpreadRatio: vars.positiveNumber("MAX_SPREAD_RATIO"), maxOrderBookDepth: vars.integer("MAX_ORDER_BOOK_DEPTH", 1, 1000), partitionTimeZones: vars.partitionTimeZones() };
    case "enrich":
      return { step: "enrich", ...common, instrumentsTable: vars.required("INSTRUMENTS_TABLE_NAME") };
    case "store":
    case "compensate":
      return { step: step as "store" | "compensate", ...common, eventsTable: vars.required("EVENTS_TABLE_NAME") };
  }
}
