import { ACCOUNT_ID_PATTERN, SUPPORTED_REGIONS } from "./aws-constants";
import type { MarketEventsConfig } from "./environment-config";
import type { IssueSink } from "./validate-alarms";

const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[\w\-./~%]*)?$/;
const ORIGIN = /^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/;
const CLAIM = /^[A-Za-z_][\w:.-]{0,127}$/;
const NAME = /^[a-z][a-z0-9-]{1,30}$/;

const wholeIn = (c: IssueSink, field: string, value: number, min: number, max: number, why = "") => {
  const ok = Number.isInteger(value) && value >= min && value <= max;
  if (!ok) c.add(field, `${JSON.stringify(value)} must be a whole number from ${min} to ${max}${why}`);
  return ok;
};
const positiveAtMost = (c: IssueSink, field: string, value: number, max: number, unit: string) => {
  const ok = typeof value === "number" && value > 0 && value <= max;
  if (!ok) c.add(field, `${JSON.stringify(value)} must be more than 0 and at most ${max} ${unit}`);
  return ok;
};

/** Checks `marketEvents`; every problem names its field and what is allowed. */
export function validateMarketEvents(c: IssueSink, m: MarketEventsConfig | undefined, region: string, ownAccountId: string): void {
  if (!m) return c.add("marketEvents", "is missing; every environment configures its market events API, bus and saga");
  if (typeof m.jwtIssuer !== "string" || !HTTPS_URL.test(m.jwtIssuer)) c.add("marketEvents.jwtIssuer", `${JSON.stringify(m.jwtIssuer)} is not an https URL of the token issuer, e.g. "https://cognito-idp.${region}.amazonaws.com/${region}_AbCdEf123"`);
  if (!Array.isArray(m.jwtAudiences) || m.jwtAudiences.length === 0) c.add("marketEvents.jwtAudiences", "is empty; list at least one audience (or Cognito app client id) the API accepts");
  else m.jwtAudiences.forEach((a, i) => { if (typeof a !== "string" || a.length === 0 || a.length > 256) c.add(`marketEvents.jwtAudiences[${i}]`, "must be a string of 1 to 256 characters"); });
  if (typeof m.tenantClaim !== "string" || !CLAIM.test(m.tenantClaim)) c.add("marketEvents.tenantClaim", `${JSON.stringify(m.tenantClaim)} is not a claim name, e.g. "client_id" or "custom:tenant"`);
  m.corsAllowOrigins?.forEach((origin, i) => {
    // "*" with an Authorization header would let any page use a user's token; name the origins.
    if (typeof origin !== "string" || !ORIGIN.test(origin)) c.add(`marketEvents.corsAllowOrigins[${i}]`, `${JSON.stringify(origin)} is not an https origin (scheme and host, no path, no "*"), e.g. "https://ops.example.com"`);
  });
  const maxEventsOk = wholeIn(c, "marketEvents.maxEventsPerRequest", m.maxEventsPerRequest, 1, 1000);
  // The HTTP API's payload limit is 10 MB.
  wholeIn(c, "marketEvents.maxBodyBytes", m.maxBodyBytes, 1024, 10 * 1024 * 1024);
  wholeIn(c, "marketEvents.maxOrderBookDepth", m.maxOrderBookDepth, 1, 1000);
  wholeIn(c, "marketEvents.idempotencyWindowSeconds", m.idempotencyWindowSeconds, 60, 30 * 86_400);
  // An EventBridge archive keeps events 1 day or more; 0 (forever) is not allowed here: say how long.
  wholeIn(c, "marketEvents.archiveRetentionDays", m.archiveRetentionDays, 1, 3650);
  if (wholeIn(c, "marketEvents.averageEventsPerRequest", m.averageEventsPerRequest, 1, 1000) && maxEventsOk && m.averageEventsPerRequest > m.maxEventsPerRequest) {
    c.add("marketEvents.averageEventsPerRequest", `${m.averageEventsPerRequest} is more than maxEventsPerRequest ${m.maxEventsPerRequest}; no request can carry that many`);
  }
  if (!m.ingest) c.add("marketEvents.ingest", "is missing; give memoryMb, timeoutSeconds and p99SecondsPerRequest");
  else {
    wholeIn(c, "marketEvents.ingest.memoryMb", m.ingest.memoryMb, 128, 10240);
    // API Gateway waits at most 30 s for an integration.
    const timeoutOk = wholeIn(c, "marketEvents.ingest.timeoutSeconds", m.ingest.timeoutSeconds, 1, 29, " (the HTTP API gives an integration 30 s)");
    if (positiveAtMost(c, "marketEvents.ingest.p99SecondsPerRequest", m.ingest.p99SecondsPerRequest, 29, "seconds") && timeoutOk && m.ingest.p99SecondsPerRequest >= m.ingest.timeoutSeconds) {
      c.add("marketEvents.ingest.p99SecondsPerRequest", `${m.ingest.p99SecondsPerRequest} s reaches the timeout ${m.ingest.timeoutSeconds} s; raise the timeout or measure again`);
    }
  }
  if (!m.saga) c.add("marketEvents.saga", "is missing; give memoryMb, timeoutSeconds, p99SecondsPerStep and retry");
  else {
    wholeIn(c, "marketEvents.saga.memoryMb", m.saga.memoryMb, 128, 10240);
    wholeIn(c, "marketEvents.saga.timeoutSeconds", m.saga.timeoutSeconds, 1, 300, " (an Express execution lasts at most 300 s)");
    positiveAtMost(c, "marketEvents.saga.p99SecondsPerStep", m.saga.p99SecondsPerStep, 300, "seconds");
    const r = m.saga.retry;
    if (!r) c.add("marketEvents.saga.retry", "is missing; give intervalSeconds, backoffRate, maxAttempts and maxDelaySeconds");
    else {
      wholeIn(c, "marketEvents.saga.retry.intervalSeconds", r.intervalSeconds, 1, 60);
      if (typeof r.backoffRate !== "number" || !(r.backoffRate >= 1 && r.backoffRate <= 10)) c.add("marketEvents.saga.retry.backoffRate", `${JSON.stringify(r.backoffRate)} must be from 1 to 10`);
      wholeIn(c, "marketEvents.saga.retry.maxAttempts", r.maxAttempts, 0, 10);
      if (wholeIn(c, "marketEvents.saga.retry.maxDelaySeconds", r.maxDelaySeconds, 1, 60) && r.maxDelaySeconds < r.intervalSeconds) {
        c.add("marketEvents.saga.retry.maxDelaySeconds", `${r.maxDelaySeconds} is shorter than intervalSeconds ${r.intervalSeconds}`);
      }
    }
  }
  if (!m.delivery) c.add("marketEvents.delivery", "is missing; give maximumRetryAttempts and maximumEventAgeSeconds");
  else {
    // EventBridge RetryPolicy: 0-185 attempts, 60-86,400 s.
    wholeIn(c, "marketEvents.delivery.maximumRetryAttempts", m.delivery.maximumRetryAttempts, 0, 185);
    wholeIn(c, "marketEvents.delivery.maximumEventAgeSeconds", m.delivery.maximumEventAgeSeconds, 60, 86_400);
  }
  const names = new Set<string>();
  (m.busPartners ?? []).forEach((p, i) => {
    const at = `marketEvents.busPartners[${i}]`;
    if (typeof p.name !== "string" || !NAME.test(p.name)) c.add(`${at}.name`, `${JSON.stringify(p.name)} is invalid; expected 2-31 lowercase letters, digits or hyphens starting with a letter`);
    else if (names.has(p.name)) c.add(`${at}.name`, `${JSON.stringify(p.name)} is used twice`);
    names.add(p.name);
    if (typeof p.accountId !== "string" || !ACCOUNT_ID_PATTERN.test(p.accountId)) c.add(`${at}.accountId`, `${JSON.stringify(p.accountId)} is invalid; expected a 12-digit AWS account id`);
    else if (p.accountId === ownAccountId) c.add(`${at}.accountId`, "is the environment's own account; its principals need no bus policy (IAM grants them)");
  });
  if (m.secondaryRegion !== undefined) {
    if (!(SUPPORTED_REGIONS as readonly string[]).includes(m.secondaryRegion)) c.add("marketEvents.secondaryRegion", `${JSON.stringify(m.secondaryRegion)} is not allowed; use one of ${SUPPORTED_REGIONS.map((r) => JSON.stringify(r)).join(", ")}, or leave it out for one region`);
    else if (m.secondaryRegion === region) c.add("marketEvents.secondaryRegion", `is the environment's own region ${region}; choose another region (e.g. "eu-west-1") or leave it out`);
  }
}
