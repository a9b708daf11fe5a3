import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createIngestHandler } from "./handler";
import { readIngestSettings } from "./settings";

// Cold start: settings are checked (a missing or bad variable fails initialisation, naming it) and
// the clients, the idempotency store, logger and metrics are built once per container.
// To run the function in-process (tests, the e2e), import createIngestHandler from ./handler.
const settings = readIngestSettings(process.env);
export const handler = createIngestHandler({
  eventBridge: new EventBridgeClient({}),
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: settings.idempotencyTableName, awsSdkV3Client: new DynamoDBClient({}) }),
  settings,
});
