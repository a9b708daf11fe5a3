import { ENVIRONMENTS } from "../../src/config/environments";
import { dataLakeStackName } from "../../src/stacks/data-lake-stack";
import { shownDiagnostics, stackListProblem, validateReportLines, type Diagnostic } from "../../scripts/lib/validate-report";

const expected = ["data-lake-dev", "data-lake-prod", "data-lake-staging"];
const backendWarning: Diagnostic = { severity: "warning", summary: "Backend configuration ignored", detail: "Any selected backend applies to the entire configuration" };
const backendError: Diagnostic = { severity: "error", summary: "Invalid backend configuration argument", detail: 'The backend configuration argument "bucket" given on the command line is not expected' };

describe("the checks of validate-terraform", () => {
  it("expects the stack of every configured environment: dev, staging and prod", () => {
    expect(Object.values(ENVIRONMENTS).map(dataLakeStackName).sort()).toEqual(expected);
  });

  it.each([
    ["no stacks", [], "synth produced no stacks; expected data-lake-dev, data-lake-prod, data-lake-staging (missing data-lake-dev, data-lake-prod, data-lake-staging)"],
    ["too few stacks", ["data-lake-dev"], "synth produced data-lake-dev; expected data-lake-dev, data-lake-prod, data-lake-staging (missing data-lake-prod, data-lake-staging)"],
    ["an unexpected stack", [...expected, "data-lake-qa"], "synth produced data-lake-dev, data-lake-prod, data-lake-staging, data-lake-qa; expected data-lake-dev, data-lake-prod, data-lake-staging (unexpected data-lake-qa)"],
  ])("refuses %s, naming what is missing or unexpected", (_, found, message) => {
    expect(stackListProblem(found, expected)).toBe(message);
  });

  it("accepts exactly the expected stacks", () => {
    expect(stackListProblem([...expected], expected)).toBeUndefined();
  });

  it("drops only the wrapper's backend warnings, never an error that mentions a backend", () => {
    expect(shownDiagnostics([backendWarning, backendError])).toEqual([backendError]);
  });

  it("prints the error of an invalid report even when it is about the backend configuration", () => {
    // Act
    const result = validateReportLines({ valid: false, diagnostics: [backendWarning, backendError] }, () => "data-lake-dev/cdk.tf.json:3");

    // Assess
    expect(result).toEqual({ ok: false, lines: [`ERROR data-lake-dev/cdk.tf.json:3 ${backendError.summary}: ${backendError.detail}`] });
  });

  it("prints the raw report when an invalid report has no error left to show", () => {
    // Act
    const result = validateReportLines({ valid: false, diagnostics: [backendWarning] }, () => "");

    // Assess
    expect(result.ok).toBe(false);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(/^terraform validate reported the configuration invalid without an error diagnostic; its report:\n\{/);
    expect(result.lines[0]).toContain("Backend configuration ignored");
  });

  it("passes a valid report whose only diagnostic is the backend warning, and prints nothing", () => {
    expect(validateReportLines({ valid: true, diagnostics: [backendWarning] }, () => "")).toEqual({ ok: true, lines: [] });
  });
});
