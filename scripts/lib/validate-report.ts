/** The checks of scripts/validate-terraform.ts that need no Terraform, kept here so they can be tested. */

/** Name of the wrapper module that holds terraform-backend.tf (the state backend bootstrap). */
export const BOOTSTRAP_MODULE = "state-backend-bootstrap";

export interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}

export interface ValidateReport {
  valid: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Undefined when synth produced exactly the expected stacks, else why not (what is missing and
 * what is unexpected), so a run that validated fewer stacks can never report "valid".
 */
export function stackListProblem(found: readonly string[], expected: readonly string[]): string | undefined {
  const missing = expected.filter((s) => !found.includes(s));
  const unexpected = found.filter((s) => !expected.includes(s));
  if (missing.length === 0 && unexpected.length === 0) return undefined;
  const problems = [missing.length > 0 ? `missing ${missing.join(", ")}` : "", unexpected.length > 0 ? `unexpected ${unexpected.join(", ")}` : ""].filter(Boolean);
  return `synth produced ${found.length === 0 ? "no stacks" : `${found.join(", ")}`}; expected ${expected.join(", ")} (${problems.join("; ")})`;
}

/**
 * Backend blocks inside child modules are ignored by design of the validate wrapper, and Terraform
 * warns about each; only those warnings are dropped, never an error about a backend.
 */
export function shownDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => !(d.severity === "warning" && /backend configuration/i.test(d.summary)));
}

/**
 * The lines to print for a `terraform validate -json` report and whether it passed. An invalid
 * report always prints why: when no error diagnostic is left to show, the raw report is printed.
 */
export function validateReportLines(report: ValidateReport, locate: (d: Diagnostic) => string): { ok: boolean; lines: string[] } {
  const diagnostics = shownDiagnostics(report.diagnostics);
  const lines = diagnostics.map((d) => `${d.severity.toUpperCase()} ${locate(d)} ${d.summary}${d.detail ? `: ${d.detail}` : ""}`);
  const hasError = diagnostics.some((d) => d.severity === "error");
  if (!report.valid && !hasError) lines.push(`terraform validate reported the configuration invalid without an error diagnostic; its report:\n${JSON.stringify(report, null, 2)}`);
  return { ok: report.valid && !hasError, lines };
}
