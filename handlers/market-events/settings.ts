import { environmentVariables, type Env } from "../shared/environment-variables";
import type { Dataset } from "../validation/core";

/** Everything the ingest function reads from its environment, checked once at cold start. */
export interface IngestSettings {
  readonly environment: string;
  readonly eventBusName: string;
  readonly idempotencyTableName: string;
  /** A duplicate event id within this many seconds is answered "duplicate" (the record's TTL). */
  readonly idempotencyWindowSeconds: number;
  /** Largest batch of one request; more is 413. */
  readonly maxEventsPerRequest: number;
  /** Largest body (decoded bytes); more is 413. The HTTP API itself stops at 10 MB. */
  readonly maxBodyBytes: number;
  /** Most levels on each side of an order book. */
  readonly maxOrderBookDepth: number;
  /** The JWT claim naming the producer (tenant): part of the idempotency key. */
  readonly tenantClaim: string;
  /** The EventBridge `Source` of every entry (the producer's own `source` is in the detail). */
  readonly eventSource: string;
  /** PutEvents attempts per entry (first try included) before it is answered "retry". */
  readonly publishMaxAttempts: number;
  /** Backoff before retry n: a random delay up to base x 2^(n-1) ms (full jitter). */
  readonly publishBaseDelayMs: number;
  /** The lake's quote.spread bound. */
  readonly maxSpreadRatio: number;
  readonly partitionTimeZones: Readonly<Record<Dataset, string>>;
  readonly serviceName: string;
  readonly metricsNamespace: string;
}

/** EventBridge refuses sources starting with "aws." and longer than 256 characters. */
const EVENT_SOURCE = /^(?!aws\.)[A-Za-z0-9._\-/]{1,256}$/;

export function readIngestSettings(env: Env): IngestSettings {
  const { required, integer, positiveNumber, partitionTimeZones } = environmentVariables(env, "src/stacks: the market events stack's ingest function environment");
  const eventSource = required("EVENT_SOURCE");
  if (!EVENT_SOURCE.test(eventSource)) throw new Error(`Environment variable EVENT_SOURCE="${eventSource}" is not an EventBridge source (letters, digits, . _ - /, not starting with "aws.")`);
  return {
    environment: required("ENVIRONMENT"),
    eventBusName: required("EVENT_BUS_NAME"),
    idempotencyTableName: required("IDEMPOTENCY_TABLE_NAME"),
    idempotencyWindowSeconds: integer("IDEMPOTENCY_WINDOW_SECONDS", 1, 30 * 86_400),
    maxEventsPerRequest: integer("MAX_EVENTS_PER_REQUEST", 1, 1000),
    maxBodyBytes: integer("MAX_BODY_BYTES", 1024, 10 * 1024 * 1024),
    maxOrderBookDepth: integer("MAX_ORDER_BOOK_DEPTH", 1, 1000),
    tenantClaim: required("TENANT_CLAIM"),
    eventSource,
    publishMaxAttempts: integer("PUBLISH_MAX_ATTEMPTS", 1, 10),
    publishBaseDelayMs: integer("PUBLISH_BASE_DELAY_MS", 0, 5000),
    maxSpreadRatio: positiveNumber("MAX_SPREAD_RATIO"),
    partitionTimeZones: partitionTimeZones(),
    serviceName: required("POWERTOOLS_SERVICE_NAME"),
    metricsNamespace: required("POWERTOOLS_METRICS_NAMESPACE"),
  };
}
