import { SfnStateMachine, type SfnStateMachineLoggingConfiguration } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Construct } from "constructs";
import { stateMachineObservability } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/saga:*";

const machine = (logging?: SfnStateMachineLoggingConfiguration, tracing = true) => (scope: Construct) =>
  new SfnStateMachine(scope, "saga", { name: "saga", roleArn: "arn:aws:iam::123456789012:role/r", definition: "{}", type: "EXPRESS", loggingConfiguration: logging, tracingConfiguration: { enabled: tracing } });

describe("MDL-SFN-1 state machine logging and tracing", () => {
  it("accepts logging ALL with execution data to a log group ARN with \":*\", and tracing", () => {
    expect(findingsOf(stateMachineObservability, machine({ level: "ALL", includeExecutionData: true, logDestination: LOGS }))).toEqual([]);
  });

  it("accepts a reference to a log group of the stack, with \":*\"", () => {
    const findings = findingsOf(stateMachineObservability, (scope) => {
      const group = new CloudwatchLogGroup(scope, "logs", { name: "/aws/vendedlogs/states/saga" });
      machine({ level: "ALL", includeExecutionData: true, logDestination: `${group.arn}:*` })(scope);
    });
    expect(findings).toEqual([]);
  });

  it.each([
    ["no logging", undefined, true, "has no log_destination"],
    ["a log group ARN without \":*\"", { level: "ALL", includeExecutionData: true, logDestination: LOGS.slice(0, -2) }, true, 'ending in ":*"'],
    ["a destination that is not a log group", { level: "ALL", includeExecutionData: true, logDestination: "arn:aws:s3:::logs-bucket:*" }, true, "is not a CloudWatch log group ARN"],
    ["errors only", { level: "ERROR", includeExecutionData: true, logDestination: LOGS }, true, 'set level "ALL" and include_execution_data true'],
    ["no execution data", { level: "ALL", includeExecutionData: false, logDestination: LOGS }, true, "include_execution_data false"],
    ["no tracing", { level: "ALL", includeExecutionData: true, logDestination: LOGS }, false, "enable X-Ray tracing"],
  ])("flags %s", (_label, logging, tracing, message) => {
    expectOneFinding(findingsOf(stateMachineObservability, machine(logging, tracing)), stateMachineObservability, "stack/saga", message);
  });
});
