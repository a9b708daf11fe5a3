/** One resource of every type the rule pack inspects, each configured the way the rules ask. */
import { Construct } from "constructs";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { policyDocument, suppressGuardrails } from "../../src/policy";
import { cmk, secureBucket } from "./support";

const KEEP = { preventDestroy: true };

/** Expects the default aws provider of `scope` to declare an allowed_account_ids other than 222222222222. */
export function compliantDataLake(scope: Construct): void {
  const key = cmk(scope);

  const accessLogs = secureBucket(scope, "access-logs", key);
  suppressGuardrails(accessLogs, [{ id: "MDL-LOG-1", reason: "the access-log bucket cannot log into itself without a loop" }]);
  secureBucket(scope, "raw", key, accessLogs);

  new DynamodbTable(scope, "lineage", {
    name: "lineage",
    hashKey: "pk",
    attribute: [{ name: "pk", type: "S" }],
    serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
    lifecycle: KEEP,
  });
  new KinesisStream(scope, "ticks", { name: "ticks", encryptionType: "KMS", kmsKeyId: key.arn, lifecycle: KEEP });
  const logs = new CloudwatchLogGroup(scope, "logs", { name: "/mdl/validate", retentionInDays: 30, kmsKeyId: key.arn });
  new SnsTopic(scope, "alerts", { kmsMasterKeyId: key.arn });

  const dlq = new SqsQueue(scope, "dlq", { kmsMasterKeyId: key.arn });
  const queue = new SqsQueue(scope, "queue", {
    kmsMasterKeyId: key.arn,
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
  });
  for (const [id, q] of [["queue-policy", queue], ["dlq-policy", dlq]] as const) {
    const tlsOnly = { Effect: "Deny" as const, Principal: "*" as const, Action: "sqs:*", Resource: q.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } };
    new SqsQueuePolicy(scope, id, { queueUrl: q.url, policy: policyDocument([tlsOnly]) });
  }
  const role = new IamRole(scope, "validate-role", {
    assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]),
    inlinePolicy: [{ name: "logs", policy: policyDocument([{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: `${logs.arn}:*` }]) }],
  });
  const handler = new LambdaFunction(scope, "validate", {
    functionName: "validate",
    role: role.arn,
    environment: { variables: { STAGE: "test" } },
    kmsKeyArn: key.arn,
  });
  new LambdaEventSourceMapping(scope, "validate-trigger", { eventSourceArn: queue.arn, functionName: handler.functionName });
  // MDL-OPS-1: every function, queue and stream has an alarm naming it.
  const watched = [
    ["validate-errors", "AWS/Lambda", "Errors", { FunctionName: handler.functionName }],
    ["queue-age", "AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: queue.name }],
    ["dlq-depth", "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: dlq.name }],
    ["ticks-throttled", "AWS/Kinesis", "WriteProvisionedThroughputExceeded", { StreamName: "ticks" }],
    ["lineage-throttled", "AWS/DynamoDB", "ThrottledRequests", { TableName: "lineage" }],
  ] as const;
  for (const [id, namespace, metricName, dimensions] of watched) {
    new CloudwatchMetricAlarm(scope, id, { alarmName: id, namespace, metricName, dimensions, statistic: "Maximum", period: 60, evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold" });
  }
  new IamRole(scope, "vendor-role", {
    assumeRolePolicy: policyDocument([
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "vendor-7f3a" } } },
    ]),
  });

  const network = new Construct(scope, "network");
  const vpc = new Vpc(network, "vpc", { cidrBlock: "10.0.0.0/16" });
  new DefaultSecurityGroup(network, "default-sg", { vpcId: vpc.id });
  new FlowLog(network, "flow-log", { vpcId: vpc.id, trafficType: "REJECT", logDestination: logs.arn, iamRoleArn: role.arn });
}

/** The market events shapes: an HTTP API stage, a state machine and a bus policy, each as the rules ask. */
export function compliantMarketEvents(scope: Construct): void {
  const key = cmk(scope, "events-key");
  const logs = new CloudwatchLogGroup(scope, "events-logs", { name: "/aws/vendedlogs/states/saga", retentionInDays: 30, kmsKeyId: key.arn });
  const api = new Apigatewayv2Api(scope, "events-api", { name: "events", protocolType: "HTTP" });
  new Apigatewayv2Stage(scope, "events-stage", { apiId: api.id, name: "$default", accessLogSettings: { destinationArn: logs.arn, format: '{"requestId":"$context.requestId","status":"$context.status"}' } });
  const machine = new SfnStateMachine(scope, "saga", {
    name: "saga",
    roleArn: "arn:aws:iam::111111111111:role/saga",
    definition: "{}",
    loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: `${logs.arn}:*` },
    tracingConfiguration: { enabled: true },
    encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: key.arn },
  });
  const watched = [
    ["api-5xx", "AWS/ApiGateway", "5xx", { ApiId: api.id, Stage: "$default" }],
    ["saga-failed", "AWS/States", "ExecutionsFailed", { StateMachineArn: machine.arn }],
  ] as const;
  for (const [id, namespace, metricName, dimensions] of watched) {
    new CloudwatchMetricAlarm(scope, id, { alarmName: id, namespace, metricName, dimensions, statistic: "Sum", period: 300, evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold" });
  }
  new CloudwatchEventBusPolicy(scope, "bus-policy", {
    eventBusName: "events",
    policy: policyDocument([{ Sid: "Partner", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "events:PutEvents", Resource: "arn:aws:events:us-east-1:111111111111:event-bus/events" }]),
  });
}
