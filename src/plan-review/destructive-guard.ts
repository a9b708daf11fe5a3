import { kindOf } from "./change-kind";
import type { ResourceChange } from "./terraform-plan";

/**
 * Resource types whose deletion loses data or access to it, or a bucket's protection, with why. Replacing one is as bad:
 * Terraform deletes the old object (before or after creating the new one), and the new one is
 * empty. DESIGN.md invariant 5: stateful resources are protected from accidental destroy.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_s3_bucket: "an S3 bucket holds the lake's objects; deleting it loses them and every version, and its name can be taken by another account",
  aws_dynamodb_table: "a DynamoDB table holds the lineage records; losing them loses the audit trail and the exactly-once record, so objects can be processed twice",
  aws_kms_key: "a KMS key encrypts data at rest; once its deletion window ends, everything encrypted with it is unreadable for good",
  aws_kinesis_stream: "a Kinesis stream holds the records not yet consumed; deleting it loses them",
  aws_cloudwatch_log_group: "a log group holds logs kept for audit for a set time; deleting it loses them",
  aws_glue_catalog_database: "a Glue database holds the table definitions every query engine reads; deleting it breaks all readers until it is rebuilt",
  aws_glue_catalog_table: "a Glue table holds the schema and partition list readers use; rebuilding it means re-crawling, which may infer a different schema",
  aws_sqs_queue: "an SQS queue holds messages not yet processed, and a dead-letter queue the failed ones awaiting redrive; deleting either loses them, and with them the objects they point to are never validated",
  // Not data, but a bucket's protections: without them the bucket is open, unencrypted or unversioned until re-created.
  aws_s3_bucket_public_access_block: "the public access block keeps the bucket private; while it is gone an ACL or policy can make objects public",
  aws_s3_bucket_server_side_encryption_configuration: "the default encryption puts new objects under the tier's KMS key; while it is gone objects are written with SSE-S3",
  aws_s3_bucket_versioning: "versioning keeps overwritten and deleted objects recoverable; suspending it loses that for every later write",
  aws_s3_bucket_policy: "the bucket policy denies plain HTTP and other encryption keys and carries the partner grants; while it is gone none of that holds",
};

export interface DestructiveChange {
  readonly address: string;
  readonly type: string;
  readonly kind: "delete" | "replace";
  /** Why the type is dangerous to lose. */
  readonly danger: string;
  /** Why Terraform plans it, when the plan says. */
  readonly cause?: string;
  /** What, why it is dangerous and how to allow it, for a person. */
  readonly message: string;
}

export interface GuardResult {
  /** Destructive changes not allowed: the plan must not be applied as is. */
  readonly violations: readonly DestructiveChange[];
  /** Destructive changes the allow-list accepted. */
  readonly allowed: readonly DestructiveChange[];
  /** Allow-list entries that match no destructive change (a typo, or a leftover from an earlier run). */
  readonly unusedAllowances: readonly string[];
}

function causeOf(change: ResourceChange): string | undefined {
  const forcing = (change.change.replace_paths ?? []).map((path) => path.join("."));
  switch (change.action_reason) {
    case "replace_because_cannot_update":
      return forcing.length ? `changing ${forcing.join(", ")} forces a new resource` : "an attribute that cannot be updated in place changed";
    case "replace_because_tainted":
      return "the object is tainted (a create failed part-way, or it was marked with terraform taint)";
    case "replace_by_request":
      return "replacement was requested with -replace";
    case "replace_by_triggers":
      return "replace_triggered_by fired";
    case "delete_because_no_resource_config":
      return "its configuration was removed (if it was renamed or moved in code, add a moved block instead: cdktf moveTo / moveFromId)";
    case "delete_because_no_move_target":
      return "a moved block points to an address that is not in the configuration";
    case "delete_because_no_module":
      return "its module was removed";
    case "delete_because_wrong_repetition":
    case "delete_because_count_index":
    case "delete_because_each_key":
      return "its count / for_each instance no longer exists";
    default:
      return change.deposed ? `it is a deposed object (${change.deposed}) left by an earlier create_before_destroy` : change.action_reason;
  }
}

function describe(change: ResourceChange, kind: "delete" | "replace", danger: string, cause: string | undefined): string {
  const what = kind === "delete" ? "would be DELETED" : "would be REPLACED (the existing object is deleted and a new, empty one created)";
  return [
    `${change.address} ${what}${cause ? ` because ${cause}` : ""}.`,
    `Why this is dangerous: ${danger}.`,
    `If this is intended (the data is backed up, moved or no longer needed), allow it with --allow-destroy '${change.address}'.`,
  ].join(" ");
}

/**
 * Finds planned deletions and replacements of stateful resources; those whose address is in
 * `allowDestroy` are accepted. Pure: the caller decides what a violation does (plan exits 3).
 */
export function checkDestructiveChanges(changes: readonly ResourceChange[], allowDestroy: readonly string[] = []): GuardResult {
  const destructive: DestructiveChange[] = [];
  for (const change of changes) {
    const danger = STATEFUL_RESOURCE_TYPES[change.type];
    const kind = kindOf(change);
    if (!danger || change.mode !== "managed" || (kind !== "delete" && kind !== "replace")) continue;
    const cause = causeOf(change);
    destructive.push({ address: change.address, type: change.type, kind, danger, cause, message: describe(change, kind, danger, cause) });
  }
  const allowList = new Set(allowDestroy);
  return {
    violations: destructive.filter((d) => !allowList.has(d.address)),
    allowed: destructive.filter((d) => allowList.has(d.address)),
    unusedAllowances: [...allowList].filter((address) => !destructive.some((d) => d.address === address)),
  };
}
