import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createObservability } from "../../shared/powertools";
import { readStepSettings } from "./step-settings";
import { createStepHandler } from "./steps";

// Cold start: SAGA_STEP picks the step (one package, four functions) and its variables are checked,
// naming a missing one. To run a step in-process (tests, the e2e), use createStepHandler.
const settings = readStepSettings(process.env);
const { logger } = createObservability({ serviceName: settings.serviceName, namespace: settings.metricsNamespace, environment: settings.environment });
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

export const handler = createStepHandler(settings, { documents, logger });
