import { CHANGE_KINDS, countByKind, kindOf, type ChangeKind } from "./change-kind";
import { checkDestructiveChanges, type DestructiveChange, type GuardResult } from "./destructive-guard";
import { code, table, truncate } from "./markdown";
import { findPolicyChanges } from "./policy-changes";
import { renderPolicyChanges } from "./policy-markdown";
import { formatValue } from "./planned-values";
import { findSecurityChanges } from "./security-attributes";
import type { ResourceChange, TerraformPlan } from "./terraform-plan";

/** One stack's plan with the destructive-change guard's verdict on it. */
export interface StackReview {
  readonly stack: string;
  readonly plan: TerraformPlan;
  readonly guard: GuardResult;
}

export function reviewStack(stack: string, plan: TerraformPlan, allowDestroy: readonly string[] = []): StackReview {
  return { stack, plan, guard: checkDestructiveChanges(plan.resource_changes, allowDestroy) };
}

/** The most consequential first: a reviewer short on time reads the top of the table. */
const TABLE_ORDER: readonly ChangeKind[] = ["delete", "replace", "update", "create", "forget"];

function actionText(change: ResourceChange, kind: ChangeKind): string {
  const notes = [
    kind === "replace" && change.change.replace_paths?.length ? `forced by ${change.change.replace_paths.map((p) => code(p.join("."))).join(", ")}` : "",
    kind === "replace" && !change.change.replace_paths?.length && change.action_reason ? change.action_reason : "",
    change.previous_address ? `moved from ${code(change.previous_address)}` : "",
    change.deposed ? `deposed object ${code(change.deposed)}` : "",
  ].filter(Boolean);
  return notes.length ? `${kind} (${notes.join("; ")})` : kind;
}

function changeTable(changes: readonly ResourceChange[]): string {
  const rows = changes
    .filter((c) => c.mode === "managed")
    .map((change) => ({ change, kind: kindOf(change) }))
    .filter(({ kind }) => TABLE_ORDER.includes(kind))
    .sort((a, b) => TABLE_ORDER.indexOf(a.kind) - TABLE_ORDER.indexOf(b.kind) || a.change.address.localeCompare(b.change.address))
    .map(({ change, kind }) => [code(change.address), change.type, actionText(change, kind)]);
  return rows.length ? table(["Address", "Type", "Action"], rows) : "No resource changes.";
}

function countsTable(reviews: readonly StackReview[]): string {
  const rows = reviews.map((r) => {
    const counts = countByKind(r.plan.resource_changes);
    return [r.stack, ...CHANGE_KINDS.map((k) => String(counts[k]))];
  });
  return table(["Stack", ...CHANGE_KINDS], rows);
}

function securityTable(changes: readonly ResourceChange[]): string {
  const rows = findSecurityChanges(changes).map((s) => [
    code(s.address),
    code(s.attribute),
    code(truncate(formatValue(s.before))),
    code(truncate(formatValue(s.after))),
    s.why,
  ]);
  return rows.length ? table(["Address", "Attribute", "Before", "After", "Why it matters"], rows) : "None.";
}

function guardSection(reviews: readonly StackReview[]): string {
  const item = (stack: string, d: DestructiveChange) => `- ${reviews.length > 1 ? `${code(stack)}: ` : ""}${d.message}`;
  const blocked = reviews.flatMap((r) => r.guard.violations.map((d) => item(r.stack, d)));
  const allowed = reviews.flatMap((r) => r.guard.allowed.map((d) => `- ${code(d.address)} (${d.kind}): allowed by --allow-destroy`));
  const unused = reviews.flatMap((r) => r.guard.unusedAllowances.map((a) => `- ${code(a)} is allow-listed but not deleted or replaced by this plan`));
  const sections: string[] = [];
  if (blocked.length) sections.push(`## Destructive changes: BLOCKED\n\n${blocked.join("\n")}`);
  if (allowed.length || unused.length) sections.push(`## Destructive changes: allow-list\n\n${[...allowed, ...unused].join("\n")}`);
  return sections.join("\n\n");
}

/**
 * The Markdown summary a reviewer reads before approving an apply (a CI job posts it on the pull
 * request): counts, the destructive-change guard's verdict, and per stack the changed resources,
 * the IAM/KMS/resource policy changes statement by statement, and security-relevant attributes.
 */
export function renderPlanSummary(reviews: readonly StackReview[]): string {
  const parts = ["# Terraform plan review", countsTable(reviews), guardSection(reviews)];
  for (const { stack, plan } of reviews) {
    const policies = findPolicyChanges(plan.resource_changes);
    parts.push(
      `## ${stack}`,
      changeTable(plan.resource_changes),
      "### Policy changes",
      policies.length ? renderPolicyChanges(policies) : "None.",
      "### Security-relevant changes",
      securityTable(plan.resource_changes),
    );
  }
  return `${parts.filter(Boolean).join("\n\n")}\n`;
}
