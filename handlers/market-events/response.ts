import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** The answer for one event (README.md: "Response"). */
export type EventResult =
  | { readonly index: number; readonly id?: string; readonly status: "accepted"; readonly eventId: string; readonly flags?: readonly string[] }
  | { readonly index: number; readonly id?: string; readonly status: "duplicate" }
  | { readonly index: number; readonly id?: string; readonly status: "rejected"; readonly field: string; readonly rule: string; readonly reason: string }
  | { readonly index: number; readonly id?: string; readonly status: "retry"; readonly reason: string };

export type EventStatus = EventResult["status"];

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * 200 with one result per event, in the request's order, and the counts. `Retry-After: 1` when some
 * event is to be retried, so a client can back off before resending those (and only those).
 */
export function batchResponse(results: readonly EventResult[]): APIGatewayProxyStructuredResultV2 {
  const counts = { accepted: 0, duplicate: 0, rejected: 0, retry: 0 };
  for (const result of results) counts[result.status]++;
  return {
    statusCode: 200,
    headers: counts.retry > 0 ? { ...JSON_HEADERS, "retry-after": "1" } : JSON_HEADERS,
    body: JSON.stringify({ counts, results }),
  };
}

export function errorResponse(statusCode: number, code: string, message: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify({ error: { code, message } }) };
}
