import type { GuardrailRule } from "../rule";
import { blocks } from "./helpers";

export const stateMachineObservability: GuardrailRule = {
  id: "MDL-SFN-1",
  description: "Step Functions state machines log every event with its data to a log group and are traced with X-Ray.",
  // CKV_AWS_284 (tracing) and CKV_AWS_285 (logging) ask the same; this rule also wants level ALL with
  // execution data, since an Express execution keeps no history anywhere but its logs.
  checkov: ["CKV_AWS_284", "CKV_AWS_285"],
  trivy: [],
  appliesTo: ["aws_sfn_state_machine"],
  evaluate: ({ config }) => {
    const [logging] = blocks(config.logging_configuration);
    if (!logging?.log_destination) return "logging_configuration has no log_destination: log to a CloudWatch log group (\"<log group arn>:*\") so executions can be investigated";
    if (logging.level !== "ALL" || logging.include_execution_data !== true) {
      return `logging_configuration is level ${String(logging.level ?? "OFF")} with include_execution_data ${String(logging.include_execution_data ?? false)}: set level "ALL" and include_execution_data true (an Express execution's history exists only in these logs)`;
    }
    const [tracing] = blocks(config.tracing_configuration);
    if (tracing?.enabled !== true) return "tracing_configuration.enabled is not true: enable X-Ray tracing";
    return undefined;
  },
};
