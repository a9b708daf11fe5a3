import type { GuardrailRule } from "../rule";
import { blocks } from "./helpers";

export const apiAccessLogging: GuardrailRule = {
  id: "MDL-API-1",
  description: "API Gateway stages (HTTP and REST) write access logs to a log group in a set format.",
  checkov: ["CKV_AWS_76", "CKV_AWS_95"],
  trivy: ["AVD-AWS-0001"],
  appliesTo: ["aws_apigatewayv2_stage", "aws_api_gateway_stage"],
  evaluate: ({ config }) => {
    const [settings] = blocks(config.access_log_settings);
    if (!settings?.destination_arn) return "access_log_settings has no destination_arn: send access logs to a CloudWatch log group";
    if (typeof settings.format !== "string" || settings.format.trim() === "") return "access_log_settings has no format: give a JSON line with $context.requestId, status and the caller";
    return undefined;
  },
};
