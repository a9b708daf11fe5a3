import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutBucketVersioningCommand } from "@aws-sdk/client-s3";
import { CreateTopicCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import type { SQSRecord } from "aws-lambda";
import { LineageStore } from "../../handlers/validation/lineage-store";
import type { ObjectMetrics, ProcessorDeps } from "../../handlers/validation/object-processor";
import { snsAlerts } from "../../handlers/validation/sns-alerts";
import { LINEAGE_ATTRIBUTES, LINEAGE_INDEX } from "../../src/constructs/lineage-table";
import { acknowledge as acknowledgeBatch, receiveAll as receiveVisible } from "../../scripts/lib/sqs-poller";
import { localClients, type LocalClients } from "../../scripts/lib/local-clients";
import { createQueue } from "../../scripts/lib/local-queue";
import { startMotoServer, type MotoServer } from "../../scripts/lib/moto-server";

export interface ValidationEnvironment {
  readonly bucket: string;
  readonly table: string;
  readonly topicArn: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
  /** Queue subscribed to the alert topic, to read what was published. */
  readonly alertsUrl: string;
}

/** The lineage table with the key and index the stack's LineageTable gives it. */
export async function createLineageTable(ddb: DynamoDBClient, table: string): Promise<void> {
  const a = LINEAGE_ATTRIBUTES;
  await ddb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: a.objectId, KeyType: "HASH" }],
      AttributeDefinitions: [
        { AttributeName: a.objectId, AttributeType: "S" },
        { AttributeName: a.dataset, AttributeType: "S" },
        { AttributeName: a.statusDate, AttributeType: "S" },
      ],
      GlobalSecondaryIndexes: [{ IndexName: LINEAGE_INDEX, KeySchema: [{ AttributeName: a.dataset, KeyType: "HASH" }, { AttributeName: a.statusDate, KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } }],
    }),
  );
}

/** The validation stage's resources, shaped like the stack makes them, on the local API server. */
export async function createValidationEnvironment(clients: LocalClients, suffix: string, dynamoEndpoint: string): Promise<ValidationEnvironment> {
  const bucket = `raw-${suffix}`;
  const table = `lineage-${suffix}`;
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await clients.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  await createLineageTable(new DynamoDBClient({ endpoint: dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } }), table);
  const dlq = await createQueue(clients.sqs, `validation-${suffix}-dlq`);
  const work = await createQueue(clients.sqs, `validation-${suffix}`, {
    VisibilityTimeout: "1",
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
  });
  const alerts = await createQueue(clients.sqs, `alerts-${suffix}`);
  const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: `alerts-${suffix}` }));
  await clients.sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: alerts.arn, Attributes: { RawMessageDelivery: "true" } }));
  await clients.s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [{ Id: "validation", QueueArn: work.arn, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "dataset=" }] } } }],
      },
    }),
  );
  return { bucket, table, topicArn: TopicArn!, queueUrl: work.url, queueArn: work.arn, dlqUrl: dlq.url, dlqArn: dlq.arn, alertsUrl: alerts.url };
}

/** A local AWS API server holding the validation stage's resources; filled in before the first test. */
export interface LocalValidationStage {
  moto: MotoServer;
  clients: LocalClients;
  env: ValidationEnvironment;
}

/** Starts the server and creates the resources for the enclosing describe block, and stops it after. */
export function useLocalValidationStage(suffix: string): LocalValidationStage {
  const stage = {} as LocalValidationStage;
  beforeAll(async () => {
    stage.moto = await startMotoServer();
    stage.clients = localClients(stage.moto.endpoint);
    stage.env = await createValidationEnvironment(stage.clients, suffix, stage.moto.endpoint);
  }, 60_000);
  afterAll(async () => stage.moto?.stop());
  return stage;
}

export interface RecordingMetrics extends ObjectMetrics {
  readonly recorded: Array<{ status: string; recordsIn: number }>;
  duplicates: number;
}

export function recordingMetrics(): RecordingMetrics {
  const metrics: RecordingMetrics = {
    recorded: [],
    duplicates: 0,
    record: (outcome) => metrics.recorded.push({ status: outcome.status, recordsIn: outcome.recordsIn }),
    duplicate: () => {
      metrics.duplicates++;
    },
  };
  return metrics;
}

export function processorDeps(clients: LocalClients, env: ValidationEnvironment, overrides: Partial<ProcessorDeps> = {}): ProcessorDeps {
  return {
    s3: clients.s3,
    lineage: new LineageStore(clients.dynamo, { tableName: env.table, ttlDays: 30, leaseSeconds: 60 }),
    alerts: snsAlerts(clients.sns, env.topicArn),
    metrics: recordingMetrics(),
    settings: {
      validatedPrefix: "validated/",
      quarantinePrefix: "quarantine/",
      reportsPrefix: "reports/",
      rejectRateAlertThreshold: 0.01,
      validator: { maxSpreadRatio: 0.05, priceJumpRatio: 0.2, outOfOrderPolicy: "flag" },
    },
    ...overrides,
  };
}

/** Receives everything visible now, as Lambda SQS records, without deleting. */
export const receiveAll = (clients: LocalClients, queueUrl: string, max = 100): Promise<SQSRecord[]> => receiveVisible(clients.sqs, queueUrl, max);

/** What the Lambda poller does after a batch: delete what succeeded, return the failed ones. */
export async function acknowledge(clients: LocalClients, queueUrl: string, records: readonly SQSRecord[], failedIds: readonly string[]): Promise<void> {
  await acknowledgeBatch(clients.sqs, queueUrl, records, failedIds);
}
