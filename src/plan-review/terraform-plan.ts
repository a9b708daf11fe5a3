/**
 * The parts of `terraform show -json <planfile>` that plan review reads. The format is versioned
 * ("format_version": "1.x"); Terraform promises that minor versions only add properties, so any
 * 1.x is accepted and a different major version is refused rather than misread.
 */

export interface PlannedChange {
  /** e.g. ["create"], ["update"], ["delete", "create"], ["no-op"], ["read"]. */
  readonly actions: readonly string[];
  readonly before: unknown;
  readonly after: unknown;
  /** Mirrors `after`; `true` where the value is only known after apply. */
  readonly after_unknown?: unknown;
  /** Mirror `before`/`after`; `true` where the value is sensitive. */
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  /** Attribute paths that force a replacement, e.g. [["name"]]. */
  readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
}

export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** Set when the change is to a deposed object (an old copy left by create_before_destroy). */
  readonly deposed?: string;
  readonly change: PlannedChange;
  /** e.g. "replace_because_cannot_update", "delete_because_no_resource_config". */
  readonly action_reason?: string;
}

export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes: readonly ResourceChange[];
}

/** Reads the output of `terraform show -json <planfile>` (text or already parsed). */
export function parseTerraformPlan(input: string | unknown): TerraformPlan {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new Error(`The plan is not JSON (${(error as Error).message}); produce it with: terraform show -json <planfile>`);
    }
  }
  const plan = value as Partial<TerraformPlan> | null;
  if (typeof plan?.format_version !== "string") {
    throw new Error("The JSON has no format_version: expected the output of `terraform show -json <planfile>`, not a state file or plain `terraform plan` text");
  }
  if (plan.format_version.split(".")[0] !== "1") {
    throw new Error(`Plan JSON format_version ${plan.format_version} is not supported (only 1.x); update src/plan-review for the new format`);
  }
  // A plan with no changes at all may leave resource_changes out.
  const resourceChanges = plan.resource_changes ?? [];
  if (!Array.isArray(resourceChanges)) throw new Error("Plan JSON resource_changes is not a list");
  return { ...plan, resource_changes: resourceChanges } as TerraformPlan;
}
