import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { createObservability } from "../shared/powertools";
import type { EventType } from "./envelope";
import { EVENT_RULES } from "./event-rules";
import { publishEntries, type PublishReport } from "./event-publisher";
import { checkEvents, type ValidEvent } from "./event-validation";
import { parseRequest } from "./http-request";
import { IdempotentPublisher, type ClaimResult } from "./idempotent-publish";
import { publishEventMetrics, publishRequestRejected } from "./ingest-metrics";
import { batchResponse, errorResponse, type EventResult } from "./response";
import type { IngestSettings } from "./settings";

export interface IngestDeps {
  readonly eventBridge: EventBridgeClient;
  /** The idempotency records (index.ts: Powertools' DynamoDBPersistenceLayer on the table). */
  readonly persistenceStore: BasePersistenceLayer;
  readonly settings: IngestSettings;
  /** @default a Powertools Logger for the settings' service, with `environment` on every line */
  readonly logger?: Logger;
  /** @default Powertools Metrics in the settings' namespace, `environment` a default dimension */
  readonly metrics?: Metrics;
  /** @default the wall clock */
  readonly now?: () => Date;
  /** Backoff jitter source. @default Math.random */
  readonly random?: () => number;
}

export type IngestHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context?: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Rejected events logged one by one per request; the rest are in the summary line and metrics. */
const MAX_REJECTS_LOGGED = 20;

/**
 * `POST /v1/events` over injected clients (the Lambda entry is index.ts). Per request:
 * 1. parseRequest: tenant claim, content type, body (base64), size, batch shape: else one 4xx;
 * 2. checkEvents: envelope and payload rules per event (pure), the bus entry of each valid one;
 * 3. an id repeated within the request is claimed once; its copies get the first one's answer
 *    (accepted becomes duplicate; another content under the same id is id.conflict);
 * 4. IdempotentPublisher: claim every id, publish the claimed in PutEvents batches, complete or
 *    release each record (see idempotent-publish.ts);
 * 5. 200 with one result per event, the log summary and the metrics.
 * One bad event never fails the batch; nothing here throws for an event's sake.
 */
export function createIngestHandler(deps: IngestDeps): IngestHandler {
  const { eventBridge, settings } = deps;
  const defaults = deps.logger && deps.metrics ? undefined : createObservability({ serviceName: settings.serviceName, namespace: settings.metricsNamespace, environment: settings.environment });
  const logger = deps.logger ?? defaults!.logger;
  const metrics = deps.metrics ?? defaults!.metrics;
  const now = deps.now ?? (() => new Date());
  const publisher = new IdempotentPublisher({
    persistenceStore: deps.persistenceStore,
    windowSeconds: settings.idempotencyWindowSeconds,
    now,
    publish: (events) => publishEntries(eventBridge, events, { maxAttempts: settings.publishMaxAttempts, baseDelayMs: settings.publishBaseDelayMs }, deps.random),
  });

  return async (event, context) => {
    if (context) logger.addContext(context);
    const request = parseRequest(event, settings);
    if (!request.ok) {
      logger.warn("request refused", { statusCode: request.statusCode, code: request.code, reason: request.message });
      publishRequestRejected(metrics, request.code);
      return errorResponse(request.statusCode, request.code, request.message);
    }
    const checked = checkEvents(request.events, settings, request.tenant, now().toISOString());

    // Each id is claimed once: repeats within the request were set aside by checkEvents.
    const toClaim = checked.filter((c): c is ValidEvent => c.valid === true);
    let report: PublishReport | undefined;
    const claimed = toClaim.length === 0 ? [] : await publisher.run(request.tenant, toClaim, context, (r) => (report = r));
    const answerOf = new Map<number, ClaimResult>(toClaim.map((e, i) => [e.index, claimed[i]!]));

    const retriesByType = new Map<EventType | "unknown", number>();
    const results: EventResult[] = new Array(checked.length);
    for (const c of checked) {
      if (c.valid === false) {
        results[c.index] = { index: c.index, ...(c.id === undefined ? {} : { id: c.id }), status: "rejected", ...c.problem };
        continue;
      }
      if (c.valid === "repeat") continue;
      const answer = answerOf.get(c.index)!;
      if ("attempts" in answer && answer.attempts !== undefined && answer.attempts > 1) retriesByType.set(c.type, (retriesByType.get(c.type) ?? 0) + answer.attempts - 1);
      results[c.index] = resultOf(c.index, c.id, answer, c.flags);
    }
    for (const c of checked) {
      if (c.valid !== "repeat") continue;
      const first = results[c.firstIndex]!;
      if (!c.same) results[c.index] = { index: c.index, id: c.id, status: "rejected", field: "id", rule: EVENT_RULES.idConflict, reason: `id ${c.id} appears earlier in this request (index ${c.firstIndex}) with different content` };
      else if (first.status === "accepted" || first.status === "duplicate") results[c.index] = { index: c.index, id: c.id, status: "duplicate" };
      else results[c.index] = { ...first, index: c.index };
    }

    logOutcome(logger, request.tenant, results, report);
    publishEventMetrics(metrics, results, checked.map((c) => c.type), retriesByType);
    return batchResponse(results);
  };
}

function resultOf(index: number, id: string, answer: ClaimResult, flags: readonly string[]): EventResult {
  switch (answer.status) {
    case "accepted":
      return { index, id, status: "accepted", eventId: answer.eventId, ...(flags.length > 0 ? { flags } : {}) };
    case "duplicate":
      return { index, id, status: "duplicate" };
    case "rejected":
      return { index, id, status: "rejected", field: answer.field, rule: answer.rule, reason: answer.reason };
    default:
      return { index, id, status: "retry", reason: answer.reason };
  }
}

function logOutcome(logger: Logger, tenant: string, results: readonly EventResult[], report: PublishReport | undefined): void {
  const counts = { accepted: 0, duplicate: 0, rejected: 0, retry: 0 };
  for (const result of results) {
    if (result.status === "rejected" && counts.rejected < MAX_REJECTS_LOGGED) logger.warn("event rejected", { tenant, index: result.index, id: result.id, field: result.field, rule: result.rule, reason: result.reason });
    if (result.status === "retry") logger.error("event not taken: answered retry", { tenant, index: result.index, id: result.id, reason: result.reason });
    counts[result.status]++;
  }
  logger.info("request processed", { tenant, events: results.length, ...counts, rejectsNotLogged: Math.max(0, counts.rejected - MAX_REJECTS_LOGGED), putEventsRequests: report?.requests ?? 0, publishRetries: report?.retries ?? 0 });
}
