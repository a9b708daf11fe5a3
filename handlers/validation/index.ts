import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { emfObjectMetrics } from "./emf-metrics";
import { createValidationHandler } from "./handler";
import { LineageStore } from "./lineage-store";
import { readSettings } from "./settings";
import { snsAlerts } from "./sns-alerts";

// Cold start: clients and settings are built once per container and reused across invocations.
// No Powertools Tracer: its X-Ray SDK adds ~110 KB and ~30 ms of cold start; the function's
// active tracing still records every invocation, and per-object durations are in the lineage item.
const logger = new Logger();
const metrics = new Metrics();
const settings = readSettings(process.env);
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

export const handler = createValidationHandler(
  {
    s3: new S3Client({}),
    lineage: new LineageStore(dynamo, { tableName: settings.lineageTable, ttlDays: settings.lineageTtlDays, leaseSeconds: settings.leaseSeconds }),
    alerts: snsAlerts(new SNSClient({}), settings.alertTopicArn),
    metrics: emfObjectMetrics(metrics),
    settings,
  },
  { log: logger, afterBatch: () => metrics.publishStoredMetrics() },
);
