import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { GlueJob } from "@cdktf/provider-aws/lib/glue-job";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";
import { alarmedResources } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const alarm = (scope: Construct, id: string, namespace: string, dimensions: Record<string, string>) =>
  new CloudwatchMetricAlarm(scope, id, { alarmName: id, namespace, metricName: "M", dimensions, statistic: "Sum", period: 60, evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold" });

describe("MDL-OPS-1 every function, queue, stream, delivery stream and job has an alarm", () => {
  it("accepts resources named by an alarm's dimensions, literally or by reference, or by a metric query", () => {
    // Prepare + Act
    const findings = findingsOf(alarmedResources, (scope) => {
      const fn = new LambdaFunction(scope, "fn", { functionName: "validate", role: "arn:aws:iam::1:role/r" });
      const queue = new SqsQueue(scope, "queue", { name: "work" });
      new KinesisStream(scope, "stream", { name: "ticks" });
      new GlueJob(scope, "job", { name: "etl", roleArn: "arn:aws:iam::1:role/r", command: { scriptLocation: "s3://b/k" } });
      alarm(scope, "fn-errors", "AWS/Lambda", { FunctionName: fn.functionName });
      alarm(scope, "queue-age", "AWS/SQS", { QueueName: queue.name });
      alarm(scope, "job-failed", "Glue", { JobName: "etl", JobRunId: "ALL", Type: "count" });
      new CloudwatchMetricAlarm(scope, "ticks-band", {
        alarmName: "ticks-band",
        comparisonOperator: "GreaterThanUpperThreshold",
        evaluationPeriods: 1,
        thresholdMetricId: "band",
        metricQuery: [
          { id: "m", returnData: true, metric: { namespace: "AWS/Kinesis", metricName: "IncomingRecords", dimensions: { StreamName: "ticks" }, period: 300, stat: "Sum" } },
          { id: "band", returnData: true, expression: "ANOMALY_DETECTION_BAND(m, 2)" },
        ],
      });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a queue no alarm names, even when an alarm names another queue", () => {
    // Prepare + Act
    const findings = findingsOf(alarmedResources, (scope) => {
      new SqsQueue(scope, "dlq", { name: "work-dlq" });
      alarm(scope, "queue-age", "AWS/SQS", { QueueName: "work" });
    });

    // Assess
    expectOneFinding(findings, alarmedResources, "stack/dlq", "nobody learns when it fails");
  });

  it("flags a function whose only alarm names another dimension value", () => {
    const findings = findingsOf(alarmedResources, (scope) => {
      new LambdaFunction(scope, "fn", { functionName: "validate", role: "arn:aws:iam::1:role/r" });
      alarm(scope, "other", "AWS/Lambda", { FunctionName: "validate-v2" });
    });

    expectOneFinding(findings, alarmedResources, "stack/fn", "function_name");
  });
});

describe("MDL-OPS-1 on state machines", () => {
  const machine = (scope: Construct) => new SfnStateMachine(scope, "saga", { name: "saga", roleArn: "arn:aws:iam::123456789012:role/r", definition: "{}" });

  it("accepts a state machine an alarm names by the ARN built from its name, or by its arn", () => {
    expect(findingsOf(alarmedResources, (scope) => {
      machine(scope);
      alarm(scope, "failed", "AWS/States", { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:saga" });
    })).toEqual([]);
    expect(findingsOf(alarmedResources, (scope) => alarm(scope, "failed", "AWS/States", { StateMachineArn: machine(scope).arn }))).toEqual([]);
  });

  it("flags a state machine whose only alarm names another one", () => {
    const findings = findingsOf(alarmedResources, (scope) => {
      machine(scope);
      alarm(scope, "failed", "AWS/States", { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:saga-v2" });
    });
    expectOneFinding(findings, alarmedResources, "stack/saga", "its ARN in StateMachineArn");
  });
});

describe("MDL-OPS-1 on HTTP API stages", () => {
  const stage = (scope: Construct, name = "$default") => {
    const api = new Apigatewayv2Api(scope, "api", { name: "events", protocolType: "HTTP" });
    new Apigatewayv2Stage(scope, "stage", { apiId: api.id, name });
    return api;
  };

  it("accepts a stage named by an alarm's ApiId and Stage, directly or in a metric query", () => {
    expect(findingsOf(alarmedResources, (scope) => {
      const api = stage(scope);
      alarm(scope, "latency", "AWS/ApiGateway", { ApiId: api.id, Stage: "$default" });
    })).toEqual([]);
    expect(findingsOf(alarmedResources, (scope) => {
      const api = stage(scope);
      new CloudwatchMetricAlarm(scope, "rate", {
        alarmName: "rate",
        comparisonOperator: "GreaterThanThreshold",
        evaluationPeriods: 1,
        threshold: 0.01,
        metricQuery: [
          { id: "errors", metric: { namespace: "AWS/ApiGateway", metricName: "5xx", dimensions: { ApiId: api.id, Stage: "$default" }, period: 300, stat: "Sum" } },
          { id: "rate", expression: "errors", returnData: true },
        ],
      });
    })).toEqual([]);
  });

  it.each([
    ["another stage of the API", (api: Apigatewayv2Api) => ({ ApiId: api.id, Stage: "v2" })],
    ["the API without a stage", (api: Apigatewayv2Api) => ({ ApiId: api.id })],
  ])("flags a stage whose only alarm names %s", (_label, dimensions) => {
    const findings = findingsOf(alarmedResources, (scope) => alarm(scope, "errors", "AWS/ApiGateway", dimensions(stage(scope))));
    expectOneFinding(findings, alarmedResources, "stack/stage", "its api_id in ApiId and its name in Stage");
  });
});
