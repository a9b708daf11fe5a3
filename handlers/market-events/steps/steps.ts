import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Logger } from "@aws-lambda-powertools/logger";
import { compensateEvent } from "./compensate-step";
import { enrichEvent } from "./enrich-step";
import { resultOf, type SagaState } from "./saga-state";
import type { StepSettings } from "./step-settings";
import { storeEvent } from "./store-step";
import { validateBusEvent } from "./validate-step";

export type StepHandler = (state: SagaState) => Promise<unknown>;

/**
 * The step a function runs, over injected clients (tests and the local saga bind these in-process).
 * Each returns what the definition keeps at its ResultPath; a failure is logged with the event's
 * ids and rethrown under its name for the state machine's Retry or Catch.
 */
export function createStepHandler(settings: StepSettings, deps: { readonly documents: DynamoDBDocumentClient; readonly logger?: Logger }): StepHandler {
  const run = stepOf(settings, deps.documents);
  return async (state) => {
    try {
      return await run(state);
    } catch (error) {
      deps.logger?.error(`${settings.step} failed`, { eventId: state.detail?.id, tenant: state.detail?.tenant, busEventId: state.id, error: error as Error });
      throw error;
    }
  };
}

function stepOf(settings: StepSettings, documents: DynamoDBDocumentClient): StepHandler {
  switch (settings.step) {
    case "validate":
      return async (state) => validateBusEvent(state, settings);
    case "enrich":
      return (state) => enrichEvent(documents, settings.instrumentsTable, resultOf(state, "validation"));
    case "store":
      return (state) => storeEvent(documents, settings.eventsTable, state);
    case "compensate":
      return (state) => compensateEvent(documents, settings.eventsTable, state);
  }
}
