import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { apiAccessLogging } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/events";
const FORMAT = JSON.stringify({ requestId: "$context.requestId", status: "$context.status", ip: "$context.identity.sourceIp" });
type Settings = { destinationArn: string; format: string } | undefined;
const httpStage = (settings: Settings) => (scope: any) => new Apigatewayv2Stage(scope, "stage", { apiId: "a1", name: "$default", accessLogSettings: settings });
const restStage = (settings: Settings) => (scope: any) => new ApiGatewayStage(scope, "stage", { restApiId: "r1", deploymentId: "d1", stageName: "v1", accessLogSettings: settings });

describe("MDL-API-1 API stage access logs", () => {
  it.each([
    ["an HTTP API stage", httpStage],
    ["a REST API stage", restStage],
  ])("accepts %s logging to a log group with the request id", (_label, stage) => {
    expect(findingsOf(apiAccessLogging, stage({ destinationArn: LOG_GROUP, format: FORMAT }))).toEqual([]);
  });

  it("accepts a reference to a log group of the stack, and a REST stage logging to an amazon-apigateway- Firehose stream", () => {
    expect(findingsOf(apiAccessLogging, (scope) => httpStage({ destinationArn: new CloudwatchLogGroup(scope, "logs", { name: "/api" }).arn, format: FORMAT })(scope))).toEqual([]);
    expect(findingsOf(apiAccessLogging, restStage({ destinationArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-events", format: "$context.extendedRequestId $context.status" }))).toEqual([]);
  });

  it.each([
    ["no access logs", httpStage(undefined), "has no destination_arn"],
    ["an empty format", httpStage({ destinationArn: LOG_GROUP, format: " " }), "has no format"],
    ["a format without the request id", httpStage({ destinationArn: LOG_GROUP, format: '{"status":"$context.status"}' }), "has no $context.requestId"],
    ["an HTTP API stage sending to Firehose", httpStage({ destinationArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x", format: FORMAT }), "is not a CloudWatch log group"],
    ["a REST stage sending to an S3 bucket", restStage({ destinationArn: "arn:aws:s3:::logs", format: FORMAT }), "or an amazon-apigateway-* Firehose stream"],
    ["a REST stage without access logs", restStage(undefined), "has no destination_arn"],
  ])("flags %s", (_label, build, message) => {
    expectOneFinding(findingsOf(apiAccessLogging, build), apiAccessLogging, "stack/stage", message);
  });
});
