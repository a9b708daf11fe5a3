import { parsePolicy, type PolicyDocument } from "../policy/policy-document";
import { kindOf, type ChangeKind } from "./change-kind";
import { diffPolicies, isEmptyDiff, type PolicyDiff } from "./policy-diff";
import { isObject, Placeholder, resolveChange, SENSITIVE } from "./planned-values";
import type { ResourceChange } from "./terraform-plan";

/**
 * Where policies live: resource types (exact, or a prefix ending in "*") and their attributes
 * holding a policy as a JSON string. `inline_policy` is the aws_iam_role block list of
 * { name, policy }.
 */
export const POLICY_ATTRIBUTES: ReadonlyArray<{ readonly types: readonly string[]; readonly attributes: readonly string[] }> = [
  { types: ["aws_iam_*"], attributes: ["policy", "assume_role_policy", "inline_policy"] },
  { types: ["aws_kms_key", "aws_s3_bucket_policy", "aws_sqs_queue_policy", "aws_sns_topic_policy"], attributes: ["policy"] },
];

/** One side of a policy change: a parsed document, nothing, a value known only after apply, or text that is not a policy. */
export type PolicySide =
  | { readonly state: "document"; readonly document: PolicyDocument }
  | { readonly state: "absent" }
  | { readonly state: "unknown" | "sensitive" }
  | { readonly state: "unreadable"; readonly text: string };

export interface PolicyChange {
  readonly address: string;
  readonly kind: ChangeKind;
  /** e.g. "policy", "assume_role_policy", `inline_policy["ingest"].policy`. */
  readonly attribute: string;
  readonly before: PolicySide;
  readonly after: PolicySide;
  /** Statement differences when both sides could be read (a missing side counts as no statements). */
  readonly diff?: PolicyDiff;
}

const matchesType = (type: string, patterns: readonly string[]) => patterns.some((p) => (p.endsWith("*") ? type.startsWith(p.slice(0, -1)) : type === p));

/** parsePolicy, also accepting the single-object `Statement` form IAM allows. */
function readPolicy(text: string): PolicyDocument | undefined {
  const document = parsePolicy(text);
  if (document) return document;
  try {
    const parsed = JSON.parse(text) as { Statement?: unknown };
    return isObject(parsed.Statement) ? ({ ...parsed, Statement: [parsed.Statement] } as unknown as PolicyDocument) : undefined;
  } catch {
    return undefined;
  }
}

function sideOf(value: unknown): PolicySide {
  if (value instanceof Placeholder) return { state: value === SENSITIVE ? "sensitive" : "unknown" };
  if (value === undefined || value === null || value === "") return { state: "absent" };
  const document = typeof value === "string" ? readPolicy(value) : undefined;
  return document ? { state: "document", document } : { state: "unreadable", text: String(value) };
}

/** The policy strings of one object (before or after), by attribute label. */
function policiesOf(object: Record<string, unknown> | null, attributes: readonly string[]): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (!object) return found;
  for (const attribute of attributes) {
    const value = object[attribute];
    if (attribute !== "inline_policy") {
      found.set(attribute, value);
    } else if (Array.isArray(value)) {
      // Matched by name, not position: the provider keeps these blocks as a set.
      for (const block of value) if (isObject(block)) found.set(`inline_policy[${JSON.stringify(block.name ?? "")}].policy`, block.policy);
    }
    // A wholly unknown inline_policy is the computed default of a role that declares none: nothing to review.
  }
  return found;
}

/**
 * Policy changes of resources that are created, updated or replaced. Deleted resources are left
 * out: their policies go with them, and the change table lists the deletion.
 */
export function findPolicyChanges(changes: readonly ResourceChange[]): PolicyChange[] {
  const found: PolicyChange[] = [];
  for (const resourceChange of changes) {
    const kind = kindOf(resourceChange);
    const rule = POLICY_ATTRIBUTES.find((r) => matchesType(resourceChange.type, r.types));
    if (!rule || resourceChange.mode !== "managed" || !["create", "update", "replace"].includes(kind)) continue;
    const { before, after } = resolveChange(resourceChange);
    const beforePolicies = policiesOf(before, rule.attributes);
    const afterPolicies = policiesOf(after, rule.attributes);
    for (const attribute of new Set([...beforePolicies.keys(), ...afterPolicies.keys()])) {
      const beforeSide = sideOf(beforePolicies.get(attribute));
      const afterSide = sideOf(afterPolicies.get(attribute));
      const readable = (side: PolicySide) => side.state === "document" || side.state === "absent";
      const diff = readable(beforeSide) && readable(afterSide) ? diffPolicies(documentOf(beforeSide), documentOf(afterSide)) : undefined;
      if (diff && isEmptyDiff(diff)) continue;
      if (beforeSide.state === "unreadable" && afterSide.state === "unreadable" && beforeSide.text === afterSide.text) continue;
      found.push({ address: resourceChange.address, kind, attribute, before: beforeSide, after: afterSide, diff });
    }
  }
  return found;
}

const documentOf = (side: PolicySide) => (side.state === "document" ? side.document : undefined);
