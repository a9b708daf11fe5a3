import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { logRetention } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

describe("MDL-LOG-2 log retention", () => {
  it("accepts a log group with a positive retention_in_days", () => {
    // Prepare + Act
    const findings = findingsOf(logRetention, (scope) => new CloudwatchLogGroup(scope, "logs", { name: "/mdl/x", retentionInDays: 30 }));

    // Assess
    expect(findings).toEqual([]);
  });

  it.each([
    ["unset", undefined],
    ["0 (never expire)", 0],
  ])("flags retention_in_days %s", (_label, retentionInDays) => {
    // Prepare + Act
    const findings = findingsOf(logRetention, (scope) => new CloudwatchLogGroup(scope, "logs", { name: "/mdl/x", retentionInDays }));

    // Assess
    expectOneFinding(findings, logRetention, "stack/logs", "set retention_in_days");
  });
});
