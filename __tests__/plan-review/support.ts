import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTerraformPlan, type ResourceChange, type TerraformPlan } from "../../src/plan-review";

/**
 * Plans recorded from real Terraform runs against moto (record-fixtures.ts):
 * - create: a first apply of a KMS key, two buckets, an IAM role and policy, a log group, a queue;
 * - update-replace-delete: the second version of that configuration on the applied state.
 */
export type Fixture = "create" | "update-replace-delete";

export function loadPlan(fixture: Fixture): TerraformPlan {
  return parseTerraformPlan(readFileSync(join(__dirname, "fixtures", `${fixture}.plan.json`), "utf8"));
}

export function changeAt(plan: TerraformPlan, address: string): ResourceChange {
  const found = plan.resource_changes.find((c) => c.address === address);
  if (!found) throw new Error(`no change at ${address}; have ${plan.resource_changes.map((c) => c.address).join(", ")}`);
  return found;
}

/** A copy of `change` with parts of its planned change replaced, for cases the recordings lack. */
export function withChange(change: ResourceChange, overrides: Partial<ResourceChange["change"]>, top: Partial<ResourceChange> = {}): ResourceChange {
  return { ...structuredClone(change), ...top, change: { ...structuredClone(change.change), ...overrides } };
}
