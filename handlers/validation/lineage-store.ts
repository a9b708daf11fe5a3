import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { S3ObjectRef } from "./s3-event";

/**
 * The lineage item of an object version is also its processing claim. A conditional write is the
 * exactly-once record here, rather than Powertools' idempotency utility, because the item must hold
 * the object's counts and outcome anyway; one table and one write path keep "processed" and
 * "recorded" from ever disagreeing.
 *
 *   (none) --claim--> PROCESSING --complete--> VALIDATED | FAILED
 *                       |  lease expired or released: the next delivery may claim again
 */
export type LineageStatus = "PROCESSING" | "VALIDATED" | "FAILED";

export interface LineageOutcome {
  readonly status: Exclude<LineageStatus, "PROCESSING">;
  readonly dataset?: string;
  readonly date?: string;
  readonly recordsIn: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly flagged: number;
  readonly rejectedByRule: Readonly<Record<string, number>>;
  readonly flaggedByRule: Readonly<Record<string, number>>;
  readonly bytesRead: number;
  /** Times the per-symbol state was dropped because the object had more symbols than tracked; absent when none. */
  readonly symbolStateResets?: number;
  /** CSV columns the schema does not know, whose values are not in the output; absent when none. */
  readonly ignoredColumns?: readonly string[];
  readonly outputs: Readonly<Record<string, string>>;
  /** Why the object failed as a whole (unreadable, bad key). */
  readonly failureReason?: string;
  readonly durationMs: number;
}

/**
 * Ignored column names kept in the lineage item: the header is untrusted input (up to a 1 MiB line),
 * so its size is bounded well inside DynamoDB's 400 KB item limit. The report keeps them all.
 */
const MAX_ITEM_IGNORED_COLUMNS = 20;
const MAX_ITEM_COLUMN_NAME_CHARS = 100;

/**
 * The attributes a rare condition adds to a completed item, only when it happened, so the usual
 * item stays small; one "SET name = :name" each.
 */
function occasionalAttributes(outcome: LineageOutcome): Record<string, number | string[]> {
  const attributes: Record<string, number | string[]> = {};
  if (outcome.symbolStateResets) attributes.symbol_state_resets = outcome.symbolStateResets;
  if (outcome.ignoredColumns?.length) {
    attributes.ignored_columns = outcome.ignoredColumns.slice(0, MAX_ITEM_IGNORED_COLUMNS).map((name) => name.slice(0, MAX_ITEM_COLUMN_NAME_CHARS));
  }
  return attributes;
}

export type ClaimResult =
  | { readonly kind: "claimed"; readonly attempt: number }
  /** Already VALIDATED or FAILED: a redelivery, nothing to do. */
  | { readonly kind: "done"; readonly status: LineageStatus }
  /** Another invocation holds a live lease: retry later. */
  | { readonly kind: "busy"; readonly leaseUntil: number };

export interface LineageStoreOptions {
  readonly tableName: string;
  readonly ttlDays: number;
  /** How long a claim blocks other deliveries: the function timeout plus a margin. */
  readonly leaseSeconds: number;
  readonly now?: () => number;
}

/** "<bucket>/<key>#<version id | etag>": S3 versions are immutable, so this names one content. */
export function lineageId(ref: S3ObjectRef): string {
  return `${ref.bucket}/${ref.key}#${ref.versionId ?? ref.etag ?? "unversioned"}`;
}

