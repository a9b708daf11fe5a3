import type { ResourceChange } from "./terraform-plan";

/** What a planned change does to one resource instance, as a reviewer names it. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "no-op" | "read" | "forget";

/** In the order a summary lists them. */
export const CHANGE_KINDS: readonly ChangeKind[] = ["create", "update", "replace", "delete", "read", "forget", "no-op"];

const KIND_OF_ACTIONS: Readonly<Record<string, ChangeKind>> = {
  create: "create",
  update: "update",
  // Destroy-then-create (the default) and create_before_destroy: both replace the object.
  "delete,create": "replace",
  "create,delete": "replace",
  delete: "delete",
  "no-op": "no-op",
  read: "read",
  // `removed { lifecycle { destroy = false } }`: Terraform stops managing the object, which stays.
  forget: "forget",
  "create,forget": "forget",
};

/**
 * Classifies the `actions` of a planned change. An unrecognised combination throws: a review tool
 * that silently skipped an action it does not understand could let a destructive change through.
 */
export function classifyActions(actions: readonly string[]): ChangeKind {
  const kind = KIND_OF_ACTIONS[actions.join(",")];
  if (!kind) throw new Error(`Unrecognised Terraform plan actions [${actions.join(", ")}]; teach src/plan-review/change-kind.ts what they mean`);
  return kind;
}

export const kindOf = (change: ResourceChange): ChangeKind => classifyActions(change.change.actions);

export type KindCounts = Record<ChangeKind, number>;

export function countByKind(changes: readonly ResourceChange[]): KindCounts {
  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as KindCounts;
  for (const change of changes) counts[kindOf(change)]++;
  return counts;
}
