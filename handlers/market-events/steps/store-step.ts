import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { EVENTS_TABLE_KEYS } from "../saga/event-store-schema";
import { eventItemKeys, itemKey, SAGA_ITEM } from "./event-keys";
import { resultOf, type SagaState, type StoredResult } from "./saga-state";
import { StepError, transientOrAsIs } from "./step-errors";

/** The saga item's status. */
export const SAGA_STATUS = { stored: "STORED", compensated: "COMPENSATED" } as const;

const cancelledByCondition = (error: unknown, index: number) => {
  const e = error as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  return e?.name === "TransactionCanceledException" && e.CancellationReasons?.[index]?.Code === "ConditionalCheckFailed";
};

/**
 * Store: writes the event (enriched) and its saga record in one transaction, each conditional, so
 * the event is stored exactly once per tenant and id whatever the deliveries: Express workflows are
 * at least once, EventBridge retries, and replays re-deliver.
 * - First delivery: both items are written (`written: true`); `writtenBy` is this delivery's bus
 *   event id, so Compensate only ever undoes its own write.
 * - The same event again: the EVENT item exists with the same content hash: nothing is written
 *   (`written: false`), and the saga goes on to publish.
 * - Other content under an id already stored: EventConflict (not retried).
 * A saga record marked COMPENSATED does not block a later delivery (a replay after the fix).
 */
export async function storeEvent(documents: DynamoDBDocumentClient, tableName: string, state: SagaState, now: () => Date = () => new Date()): Promise<StoredResult> {
  const event = resultOf(state, "validation");
  const enrichment = resultOf(state, "enrichment");
  const result: StoredResult = { tenant: event.tenant, id: event.id, type: event.type, symbol: event.symbol, time: event.time, written: true };
  const storedAt = now().toISOString();
  const pk = EVENTS_TABLE_KEYS.partitionKey;
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...eventItemKeys(event), tenant: event.tenant, id: event.id, type: event.type, symbol: event.symbol, time: event.time, source: event.source, data: event.data, enrichment, contentSha256: event.contentSha256, writtenBy: state.id, storedAt },
              ConditionExpression: "attribute_not_exists(#pk)",
              ExpressionAttributeNames: { "#pk": pk },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...itemKey(event.tenant, event.id, SAGA_ITEM), status: SAGA_STATUS.stored, writtenBy: state.id, updatedAt: storedAt },
              ConditionExpression: "attribute_not_exists(#pk) OR #status = :compensated",
              ExpressionAttributeNames: { "#pk": pk, "#status": "status" },
              ExpressionAttributeValues: { ":compensated": SAGA_STATUS.compensated },
            },
          },
        ],
      }),
    );
    return result;
  } catch (error) {
    if (!cancelledByCondition(error, 0) && !cancelledByCondition(error, 1)) throw transientOrAsIs(error);
  }
  const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: itemKey(event.tenant, event.id, "EVENT"), ConsistentRead: true }));
  if (Item?.contentSha256 === event.contentSha256) return { ...result, written: false };
  if (Item) throw new StepError("EventConflict", `event ${event.id} of tenant ${event.tenant} is already stored with other content; a producer reused the id`);
  // The saga record says STORED but the event is gone: a compensation is running for this id.
  throw Object.assign(new Error(`event ${event.id} of tenant ${event.tenant} is being compensated; retry`), { name: "ServiceUnavailable" });
}
