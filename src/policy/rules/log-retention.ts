import type { GuardrailRule } from "../rule";

export const logRetention: GuardrailRule = {
  id: "MDL-LOG-2",
  description: "CloudWatch log groups expire their events after a set number of days.",
  // CKV_AWS_338 asks the same attribute for at least 365 days; the period here comes from the
  // environment config, so only "set and finite" is a guardrail.
  checkov: ["CKV_AWS_66", "CKV_AWS_338"],
  trivy: [],
  appliesTo: ["aws_cloudwatch_log_group"],
  evaluate: ({ config }) => {
    const days = Number(config.retention_in_days);
    if (Number.isFinite(days) && days > 0) return undefined;
    // 0 and unset both mean "never expire" to CloudWatch.
    return `retention_in_days is ${config.retention_in_days ?? "not set"}, so events are kept forever: set retention_in_days to a positive number of days (e.g. 30, 90, 365)`;
  },
};
