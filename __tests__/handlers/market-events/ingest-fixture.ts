/** Real-shaped API Gateway v2 (JWT) events and fakes for the ingest function's tests and bench. */
import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from "@aws-lambda-powertools/idempotency";
import { BasePersistenceLayer, IdempotencyRecord } from "@aws-lambda-powertools/idempotency/persistence";
import type { EventBridgeClient, PutEventsCommandInput, PutEventsCommandOutput, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import type { IngestSettings } from "../../../handlers/market-events/settings";
import { apiGatewayV2Request } from "../../../scripts/lib/api-gateway-v2-event";

export const DATE = "2026-11-20";
export const BUS = "market-events-dev";

export const SETTINGS: IngestSettings = {
  environment: "dev",
  eventBusName: BUS,
  idempotencyTableName: "market-events-idempotency-dev",
  idempotencyWindowSeconds: 3600,
  maxEventsPerRequest: 100,
  maxBodyBytes: 256 * 1024,
  maxOrderBookDepth: 50,
  tenantClaim: "sub",
  eventSource: "market-data.ingest",
  publishMaxAttempts: 3,
  publishBaseDelayMs: 0,
  maxSpreadRatio: 0.05,
  partitionTimeZones: { trades: "UTC", quotes: "UTC", bars: "UTC" },
  serviceName: "market-events-ingest",
  metricsNamespace: "MarketEvents",
};

export const ENV: Record<string, string> = {
  ENVIRONMENT: "dev",
  EVENT_BUS_NAME: BUS,
  IDEMPOTENCY_TABLE_NAME: "market-events-idempotency-dev",
  IDEMPOTENCY_WINDOW_SECONDS: "3600",
  MAX_EVENTS_PER_REQUEST: "100",
  MAX_BODY_BYTES: String(256 * 1024),
  MAX_ORDER_BOOK_DEPTH: "50",
  TENANT_CLAIM: "sub",
  EVENT_SOURCE: "market-data.ingest",
  PUBLISH_MAX_ATTEMPTS: "3",
  PUBLISH_BASE_DELAY_MS: "0",
  MAX_SPREAD_RATIO: "0.05",
  PARTITION_TIME_ZONES: '{"trades":"UTC","quotes":"UTC"}',
  POWERTOOLS_SERVICE_NAME: "market-events-ingest",
  POWERTOOLS_METRICS_NAMESPACE: "MarketEvents",
};

export const context = {
  functionName: "market-events-ingest-dev",
  awsRequestId: "req-1",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:market-events-ingest-dev",
  memoryLimitInMB: "512",
  getRemainingTimeInMillis: () => 25_000,
} as unknown as Context;

let ids = 0;
export const nextId = (prefix = "evt") => `${prefix}-${++ids}`;

export type Json = Record<string, unknown>;

export const tradeEvent = (data: Json = {}, envelope: Json = {}): Json => ({
  version: "1",
  id: nextId(),
  type: "trade",
  source: "oms.desk-7",
  time: `${DATE}T14:30:00.000Z`,
  data: { trade_id: nextId("T"), symbol: "AAPL", ts: `${DATE}T14:30:00.000Z`, price: 190.1, size: 100, exchange: "Q", ...data },
  ...envelope,
});

export const quoteEvent = (data: Json = {}, envelope: Json = {}): Json => ({
  version: "1",
  id: nextId(),
  type: "quote",
  source: "feed.sip",
  time: `${DATE}T14:30:00.000Z`,
  data: { symbol: "MSFT", ts: `${DATE}T14:30:00.000Z`, bid_price: 410.1, bid_size: 300, ask_price: 410.12, ask_size: 200, ...data },
  ...envelope,
});

export const bookEvent = (data: Json = {}, envelope: Json = {}): Json => ({
  version: "1",
  id: nextId(),
  type: "orderbook",
  source: "feed.depth",
  time: `${DATE}T14:30:00.000Z`,
  data: {
    symbol: "SPY",
    ts: `${DATE}T14:30:00.000Z`,
    venue: "XNAS",
    bids: [
      { price: 600.1, size: 200 },
      { price: 600.0, size: 500 },
    ],
    asks: [
      { price: 600.2, size: 100 },
      { price: 600.3, size: 400 },
    ],
    ...data,
  },
  ...envelope,
});

/** POST /v1/events as API Gateway v2 (payload format 2.0) hands it over after the JWT authorizer. */
export function apiEvent(body: string | Json, options: { contentType?: string | null; base64?: boolean; sub?: string | null } = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const claims: Record<string, string> = { iss: "https://auth.example.com/", aud: "market-events", scope: "events/write", iat: "1795185000", exp: "1795188600" };
  if (options.sub !== null) claims.sub = options.sub ?? "partner-a";
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return apiGatewayV2Request(text, { contentType: options.contentType, base64: options.base64, claims, scopes: ["events/write"], receivedAt: new Date(`${DATE}T14:30:01Z`) });
}

export const batch = (...events: unknown[]) => ({ events });

/**
 * An EventBridge client stub: records each PutEvents request; `fail(entry, attempt)` returns an
 * ErrorCode to fail that entry on that attempt (attempts counted per Detail id).
 */
export function fakeEventBridge(fail: (entry: PutEventsRequestEntry, attempt: number) => string | undefined = () => undefined) {
  const requests: PutEventsRequestEntry[][] = [];
  const attempts = new Map<string, number>();
  const published: PutEventsRequestEntry[] = [];
  let n = 0;
  const client = {
    send: async (command: { input: PutEventsCommandInput }): Promise<PutEventsCommandOutput> => {
      const entries = command.input.Entries ?? [];
      requests.push(entries);
      return {
        $metadata: {},
        FailedEntryCount: 0,
        Entries: entries.map((entry) => {
          const id = (JSON.parse(entry.Detail!) as { id: string }).id;
          const attempt = (attempts.get(id) ?? 0) + 1;
          attempts.set(id, attempt);
          const code = fail(entry, attempt);
          if (code) return { ErrorCode: code, ErrorMessage: `injected ${code}` };
          published.push(entry);
          return { EventId: `eb-${++n}` };
        }),
      };
    },
  } as unknown as EventBridgeClient;
  return { client, requests, published };
}

/**
 * Powertools' persistence contract in memory, with DynamoDB's conditional put: a put succeeds when
 * the key is absent, expired, or INPROGRESS past its in-progress expiry.
 */
export class MemoryPersistence extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();
  puts = 0;

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    this.puts++;
    const existing = this.records.get(record.idempotencyKey);
    const now = Date.now();
    if (existing) {
      const expired = existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000;
      const inProgressExpired = existing.getStatus() === "INPROGRESS" && existing.inProgressExpiryTimestamp !== undefined && existing.inProgressExpiryTimestamp < now;
      if (!expired && !inProgressExpired) throw new IdempotencyItemAlreadyExistsError(`exists: ${record.idempotencyKey}`, existing);
    }
    this.records.set(record.idempotencyKey, record);
  }
  protected async _getRecord(key: string): Promise<IdempotencyRecord> {
    const record = this.records.get(key);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }
  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    this.records.set(record.idempotencyKey, new IdempotencyRecord({ ...record, inProgressExpiryTimestamp: existing?.inProgressExpiryTimestamp, status: record.getStatus() }));
  }
  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

export { captureStdout, emfDocuments } from "../shared/emf-catalog";
