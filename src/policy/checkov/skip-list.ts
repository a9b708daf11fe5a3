import { parse } from "yaml";
import type { CheckovFinding } from "./findings";

/**
 * One accepted checkov failure: a check id, the resources it is accepted for (patterns over
 * `<type>.<construct path>`, see `matchesResource`), the stacks (every synthesized stack when absent),
 * and why. Every pattern must still match a failure in every stack it names, so an entry that a
 * fix made unnecessary fails the scan instead of lingering (a stale skip).
 */
export interface CheckovSkip {
  readonly check: string;
  readonly resources: readonly string[];
  /** @default every synthesized stack (the bootstrap only when named) */
  readonly stacks?: readonly string[];
  readonly reason: string;
}

const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;
const MIN_REASON_CHARS = 40;

/** Parses and checks the skip file; every problem names the entry and the field. */
export function parseSkipList(text: string, source: string): CheckovSkip[] {
  const document = parse(text) as unknown;
  const entries = (document as { skips?: unknown } | null)?.skips;
  if (!Array.isArray(entries)) throw new Error(`${source}: expected a top-level "skips:" list`);
  const problems: string[] = [];
  const skips = entries.map((entry: Record<string, unknown>, i): CheckovSkip => {
    const at = `${source}: skips[${i}]`;
    const check = entry?.check;
    if (typeof check !== "string" || !CHECK_ID.test(check)) problems.push(`${at}.check must be a checkov id such as CKV_AWS_338, got ${JSON.stringify(check)}`);
    const resources = entry?.resources;
    if (!Array.isArray(resources) || resources.length === 0 || resources.some((r) => typeof r !== "string" || !r.includes("."))) {
      problems.push(`${at}.resources must be a non-empty list of "<resource type>.<construct path pattern>"`);
    }
    const stacks = entry?.stacks;
    if (stacks !== undefined && (!Array.isArray(stacks) || stacks.length === 0 || stacks.some((s) => typeof s !== "string"))) problems.push(`${at}.stacks must be a non-empty list of stack names when given`);
    const reason = entry?.reason;
    if (typeof reason !== "string" || reason.trim().length < MIN_REASON_CHARS) problems.push(`${at}.reason must say why (at least ${MIN_REASON_CHARS} characters)`);
    return { check: check as string, resources: resources as string[], stacks: stacks as string[] | undefined, reason: reason as string };
  });
  if (problems.length) throw new Error(problems.join("\n"));
  return skips;
}

/**
 * Whether `pattern` names the finding's resource: `<type>.<path>` where `*` stands for any
 * characters within one path segment and `**` for any run of segments, e.g.
 * `aws_s3_bucket.storage/access-logs/bucket` or `aws_cloudwatch_log_group.**`.
 */
export function matchesResource(pattern: string, finding: Pick<CheckovFinding, "resourceType" | "path">): boolean {
  const dot = pattern.indexOf(".");
  if (pattern.slice(0, dot) !== finding.resourceType) return false;
  const glob = pattern.slice(dot + 1);
  const regex = glob
    .split("**")
    .map((part) => part.split("*").map(escapeRegex).join("[^/]*"))
    .join(".*");
  return new RegExp(`^${regex}$`).test(finding.path);
}

const escapeRegex = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

export interface SkipOutcome {
  /** Failures no skip accepts: the scan fails on each. */
  readonly failures: readonly CheckovFinding[];
  /** Failures a skip accepts, with the skip. */
  readonly accepted: ReadonlyArray<{ readonly finding: CheckovFinding; readonly skip: CheckovSkip }>;
  /** (skip, pattern, stack) that matched no failure: the scan fails on each. */
  readonly stale: ReadonlyArray<{ readonly skip: CheckovSkip; readonly pattern: string; readonly stack: string }>;
}

/** `defaultStacks`: the stacks an entry without `stacks` applies to. */
export function applySkips(findings: readonly CheckovFinding[], skips: readonly CheckovSkip[], defaultStacks: readonly string[]): SkipOutcome {
  const used = new Set<string>();
  const failures: CheckovFinding[] = [];
  const accepted: Array<{ finding: CheckovFinding; skip: CheckovSkip }> = [];
  for (const finding of findings) {
    let taken: CheckovSkip | undefined;
    for (const skip of skips) {
      if (skip.check !== finding.checkId || !(skip.stacks ?? defaultStacks).includes(finding.stack)) continue;
      for (const pattern of skip.resources) {
        if (!matchesResource(pattern, finding)) continue;
        used.add(useKey(skip, pattern, finding.stack));
        taken ??= skip;
      }
    }
    if (taken) accepted.push({ finding, skip: taken });
    else failures.push(finding);
  }
  const stale = skips.flatMap((skip) =>
    (skip.stacks ?? defaultStacks).flatMap((stack) => skip.resources.filter((pattern) => !used.has(useKey(skip, pattern, stack))).map((pattern) => ({ skip, pattern, stack }))),
  );
  return { failures, accepted, stale };
}

const useKey = (skip: CheckovSkip, pattern: string, stack: string) => `${skip.check}\u0000${pattern}\u0000${stack}`;
