import type { ResourceChange } from "./terraform-plan";

/**
 * Stands in for a value the plan cannot show: unknown until apply, or sensitive. A class (not a
 * marker string) so that no real attribute value can be mistaken for it.
 */
export class Placeholder {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

export const KNOWN_AFTER_APPLY = new Placeholder("(known after apply)");
/** Sensitive values are in the plan JSON in clear text; a summary meant for a pull request must not repeat them. */
export const SENSITIVE = new Placeholder("(sensitive)");

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Placeholder);

/**
 * Overlays the plan's `*_unknown` / `*_sensitive` mirrors on a value. The mirror says `true` where
 * the value is unknown or sensitive, and Terraform leaves unknown attributes out of `after`
 * entirely, so the keys of both sides are walked.
 */
function overlay(value: unknown, unknown: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const items = Array.isArray(value) ? value : [];
    const unknowns = Array.isArray(unknown) ? unknown : [];
    const sensitives = Array.isArray(sensitive) ? sensitive : [];
    return Array.from({ length: Math.max(items.length, unknowns.length) }, (_, i) => overlay(items[i], unknowns[i], sensitives[i]));
  }
  if (isObject(value) || isObject(unknown)) {
    const fields = isObject(value) ? value : {};
    const unknowns = isObject(unknown) ? unknown : {};
    const sensitives = isObject(sensitive) ? sensitive : {};
    const keys = [...new Set([...Object.keys(fields), ...Object.keys(unknowns)])];
    return Object.fromEntries(keys.map((k) => [k, overlay(fields[k], unknowns[k], sensitives[k])]));
  }
  return value;
}

export interface ResolvedChange {
  /** The object before the change, sensitive values replaced; null when it does not exist yet. */
  readonly before: Record<string, unknown> | null;
  /** The object after the change, unknown and sensitive values replaced; null when it is deleted. */
  readonly after: Record<string, unknown> | null;
}

export function resolveChange(resourceChange: ResourceChange): ResolvedChange {
  const { before, after, after_unknown, before_sensitive, after_sensitive } = resourceChange.change;
  const asObject = (value: unknown) => (isObject(value) ? value : null);
  return {
    before: before === null ? null : asObject(overlay(before, undefined, before_sensitive)),
    after: after === null && after_unknown !== true ? null : asObject(overlay(after, after_unknown, after_sensitive)),
  };
}

const isUnset = (value: unknown) => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);

/**
 * A comparison key under which values that AWS treats as equal are equal: list order and
 * duplicates ignored, a one-element list equal to its element ("s3:GetObject" = ["s3:GetObject"]),
 * and null, "", [] and {} all "not set".
 */
export function fingerprint(value: unknown): string {
  if (isUnset(value)) return "null";
  if (value instanceof Placeholder) return `<${value.text}>`;
  if (Array.isArray(value)) return value.length === 1 ? fingerprint(value[0]) : `[${[...new Set(value.map(fingerprint))].sort().join(",")}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${fingerprint(value[k])}`).join(",")}}`;
  return JSON.stringify(value);
}

export const sameValue = (a: unknown, b: unknown): boolean => fingerprint(a) === fingerprint(b);

/** A value as a reviewer reads it: strings bare, structures as compact JSON, placeholders as their text. */
export function formatValue(value: unknown): string {
  if (isUnset(value)) return "(not set)";
  if (value instanceof Placeholder) return value.text;
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export { isObject };
