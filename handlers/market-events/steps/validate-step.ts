import { createHash } from "node:crypto";
import type { Dataset } from "../../validation/core";
import { checkEvents } from "../event-validation";
import type { BusEvent, ValidatedEvent } from "./saga-state";
import { StepError } from "./step-errors";

export interface ValidateSettings {
  readonly maxSpreadRatio: number;
  readonly maxOrderBookDepth: number;
  readonly partitionTimeZones: Readonly<Record<Dataset, string>>;
}

const TENANT = /^[\w.:@-]{1,128}$/;

/**
 * Validate: the event's detail against the same rules the ingest function applies (envelope, the
 * lake's record rules for trades and quotes, the order book rules), because the bus also takes
 * partners' PutEvents that never passed the API. Returns the normalised event; a bad one throws
 * EventRejected naming the field, the rule and the reason (the saga's Rejected: nothing is stored).
 */
export function validateBusEvent(event: BusEvent, settings: ValidateSettings): ValidatedEvent {
  const detail = event.detail;
  if (typeof detail !== "object" || detail === null) throw new StepError("EventRejected", "detail: the bus event has no detail object");
  const { tenant, receivedAt: _receivedAt, ...envelope } = detail;
  if (typeof tenant !== "string" || !TENANT.test(tenant)) throw new StepError("EventRejected", `detail.tenant: ${JSON.stringify(tenant)} is not a tenant id (1-128 of letters, digits, . _ : @ -)`);
  if (event["detail-type"] !== envelope.type) throw new StepError("EventRejected", `detail-type: "${event["detail-type"]}" differs from detail.type ${JSON.stringify(envelope.type)}; the rules route by detail-type`);
  const [checked] = checkEvents([envelope], { ...settings, maxEventsPerRequest: 1, eventSource: event.source, eventBusName: "saga" }, tenant, "");
  if (checked.valid !== true) {
    const problem = checked.valid === false ? checked.problem : { field: "id", rule: "id.repeat", reason: "repeated" };
    throw new StepError("EventRejected", `detail.${problem.field || "(event)"}: ${problem.reason} [${problem.rule}]`);
  }
  // The fingerprint is the normalised detail without its closing brace (receivedAt follows on the bus).
  const { data } = JSON.parse(`${checked.fingerprint}}`) as { data: Record<string, unknown> };
  return { tenant, id: checked.id, type: checked.type, symbol: String(data.symbol), time: envelope.time, source: envelope.source, data, contentSha256: createHash("sha256").update(checked.fingerprint).digest("hex") };
}
