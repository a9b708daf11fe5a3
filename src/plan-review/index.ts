/** Review of `terraform show -json` plans: classification, summary, policy diffs and the destructive-change guard. */
export { parseTerraformPlan, type TerraformPlan, type ResourceChange, type PlannedChange } from "./terraform-plan";
export { classifyActions, countByKind, kindOf, CHANGE_KINDS, type ChangeKind, type KindCounts } from "./change-kind";
export { diffPolicies, type PolicyDiff } from "./policy-diff";
export { findPolicyChanges, POLICY_ATTRIBUTES, type PolicyChange } from "./policy-changes";
export { findSecurityChanges, SECURITY_RULES, type SecurityChange } from "./security-attributes";
export { checkDestructiveChanges, STATEFUL_RESOURCE_TYPES, type DestructiveChange, type GuardResult } from "./destructive-guard";
export { renderPlanSummary, reviewStack, type StackReview } from "./plan-summary";
export { KNOWN_AFTER_APPLY, SENSITIVE } from "./planned-values";
