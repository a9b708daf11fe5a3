import { kindOf, type ChangeKind } from "./change-kind";
import { isObject, Placeholder, resolveChange, sameValue } from "./planned-values";
import type { ResourceChange } from "./terraform-plan";

/**
 * Attributes whose change a reviewer must look at even in a long plan, with the reason. A rule
 * names an attribute, or a path ending (`versioning_configuration.status`), matched at any depth;
 * list indexes are not part of the match. Policies are reviewed statement by statement instead
 * (policy-changes.ts).
 */
export interface SecurityRule {
  readonly attributes: readonly string[];
  readonly why: string;
}

export const SECURITY_RULES: readonly SecurityRule[] = [
  { attributes: ["kms_key_id", "kms_master_key_id", "kms_key_arn"], why: "encryption key: new data is encrypted with another key (or none), and readers need access to it" },
  {
    attributes: ["sse_algorithm", "server_side_encryption", "sqs_managed_sse_enabled", "encryption_type", "bucket_key_enabled"],
    why: "server-side encryption setting",
  },
  { attributes: ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"], why: "public access block: false lets a policy or ACL make data public" },
  { attributes: ["acl", "object_ownership"], why: "ACLs can grant access outside the account" },
  { attributes: ["versioning_configuration.status", "versioning_configuration.mfa_delete", "versioning"], why: "versioning keeps overwritten and deleted objects recoverable" },
  {
    attributes: ["deletion_protection_enabled", "deletion_protection", "force_destroy", "skip_destroy", "deletion_window_in_days"],
    why: "protection against deleting the resource or its data",
  },
  { attributes: ["retention_in_days", "retention_period", "point_in_time_recovery"], why: "how long data, logs or backups are kept" },
  { attributes: ["enable_key_rotation", "rotation_period_in_days", "is_enabled"], why: "KMS key rotation and state" },
  { attributes: ["ingress", "egress", "cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"], why: "network reachability" },
  { attributes: ["principal", "allowed_principals", "grantee_principal", "source_account", "source_arn"], why: "who may call, assume or use the resource" },
];

export interface SecurityChange {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Where the attribute is, e.g. `versioning_configuration[0].status`. */
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly why: string;
}

const RULE_PATHS = SECURITY_RULES.flatMap((rule) => rule.attributes.map((attribute) => ({ path: attribute.split("."), why: rule.why })));

const endsWith = (names: readonly string[], suffix: readonly string[]) => suffix.length <= names.length && suffix.every((s, i) => names[names.length - suffix.length + i] === s);

/**
 * Walks both sides together. `names` is the path without list indexes (what rules match);
 * the first node a rule matches is compared whole, so a changed security group rule list is
 * one finding rather than one per element.
 */
function walk(before: unknown, after: unknown, display: string, names: readonly string[], found: Array<{ attribute: string; before: unknown; after: unknown; why: string }>): void {
  const rule = names.length ? RULE_PATHS.find((r) => endsWith(names, r.path)) : undefined;
  if (rule) {
    if (!sameValue(before, after)) found.push({ attribute: display, before, after, why: rule.why });
    return;
  }
  if (before instanceof Placeholder || after instanceof Placeholder) return;
  if (Array.isArray(before) || Array.isArray(after)) {
    const old = Array.isArray(before) ? before : [];
    const updated = Array.isArray(after) ? after : [];
    for (let i = 0; i < Math.max(old.length, updated.length); i++) walk(old[i], updated[i], `${display}[${i}]`, names, found);
    return;
  }
  if (isObject(before) || isObject(after)) {
    const old = isObject(before) ? before : {};
    const updated = isObject(after) ? after : {};
    for (const key of new Set([...Object.keys(old), ...Object.keys(updated)])) {
      walk(old[key], updated[key], display ? `${display}.${key}` : key, [...names, key], found);
    }
  }
}

/**
 * Security-relevant attribute changes of updated and replaced resources. Created and deleted
 * resources have no before → after to compare; the guardrails (src/policy) judge new resources.
 */
export function findSecurityChanges(changes: readonly ResourceChange[]): SecurityChange[] {
  const found: SecurityChange[] = [];
  for (const resourceChange of changes) {
    const kind = kindOf(resourceChange);
    if (resourceChange.mode !== "managed" || (kind !== "update" && kind !== "replace")) continue;
    const { before, after } = resolveChange(resourceChange);
    const attributes: Array<{ attribute: string; before: unknown; after: unknown; why: string }> = [];
    walk(before, after, "", [], attributes);
    found.push(...attributes.map((a) => ({ address: resourceChange.address, type: resourceChange.type, kind, ...a })));
  }
  return found;
}
