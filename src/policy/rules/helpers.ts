/** Small readers over synthesized Terraform JSON that several rules share. */
import { asList, parsePolicy, type PolicyStatement } from "../policy-document";
import type { StackView, SynthesizedResource } from "../rule";

type Block = Readonly<Record<string, unknown>>;

/**
 * A nested block as a list. cdktf writes single-item blocks (lifecycle, server_side_encryption,
 * versioning_configuration) as an object and repeatable ones (rule, inline_policy, ingress) as an
 * array; an override can turn either into the other, so rules must not depend on the form.
 */
export function blocks(value: unknown): readonly Block[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((b): b is Block => typeof b === "object" && b !== null);
}

/** True when `value` is a Terraform reference to an attribute of `target` ("${<address>.<attr>}"). */
export function pointsAt(value: unknown, target: SynthesizedResource): boolean {
  return typeof value === "string" && value.includes(`\${${target.address}.`);
}

/**
 * Resources of `type` whose `attribute` points at `target`. Only that attribute counts: a bucket
 * policy naming another bucket's ARN, or a logging config naming it as `target_bucket`, is not
 * attached to that bucket. `literal` also accepts the target's plain name (e.g. a bucket name).
 */
export function attached(
  view: StackView,
  target: SynthesizedResource,
  type: string,
  attribute: string,
  literal?: unknown,
): readonly SynthesizedResource[] {
  return view.ofType(type).filter((r) => {
    const value = r.config[attribute];
    return pointsAt(value, target) || (typeof literal === "string" && value === literal);
  });
}

/** The aws_s3_bucket_* companions (versioning, policy, ...) configured for `bucket`. */
export const bucketCompanions = (view: StackView, bucket: SynthesizedResource, type: string) =>
  attached(view, bucket, type, "bucket", bucket.config.bucket);

const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/** A key id/ARN/alias that is set and is not an AWS-managed alias such as "alias/aws/s3". */
export function isCustomerManagedKey(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "" && !AWS_MANAGED_ALIAS.test(value);
}

/** What is wrong with a KMS key attribute that must name a customer-managed key, if anything. */
export function customerKeyProblem(value: unknown, attribute: string): string | undefined {
  if (isCustomerManagedKey(value)) return undefined;
  const found = typeof value === "string" && value.trim() !== "" ? `is the AWS-managed key "${value}"` : "is not set";
  return `${attribute} ${found}: set ${attribute} to the ARN of a customer-managed aws_kms_key`;
}

/** IAM statements may use the negated forms, which the project's typed builder leaves out. */
export type Statement = PolicyStatement & {
  readonly NotAction?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
};

/** Statements of a policy attribute, or undefined when it is not literal JSON (e.g. a jsonencode token). */
export function statementsOf(value: unknown): readonly Statement[] | undefined {
  return parsePolicy(value)?.Statement as readonly Statement[] | undefined;
}

export const notLiteralPolicy = (attribute: string) =>
  `${attribute} is not literal JSON, so the guardrail cannot read it: build ${attribute} with policyDocument() from src/policy/policy-document.ts`;

/** IAM action matching: case-insensitive, "*" and "?" are wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(action);
}

/** Principals of one kind ("AWS", "Service", ...); `Principal: "*"` counts as the AWS principal "*". */
export function principalsOf(statement: Statement, kind: string): readonly string[] {
  const principal = statement.Principal;
  if (principal === "*") return kind === "AWS" ? ["*"] : [];
  return asList(principal?.[kind]);
}

/** Values a statement's condition compares `key` with under `operator`; condition keys ignore case. */
export function conditionValues(statement: Statement, operator: string, key: string): readonly unknown[] {
  const byKey = statement.Condition?.[operator] ?? {};
  const match = Object.keys(byKey).find((k) => k.toLowerCase() === key.toLowerCase());
  return match === undefined ? [] : asList(byKey[match] as unknown);
}

/**
 * Whether the statement closes plain HTTP for every caller: a Deny for everyone on every action of
 * `service` (or "*") when aws:SecureTransport is false, on a Resource that `covers` accepts. A
 * narrower statement (one principal, one action) leaves other requests allowed over HTTP.
 */
function deniesPlainHttp(s: Statement, service: string, covers: (resource: string) => boolean): boolean {
  return (
    s.Effect === "Deny" &&
    asList(s.Resource).some(covers) &&
    asList(s.Action).some((a) => a === "*" || a.toLowerCase() === `${service}:*`) &&
    principalsOf(s, "AWS").includes("*") &&
    conditionValues(s, "Bool", "aws:SecureTransport").some((v) => String(v).toLowerCase() === "false")
  );
}

/**
 * What keeps `policies` (the resource policies attached to one resource) from closing plain HTTP,
 * or undefined when one of them does. `policy.type` and `policy.attachment` ("bucket = this
 * bucket") name what to add; `policy.fix` is the statement to put in it.
 */
export function tlsOnlyProblem(
  policies: readonly SynthesizedResource[],
  policy: { readonly type: string; readonly attachment: string; readonly service: string; readonly covers: (resource: string) => boolean; readonly fix: string },
): string | undefined {
  if (policies.length === 0) return `no ${policy.type} denies plain-HTTP requests: add an ${policy.type} with ${policy.attachment} and in its policy ${policy.fix}`;
  const parsed = policies.map((p) => statementsOf(p.config.policy));
  if (parsed.some((statements) => statements?.some((s) => deniesPlainHttp(s, policy.service, policy.covers)))) return undefined;
  if (parsed.some((statements) => statements === undefined)) return notLiteralPolicy(`${policy.type}.policy`);
  return `the ${policy.type} does not deny plain-HTTP requests: in its policy ${policy.fix}`;
}
