/** The saga's Lambda steps, in order (src/constructs/saga-definition.ts). */
export const SAGA_STEP_NAMES = ["validate", "enrich", "store", "compensate"] as const;
export type SagaStepName = (typeof SAGA_STEP_NAMES)[number];
