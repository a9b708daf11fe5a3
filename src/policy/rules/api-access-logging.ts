import type { GuardrailRule } from "../rule";
import { blocks } from "./helpers";

/** Where a stage may send access logs: a CloudWatch log group, or (REST only) a Firehose stream named amazon-apigateway-*. */
const LOG_GROUP = /^(arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:*]+(:\*)?|\$\{aws_cloudwatch_log_group\.[^}]+\.arn\}(:\*)?)$/;
const FIREHOSE = /^(arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/amazon-apigateway-.+|\$\{aws_kinesis_firehose_delivery_stream\.[^}]+\.arn\})$/;

/**
 * A request id ties a log line to the caller's error report and to the integration's logs; REST
 * access logging requires $context.requestId or $context.extendedRequestId in the format, and the
 * HTTP API lines are no use without it either.
 */
const REQUEST_ID = /\$context\.(requestId|extendedRequestId)\b/;

export const apiAccessLogging: GuardrailRule = {
  id: "MDL-API-1",
  description: "API Gateway stages (HTTP and REST) write access logs to a log group, in a format that carries the request id.",
  checkov: ["CKV_AWS_76", "CKV_AWS_95"],
  trivy: ["AVD-AWS-0001"],
  appliesTo: ["aws_apigatewayv2_stage", "aws_api_gateway_stage"],
  evaluate: ({ type, config }) => {
    const [settings] = blocks(config.access_log_settings);
    const destination = settings?.destination_arn;
    if (typeof destination !== "string" || destination === "") return "access_log_settings has no destination_arn: send access logs to a CloudWatch log group (destination_arn = the log group's arn)";
    const rest = type === "aws_api_gateway_stage";
    if (!LOG_GROUP.test(destination) && !(rest && FIREHOSE.test(destination))) {
      return `access_log_settings.destination_arn ${JSON.stringify(destination)} is not a CloudWatch log group${rest ? " or an amazon-apigateway-* Firehose stream" : ""}: set it to an aws_cloudwatch_log_group's arn`;
    }
    const format = settings.format;
    if (typeof format !== "string" || format.trim() === "") return "access_log_settings has no format: give a JSON line with $context.requestId, the status and the caller";
    if (!REQUEST_ID.test(format)) return "access_log_settings.format has no $context.requestId: add it, so each line can be matched to a caller's report and the integration's logs";
    return undefined;
  },
};
