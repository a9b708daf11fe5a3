import { TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { itemKey, SAGA_ITEM } from "./event-keys";
import { SAGA_STATUS } from "./store-step";
import { resultOf, type SagaState } from "./saga-state";
import { transientOrAsIs } from "./step-errors";

export interface Compensation {
  readonly tenant: string;
  readonly id: string;
  /** The EVENT item this delivery wrote was deleted. */
  readonly deleted: boolean;
  readonly status: typeof SAGA_STATUS.compensated | "UNCHANGED";
  readonly cause: string;
}

/**
 * Compensate (after Store or Publish failed for good): deletes the EVENT item if this delivery
 * wrote it (`writtenBy` = this bus event's id) and marks the saga COMPENSATED with the cause, in one
 * transaction. Idempotent: run again, the delete finds nothing of its own and the mark is rewritten.
 * An event an earlier delivery stored (`stored.written` false, or another writer) is left as it
 * is: it was stored and published by that delivery, so nothing of this one needs undoing.
 */
export async function compensateEvent(documents: DynamoDBDocumentClient, tableName: string, state: SagaState, now: () => Date = () => new Date()): Promise<Compensation> {
  const event = resultOf(state, "validation");
  const cause = [state.failure?.Error, state.failure?.Cause].filter(Boolean).join(": ") || "unknown";
  const base = { tenant: event.tenant, id: event.id, cause };
  if (state.stored?.result.written === false) return { ...base, deleted: false, status: "UNCHANGED" };
  const mark = {
    TableName: tableName,
    Key: itemKey(event.tenant, event.id, SAGA_ITEM),
    UpdateExpression: "SET #status = :compensated, #cause = :cause, compensatedAt = :at",
    // Never over a STORED mark another delivery wrote.
    ConditionExpression: "attribute_not_exists(writtenBy) OR writtenBy = :me",
    ExpressionAttributeNames: { "#status": "status", "#cause": "cause" },
    ExpressionAttributeValues: { ":compensated": SAGA_STATUS.compensated, ":cause": cause.slice(0, 2000), ":at": now().toISOString(), ":me": state.id },
  };
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: tableName, Key: itemKey(event.tenant, event.id, "EVENT"), ConditionExpression: "writtenBy = :me", ExpressionAttributeValues: { ":me": state.id } } },
          { Update: mark },
        ],
      }),
    );
    return { ...base, deleted: true, status: SAGA_STATUS.compensated };
  } catch (error) {
    // Only the conditions failed (each reason "None" or "ConditionalCheckFailed"): go on below.
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
    const conditionsOnly = reasons.length > 0 && reasons.every((r) => r.Code === "None" || r.Code === "ConditionalCheckFailed");
    if ((error as Error).name !== "TransactionCanceledException" || !conditionsOnly) throw transientOrAsIs(error);
  }
  // Nothing of this delivery's to delete (never written, or already undone): only mark the saga.
  try {
    await documents.send(new UpdateCommand(mark));
    return { ...base, deleted: false, status: SAGA_STATUS.compensated };
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return { ...base, deleted: false, status: "UNCHANGED" };
    throw transientOrAsIs(error);
  }
}
