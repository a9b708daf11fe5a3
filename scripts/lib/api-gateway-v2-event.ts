import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";

export interface ApiGatewayV2RequestOptions {
  /** The Content-Type header; null sends none. @default "application/json" */
  readonly contentType?: string | null;
  /** The body base64-encoded, as API Gateway hands over binary media types. @default false */
  readonly base64?: boolean;
  /** The verified token's claims the JWT authorizer passes on. */
  readonly claims: Readonly<Record<string, string>>;
  readonly scopes?: readonly string[];
  /** When API Gateway received the request. @default now */
  readonly receivedAt?: Date;
  /** @default "POST /v1/events" */
  readonly routeKey?: string;
}

const API_ID = "abc123";
const DOMAIN = `${API_ID}.execute-api.us-east-1.amazonaws.com`;

/** The request-time format of $context.requestTime: 20/Nov/2026:14:30:01 +0000. */
function requestTime(at: Date): string {
  const month = at.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(at.getUTCDate())}/${month}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

let requests = 0;

/**
 * A request as API Gateway v2 (HTTP API, payload format 2.0) hands it to the integration after
 * its JWT authorizer: headers lower-cased, the claims under requestContext.authorizer.jwt, the
 * body as text or base64. The ingest function's tests, bench and the local e2e post through this.
 */
export function apiGatewayV2Request(body: string, options: ApiGatewayV2RequestOptions): APIGatewayProxyEventV2WithJWTAuthorizer {
  const routeKey = options.routeKey ?? "POST /v1/events";
  const [method, path] = routeKey.split(" ");
  const receivedAt = options.receivedAt ?? new Date();
  const headers: Record<string, string> = { host: DOMAIN, "user-agent": "producer/1.0" };
  if (options.contentType !== null) headers["content-type"] = options.contentType ?? "application/json";
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: API_ID,
      authorizer: { principalId: null, integrationLatency: null, jwt: { claims: { ...options.claims }, scopes: [...(options.scopes ?? [])] } },
      domainName: DOMAIN,
      domainPrefix: API_ID,
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "producer/1.0" },
      requestId: `req-${++requests}=`,
      routeKey,
      stage: "$default",
      time: requestTime(receivedAt),
      timeEpoch: receivedAt.getTime(),
    },
    body: options.base64 ? Buffer.from(body, "utf8").toString("base64") : body,
    isBase64Encoded: options.base64 ?? false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