export class LineageStore {
  private readonly now: () => number;
  private readonly client: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly options: LineageStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    // Undefined fields are left out of items; NaN, Infinity and integers past 2^53 are refused (the document client's defaults).
    this.client = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async claim(ref: S3ObjectRef, dataset: string | undefined): Promise<ClaimResult> {
    const id = lineageId(ref);
    const now = this.now();
    const previous = await this.read(id);
    if (previous && previous.status !== "PROCESSING") return { kind: "done", status: previous.status };
    if (previous && previous.lease_until > now) return { kind: "busy", leaseUntil: previous.lease_until };
    const attempt = (previous?.attempt ?? 0) + 1;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            object_id: id,
            bucket: ref.bucket,
            key: ref.key,
            version_id: ref.versionId ?? null,
            etag: ref.etag ?? null,
            size: ref.size ?? null,
            dataset: dataset ?? "unknown",
            status: "PROCESSING",
            status_date: `PROCESSING#${new Date(now).toISOString().slice(0, 10)}#${ref.key}`,
            attempt,
            lease_until: now + this.options.leaseSeconds * 1000,
            started_at: new Date(now).toISOString(),
            expires_at: Math.floor(now / 1000) + this.options.ttlDays * 86_400,
          },
          // Only the first claim, or a takeover of an expired/released claim at the attempt we read.
          ConditionExpression: "attribute_not_exists(object_id) OR (#status = :processing AND attempt = :previous AND lease_until <= :now)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":processing": "PROCESSING", ":previous": previous?.attempt ?? 0, ":now": now },
        }),
      );
      return { kind: "claimed", attempt };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Lost a race with a concurrent delivery: report what it left.
      const winner = await this.read(id);
      return winner && winner.status !== "PROCESSING" ? { kind: "done", status: winner.status } : { kind: "busy", leaseUntil: winner?.lease_until ?? now };
    }
  }

  /** Records the outcome; the attempt condition keeps a timed-out zombie from overwriting a newer run. */
  async complete(ref: S3ObjectRef, attempt: number, outcome: LineageOutcome): Promise<void> {
    const finishedAt = new Date(this.now()).toISOString();
    const occasional = occasionalAttributes(outcome);
    const setOccasional = Object.keys(occasional).map((name) => `, ${name} = :${name}`).join("");
    await this.client.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { object_id: lineageId(ref) },
        UpdateExpression:
          "SET #status = :status, status_date = :status_date, dataset = :dataset, partition_date = :date, records_in = :in, accepted = :accepted, " +
          "quarantined = :quarantined, flagged = :flagged, rejected_by_rule = :rejected_by_rule, flagged_by_rule = :flagged_by_rule, " +
          `bytes_read = :bytes, outputs = :outputs, failure_reason = :reason, duration_ms = :duration, finished_at = :finished${setOccasional} REMOVE lease_until`,
        ConditionExpression: "attempt = :attempt AND #status = :processing",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ...Object.fromEntries(Object.entries(occasional).map(([name, value]) => [`:${name}`, value])),
          ":status": outcome.status,
          ":status_date": `${outcome.status}#${finishedAt.slice(0, 10)}#${ref.key}`,
          ":dataset": outcome.dataset ?? "unknown",
          ":date": outcome.date ?? null,
          ":in": outcome.recordsIn,
          ":accepted": outcome.accepted,
          ":quarantined": outcome.quarantined,
          ":flagged": outcome.flagged,
          ":rejected_by_rule": outcome.rejectedByRule,
          ":flagged_by_rule": outcome.flaggedByRule,
          ":bytes": outcome.bytesRead,
          ":outputs": outcome.outputs,
          ":reason": outcome.failureReason ?? null,
          ":duration": outcome.durationMs,
          ":finished": finishedAt,
          ":attempt": attempt,
          ":processing": "PROCESSING",
        },
      }),
    );
  }

  /** Gives the claim up after a transient error so the redelivery can start at once. */
  async release(ref: S3ObjectRef, attempt: number, error: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { object_id: lineageId(ref) },
          UpdateExpression: "SET lease_until = :zero, last_error = :error",
          ConditionExpression: "attempt = :attempt AND #status = :processing",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":zero": 0, ":error": error.slice(0, 1000), ":attempt": attempt, ":processing": "PROCESSING" },
        }),
      );
    } catch (releaseError) {
      // The lease then simply expires; the original error is the one that matters.
      if (!(releaseError instanceof ConditionalCheckFailedException)) throw releaseError;
    }
  }

  async read(id: string): Promise<{ status: LineageStatus; attempt: number; lease_until: number } | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.options.tableName, Key: { object_id: id }, ConsistentRead: true }));
    return result.Item as { status: LineageStatus; attempt: number; lease_until: number } | undefined;
  }
}
