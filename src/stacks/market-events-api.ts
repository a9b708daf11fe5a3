import { Construct } from "constructs";
import type { HandlerBundle } from "../bundling/handler-bundle";
import { HttpApi } from "../constructs/http-api";
import type { MarketEventsBus } from "./market-events-bus";
import { MarketEventsIngest } from "./market-events-ingest";
import type { MarketEventsPartProps } from "./market-events-stack";
import type { MarketEventsStore } from "./market-events-store";

/** The API's one route: the version is in the path, so a v2 can run beside v1. */
export const EVENTS_ROUTE = "POST /v1/events";

export interface MarketEventsApiProps extends MarketEventsPartProps {
  readonly bundle: HandlerBundle;
  readonly store: MarketEventsStore;
  readonly bus: MarketEventsBus;
}

/** `POST /v1/events`: the HTTP API (JWT, CORS, throttling from capacity, access logs) and the ingest function behind it. */
export class MarketEventsApi extends Construct {
  readonly ingest: MarketEventsIngest;
  readonly http: HttpApi;
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: MarketEventsApiProps) {
    super(scope, id);
    const { config, names, key, lake, capacity } = props;
    const m = config.marketEvents;
    this.ingest = new MarketEventsIngest(this, "ingest", {
      config,
      functionName: names.ingestFunction,
      bundle: props.bundle,
      capacity,
      key,
      bus: { name: props.bus.name, arn: props.bus.arn },
      idempotencyTable: { name: props.store.idempotency.name, arn: props.store.idempotency.arn },
      deadLetterQueueArn: props.deadLetters.arn,
      alarmActions: [lake.alertTopicArn],
    });
    const fn = this.ingest.function;
    this.http = new HttpApi(this, "http", {
      apiName: names.api,
      description: `Market events of ${config.environment}: POST a batch of up to ${m.maxEventsPerRequest} trade, quote and order book events (JWT from ${m.jwtIssuer})`,
      routeKeys: [EVENTS_ROUTE],
      function: { arn: fn.arn, name: fn.name, invokeArn: fn.function.invokeArn },
      jwt: { issuer: m.jwtIssuer, audiences: m.jwtAudiences },
      tenantClaim: m.tenantClaim,
      corsAllowOrigins: m.corsAllowOrigins,
      throttling: { rateLimit: capacity.apiRateLimit, burstLimit: capacity.apiBurstLimit },
      encryptionKey: key,
      logRetentionDays: config.logRetentionDays,
      region: config.region,
      accountId: config.accountId,
      alarmActions: [lake.alertTopicArn],
    });
    this.endpoint = this.http.endpoint;
  }
}
