import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { RedeliveryBackoff } from "../shared/redelivery-backoff";
import { createObservability } from "../shared/powertools";
import { createValidationHandler } from "./handler";
import { LineageStore } from "./lineage-store";
import { powertoolsObjectMetrics } from "./object-metrics";
import { readSettings } from "./settings";
import { snsAlerts } from "./sns-alerts";

// Cold start: settings are checked (a missing or bad variable fails initialisation, naming it) and
// the clients, logger and metrics are built once per container and reused across invocations.
// No X-Ray SDK (~110 KB, ~30 ms of cold start): the function's active tracing still records every
// invocation, and per-object durations are in the lineage item.
const settings = readSettings(process.env);
const { logger, metrics } = createObservability({ serviceName: settings.serviceName, namespace: settings.metricsNamespace, environment: settings.environment });

export const handler = createValidationHandler(
  {
    s3: new S3Client({}),
    lineage: new LineageStore(new DynamoDBClient({}), { tableName: settings.lineageTable, ttlDays: settings.lineageTtlDays, leaseSeconds: settings.leaseSeconds }),
    alerts: snsAlerts(new SNSClient({}), settings.alertTopicArn),
    metrics: powertoolsObjectMetrics(metrics),
    settings,
  },
  { log: logger, redelivery: new RedeliveryBackoff(new SQSClient({}), settings.redelivery, logger) },
);
