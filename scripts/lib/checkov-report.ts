import type { CheckovFinding } from "../../src/policy/checkov/findings";
import type { SkipOutcome } from "../../src/policy/checkov/skip-list";

/**
 * checkov's own index of its Terraform checks, each id linked to its guideline. checkov puts a
 * guideline into its report only after downloading them from its platform (an API key, network),
 * so a scan here names none and each failure points to the index instead.
 */
export const CHECKOV_TERRAFORM_INDEX = "https://www.checkov.io/5.Policy%20Index/terraform.html";

export function guidelineOf(finding: Pick<CheckovFinding, "checkId" | "guideline">): string {
  return finding.guideline ?? `${CHECKOV_TERRAFORM_INDEX} (${finding.checkId})`;
}

/**
 * One line per failure: check id, stack, construct path, Terraform address, file:line (under
 * `scanDir`, the directory checkov scanned), check name, guideline.
 */
export function formatFailure(f: CheckovFinding, scanDir = ""): string {
  return (
    `FAILED ${f.checkId} ${f.stack} ${f.resourceType}.${f.path} [${f.address}] (${scanDir}${f.file}:${f.line ?? "?"}): ${f.checkName}; ` +
    `guideline: ${guidelineOf(f)}`
  );
}

export function formatStale(s: SkipOutcome["stale"][number], skipFile: string): string {
  return `STALE SKIP ${s.skip.check} ${s.pattern} in ${s.stack}: matches no failure; remove it from ${skipFile}`;
}

/** Accepted failures per check id, in first-seen order: "CKV_AWS_338 x16, ...". */
export function acceptedByCheck(outcome: Pick<SkipOutcome, "accepted">): string {
  const counts = new Map<string, number>();
  for (const { skip } of outcome.accepted) counts.set(skip.check, (counts.get(skip.check) ?? 0) + 1);
  return [...counts].map(([check, n]) => `${check} x${n}`).join(", ");
}
