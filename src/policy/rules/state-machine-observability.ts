import type { GuardrailRule } from "../rule";
import { blocks } from "./helpers";

/**
 * A CloudWatch log group ARN with the ":*" the Step Functions API takes: literal, or a reference to
 * an aws_cloudwatch_log_group's arn (which the provider reports without the suffix) plus ":*".
 */
const LOG_GROUP_DESTINATION = /^(arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+|\$\{aws_cloudwatch_log_group\.[^}]+\.arn\}):\*$/;

export const stateMachineObservability: GuardrailRule = {
  id: "MDL-SFN-1",
  description: "Step Functions state machines log every event with its data to a CloudWatch log group and are traced with X-Ray.",
  // CKV_AWS_284 (tracing) and CKV_AWS_285 (logging) ask the same; this rule also wants level ALL with
  // execution data, since an Express execution keeps no history anywhere but its logs.
  checkov: ["CKV_AWS_284", "CKV_AWS_285"],
  trivy: [],
  appliesTo: ["aws_sfn_state_machine"],
  evaluate: ({ config }) => {
    const [logging] = blocks(config.logging_configuration);
    const destination = logging?.log_destination;
    if (typeof destination !== "string" || destination === "") return 'logging_configuration has no log_destination: log to a CloudWatch log group ("<log group arn>:*") so executions can be investigated';
    if (!LOG_GROUP_DESTINATION.test(destination)) {
      return `logging_configuration.log_destination ${JSON.stringify(destination)} is not a CloudWatch log group ARN ending in ":*": set it to "\${aws_cloudwatch_log_group.<name>.arn}:*" (Step Functions takes the log group ARN with the ":*" suffix)`;
    }
    if (logging.level !== "ALL" || logging.include_execution_data !== true) {
      return `logging_configuration is level ${String(logging.level ?? "OFF")} with include_execution_data ${String(logging.include_execution_data ?? false)}: set level "ALL" and include_execution_data true (an Express execution's history exists only in these logs)`;
    }
    const [tracing] = blocks(config.tracing_configuration);
    if (tracing?.enabled !== true) return "tracing_configuration.enabled is not true: enable X-Ray tracing";
    return undefined;
  },
};
