import { Construct } from "constructs";
import type { HandlerBundle } from "../bundling/handler-bundle";
import type { EnvironmentConfig } from "../config";
import type { MarketEventsCapacity } from "../config/market-events-capacity";
import { ObservedFunction } from "../constructs/observed-function";
import type { LakeKey } from "../constructs/lake-key";
import { LAKE_METRICS_NAMESPACE } from "../../handlers/shared/metric-catalog";

/** Powertools service name of the ingest function (its metrics' `service` dimension, the catalog's key). */
export const INGEST_SERVICE = "market-events-ingest";

/** EventBridge `Source` of every event the API accepts; the rules match on it. */
export const INGEST_EVENT_SOURCE = "market-data.ingest";

/** PutEvents attempts per entry and the full-jitter base between them (handlers/market-events/event-publisher.ts). */
const PUBLISH_MAX_ATTEMPTS = 3;
const PUBLISH_BASE_DELAY_MS = 50;

export interface MarketEventsIngestProps {
  readonly config: EnvironmentConfig;
  readonly functionName: string;
  readonly bundle: HandlerBundle;
  readonly capacity: MarketEventsCapacity;
  readonly key: LakeKey;
  readonly bus: { readonly name: string; readonly arn: string };
  readonly idempotencyTable: { readonly name: string; readonly arn: string };
  readonly deadLetterQueueArn: string;
  readonly alarmActions: readonly string[];
}

/**
 * The function behind `POST /v1/events` (handlers/market-events): validates each event, claims its
 * id in the idempotency table (Powertools) and puts the accepted ones on the bus in batches.
 * Outside any VPC: it reaches only DynamoDB and EventBridge, IAM-signed over TLS.
 */
export class MarketEventsIngest extends Construct {
  readonly function: ObservedFunction;

  constructor(scope: Construct, id: string, props: MarketEventsIngestProps) {
    super(scope, id);
    const { config } = props;
    const m = config.marketEvents;
    this.function = new ObservedFunction(this, "function", {
      functionName: props.functionName,
      description: "POST /v1/events: validates market events, answers each, puts the accepted ones on the bus exactly once per id",
      bundle: props.bundle,
      memoryMb: m.ingest.memoryMb,
      timeoutSeconds: m.ingest.timeoutSeconds,
      reservedConcurrency: props.capacity.ingestConcurrency,
      durationAlarmShareOfTimeout: config.alarms.durationShareOfTimeout,
      encryptionKey: props.key,
      logRetentionDays: config.logRetentionDays,
      deadLetterQueueArn: props.deadLetterQueueArn,
      alarmActions: props.alarmActions,
      environment: {
        POWERTOOLS_SERVICE_NAME: INGEST_SERVICE,
        POWERTOOLS_METRICS_NAMESPACE: LAKE_METRICS_NAMESPACE,
        ENVIRONMENT: config.environment,
        EVENT_BUS_NAME: props.bus.name,
        EVENT_SOURCE: INGEST_EVENT_SOURCE,
        IDEMPOTENCY_TABLE_NAME: props.idempotencyTable.name,
        IDEMPOTENCY_WINDOW_SECONDS: String(m.idempotencyWindowSeconds),
        MAX_EVENTS_PER_REQUEST: String(m.maxEventsPerRequest),
        MAX_BODY_BYTES: String(m.maxBodyBytes),
        MAX_ORDER_BOOK_DEPTH: String(m.maxOrderBookDepth),
        TENANT_CLAIM: m.tenantClaim,
        PUBLISH_MAX_ATTEMPTS: String(PUBLISH_MAX_ATTEMPTS),
        PUBLISH_BASE_DELAY_MS: String(PUBLISH_BASE_DELAY_MS),
        MAX_SPREAD_RATIO: String(config.validation.maxSpreadRatio),
        PARTITION_TIME_ZONES: JSON.stringify(config.partitionTimeZones),
      },
      statements: [
        { Sid: "PutAcceptedEvents", Effect: "Allow", Action: "events:PutEvents", Resource: props.bus.arn },
        // What Powertools' DynamoDB persistence layer calls: claim, read a stored result, complete, release.
        { Sid: "IdempotencyRecords", Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], Resource: props.idempotencyTable.arn },
        {
          Sid: "StackKeyThroughDynamoDbAndEventBridge",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: props.key.arn,
          Condition: { StringEquals: { "kms:ViaService": ["dynamodb", "events"].map((s) => `${s}.${config.region}.amazonaws.com`) } },
        },
      ],
    });
  }
}
