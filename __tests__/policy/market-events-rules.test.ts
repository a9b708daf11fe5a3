import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { CloudwatchEventPermission } from "@cdktf/provider-aws/lib/cloudwatch-event-permission";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { alarmedResources, apiAccessLogging, eventBusPolicy, policyDocument, stateMachineObservability } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const machine = (logging?: { level?: string; includeExecutionData?: boolean; logDestination?: string }, tracing = true) => (scope: any) =>
  new SfnStateMachine(scope, "saga", { name: "saga", roleArn: "arn:aws:iam::123456789012:role/r", definition: "{}", type: "EXPRESS", loggingConfiguration: logging, tracingConfiguration: { enabled: tracing } });
const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/saga:*";

describe("MDL-SFN-1 state machine logging and tracing", () => {
  it("accepts logging ALL with execution data to a log group, and tracing", () => {
    expect(findingsOf(stateMachineObservability, machine({ level: "ALL", includeExecutionData: true, logDestination: LOGS }))).toEqual([]);
  });

  it.each([
    ["no logging", undefined, true, "has no log_destination"],
    ["errors only", { level: "ERROR", includeExecutionData: true, logDestination: LOGS }, true, 'set level "ALL" and include_execution_data true'],
    ["no execution data", { level: "ALL", includeExecutionData: false, logDestination: LOGS }, true, "include_execution_data false"],
    ["no tracing", { level: "ALL", includeExecutionData: true, logDestination: LOGS }, false, "enable X-Ray tracing"],
  ])("flags %s", (_label, logging, tracing, message) => {
    expectOneFinding(findingsOf(stateMachineObservability, machine(logging, tracing)), stateMachineObservability, "stack/saga", message);
  });
});

describe("MDL-API-1 API stage access logs", () => {
  const stage = (accessLogSettings?: { destinationArn: string; format: string }) => (scope: any) => new Apigatewayv2Stage(scope, "stage", { apiId: "a1", name: "$default", accessLogSettings });

  it("accepts a stage logging to a log group in a format", () => {
    expect(findingsOf(apiAccessLogging, stage({ destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:/api", format: '{"requestId":"$context.requestId"}' }))).toEqual([]);
  });

  it.each([
    ["no access logs", undefined, "has no destination_arn"],
    ["an empty format", { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:/api", format: " " }, "has no format"],
  ])("flags %s", (_label, settings, message) => {
    expectOneFinding(findingsOf(apiAccessLogging, stage(settings)), apiAccessLogging, "stack/stage", message);
  });
});

describe("MDL-EVT-1 event bus policy", () => {
  const allow = (principal: unknown, action: string | string[] = "events:PutEvents") => ({ Sid: "Partner", Effect: "Allow" as const, Principal: principal as never, Action: action, Resource: "arn:aws:events:us-east-1:123456789012:event-bus/b" });
  const busPolicy = (statement: ReturnType<typeof allow>) => (scope: any) => new CloudwatchEventBusPolicy(scope, "policy", { eventBusName: "b", policy: policyDocument([statement]) });

  it("accepts PutEvents for a named account", () => {
    expect(findingsOf(eventBusPolicy, busPolicy(allow({ AWS: "arn:aws:iam::210987654321:root" })))).toEqual([]);
  });

  it.each([
    ["everyone", allow("*"), 'allows "*"'],
    ["everyone as an AWS principal", allow({ AWS: "*" }), "allow only named accounts"],
    ["more than PutEvents", allow({ AWS: "arn:aws:iam::210987654321:root" }, ["events:PutEvents", "events:PutRule"]), "needs only events:PutEvents"],
  ])("flags a statement allowing %s", (_label, statement, message) => {
    expectOneFinding(findingsOf(eventBusPolicy, busPolicy(statement)), eventBusPolicy, "stack/policy", message);
  });

  it("flags an event permission for every principal", () => {
    expectOneFinding(findingsOf(eventBusPolicy, (scope) => new CloudwatchEventPermission(scope, "perm", { principal: "*", statementId: "all" })), eventBusPolicy, "stack/perm", 'principal is "*"');
  });
});

describe("MDL-OPS-1 on state machines", () => {
  it("accepts a state machine an alarm names by its ARN, and flags one without", () => {
    const build = (alarmed: boolean) => (scope: any) => {
      machine({ level: "ALL", includeExecutionData: true, logDestination: LOGS })(scope);
      if (alarmed) new CloudwatchMetricAlarm(scope, "failed", { alarmName: "failed", namespace: "AWS/States", metricName: "ExecutionsFailed", dimensions: { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:saga" }, statistic: "Sum", period: 300, evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold" });
    };
    expect(findingsOf(alarmedResources, build(true))).toEqual([]);
    expectOneFinding(findingsOf(alarmedResources, build(false)), alarmedResources, "stack/saga", "no aws_cloudwatch_metric_alarm");
  });
});
