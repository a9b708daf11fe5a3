import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";

export interface RequestLimits {
  readonly maxBodyBytes: number;
  readonly maxEventsPerRequest: number;
  readonly tenantClaim: string;
}

export type ParsedRequest =
  | { readonly ok: true; readonly tenant: string; readonly events: readonly unknown[]; readonly bodyBytes: number }
  | { readonly ok: false; readonly statusCode: 400 | 403 | 413 | 415; readonly code: string; readonly message: string };

const fail = (statusCode: 400 | 403 | 413 | 415, code: string, message: string): ParsedRequest => ({ ok: false, statusCode, code, message });
const UTF8 = new TextDecoder("utf-8", { fatal: true });
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The request as a whole: the tenant from the JWT, the content type, the body (base64 when API
 * Gateway says so), its size, and the batch shape `{"events": [...]}` with at most the configured
 * number of events. A request that fails here is answered with one error and no event is looked at.
 */
export function parseRequest(event: APIGatewayProxyEventV2WithJWTAuthorizer, limits: RequestLimits): ParsedRequest {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const tenant = claims[limits.tenantClaim];
  if ((typeof tenant !== "string" && typeof tenant !== "number") || String(tenant).length === 0) {
    return fail(403, "no-tenant", `the token has no ${limits.tenantClaim} claim naming the producer`);
  }
  const contentType = headerOf(event.headers, "content-type");
  const mediaType = contentType?.split(";", 1)[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return fail(415, "unsupported-media-type", `Content-Type must be application/json, got ${contentType === undefined ? "none" : JSON.stringify(contentType)}`);
  }
  const charset = /;\s*charset=([^;]+)/i.exec(contentType!)?.[1]?.trim().replace(/"/g, "").toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return fail(415, "unsupported-media-type", `charset must be utf-8, got ${charset}`);

  const body = event.body ?? "";
  // Base64 grows 4/3: refuse on the encoded length first so a huge body is never decoded.
  if ((event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, "utf8")) > limits.maxBodyBytes + (event.isBase64Encoded ? 2 : 0)) {
    return fail(413, "body-too-large", `the body is larger than ${limits.maxBodyBytes} bytes`);
  }
  let text = body;
  let bytes: number;
  if (event.isBase64Encoded) {
    if (!BASE64.test(body)) return fail(400, "bad-encoding", "the body is marked base64 but is not base64");
    const decoded = Buffer.from(body, "base64");
    if (decoded.length > limits.maxBodyBytes) return fail(413, "body-too-large", `the body is ${decoded.length} bytes, more than ${limits.maxBodyBytes}`);
    try {
      text = UTF8.decode(decoded);
    } catch {
      return fail(400, "bad-encoding", "the body is not UTF-8 text");
    }
    bytes = decoded.length;
  } else {
    bytes = Buffer.byteLength(body, "utf8");
  }
  if (text.trim() === "") return fail(400, "empty-body", 'the body is empty; send {"events": [...]}');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(400, "not-json", `the body is not JSON: ${(error as Error).message}`);
  }
  const events = (parsed as { events?: unknown } | null)?.events;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !Array.isArray(events)) {
    return fail(400, "not-a-batch", 'the body must be an object {"events": [...]} holding an array of events');
  }
  if (events.length === 0) return fail(400, "empty-batch", "events is empty: send at least one event");
  if (events.length > limits.maxEventsPerRequest) {
    return fail(413, "too-many-events", `the batch has ${events.length} events, at most ${limits.maxEventsPerRequest} are taken per request`);
  }
  return { ok: true, tenant: String(tenant), events, bodyBytes: bytes };
}

function headerOf(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const direct = headers[name];
  if (direct !== undefined) return direct;
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}
