import type { Naming } from "../../config/naming";
import { EVENT_TYPES } from "../../../handlers/market-events/envelope";

export type MarketEventType = (typeof EVENT_TYPES)[number];
export { EVENT_TYPES };

import { SAGA_STEP_NAMES, type SagaStepName } from "../../../handlers/market-events/steps/step-names";

/** The saga's steps that run a Lambda function. */
export const SAGA_STEPS = SAGA_STEP_NAMES;
export type SagaStep = SagaStepName;

/**
 * Names of the market events stack's resources (that stack, the replay CLI, the preflight and the
 * e2e import these; kept free of cdktf so the CLIs do not load it). dev: bus
 * "mdl-dev-use1-market-events", archive "mdl-dev-use1-market-events-archive", rule
 * "mdl-dev-use1-market-events-trade", ingest function "mdl-dev-use1-market-events-ingest".
 */
export function marketEventsNames(naming: Naming) {
  const bus = naming.resource("market-events");
  return {
    bus,
    archive: `${bus}-archive`,
    rule: (type: MarketEventType) => `${bus}-${type}`,
    ingestFunction: `${bus}-ingest`,
    stepFunction: (step: SagaStep) => `${bus}-saga-${step}`,
    stateMachine: `${bus}-saga`,
    eventsTable: `${bus}-store`,
    instrumentsTable: `${bus}-instruments`,
    idempotencyTable: `${bus}-idempotency`,
    api: `${bus}-api`,
  };
}
