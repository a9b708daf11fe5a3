import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LakeKey } from "../../src/constructs/lake-key";
import { ALL_RULES, evaluateGuardrails, formatFinding } from "../../src/policy";
import { marketEventSagaDefinition } from "../../src/constructs/saga-definition";
import { SagaStateMachine, SFN_LOG_DELIVERY_ACTIONS, type SagaStateMachineProps } from "../../src/constructs/saga-state-machine";
import { stateMachineTaskTargets } from "../../src/constructs/state-machine-tasks";
import { policyIn, refTo, resourceAt, resourcesOf, statement, synthScope, type SynthesizedJson } from "../support/synth";

const ACCOUNT = "123456789012";
const fn = (step: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:mdl-dev-use1-market-events-saga-${step}`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:mdl-dev-use1-alerts`;
const NAME = "mdl-dev-use1-market-events-saga";
const ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${NAME}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/${NAME}-execution`;
const STARTER = `arn:aws:iam::${ACCOUNT}:role/mdl-dev-use1-market-events-saga-target`;
const RETRY = { intervalSeconds: 1, backoffRate: 2, maxAttempts: 3, maxDelaySeconds: 8 };

const sagaDefinition = () =>
  marketEventSagaDefinition(
    { validateFunctionArn: fn("validate"), enrichFunctionArn: fn("enrich"), storeFunctionArn: fn("store"), compensateFunctionArn: fn("compensate"), eventBusName: "mdl-dev-use1-market-events", eventSource: "market-data.saga", alertTopicArn: TOPIC },
    RETRY,
  );

function synthMachine(extra: Partial<SagaStateMachineProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const key = new LakeKey(scope, "platform", { aliasName: "alias/p", description: "p", accountId: ACCOUNT, region: "us-east-1", allowCloudWatchLogs: true });
    new SagaStateMachine(scope, "saga", {
      stateMachineName: NAME,
      definition: sagaDefinition(),
      type: "EXPRESS",
      region: "us-east-1",
      accountId: ACCOUNT,
      encryptionKey: key,
      logRetentionDays: 30,
      executionStarterRoleArns: [STARTER],
      alarmActions: [TOPIC],
      ...extra,
    });
  });
}

describe("SagaStateMachine", () => {
  const json = synthMachine();
  const machine = resourceAt(json, "aws_sfn_state_machine", "saga/state-machine");
  const keyArn = refTo(json, "aws_kms_key", "platform/key", "arn");
  const dataContext = { "kms:EncryptionContext:aws:states:stateMachineArn": ARN };
  const logsContext = { "kms:EncryptionContext:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` };

  it("deploys the definition as the chosen type, logging ALL with execution data to its log group (\":*\"), traced and CMK-encrypted", () => {
    expect(machine).toMatchObject({
      name: NAME,
      type: "EXPRESS",
      role_arn: refTo(json, "aws_iam_role", "saga/role/role", "arn"),
      logging_configuration: { level: "ALL", include_execution_data: true, log_destination: `${refTo(json, "aws_cloudwatch_log_group", "saga/logs/log-group", "arn")}:*` },
      tracing_configuration: { enabled: true },
      encryption_configuration: { type: "CUSTOMER_MANAGED_KMS_KEY", kms_key_id: keyArn, kms_data_key_reuse_period_seconds: 300 },
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\.saga_role_permissions_/)],
    });
    expect(JSON.parse(machine.definition)).toEqual(sagaDefinition());
    expect(resourceAt(json, "aws_cloudwatch_log_group", "saga/logs/log-group")).toEqual({ name: `/aws/vendedlogs/states/${NAME}`, kms_key_id: keyArn, retention_in_days: 30 });
  });

  it("takes the STANDARD type and a data key reuse period", () => {
    expect(resourceAt(synthMachine({ type: "STANDARD", kmsDataKeyReusePeriodSeconds: 900 }), "aws_sfn_state_machine", "saga/state-machine")).toMatchObject({ type: "STANDARD", encryption_configuration: { kms_data_key_reuse_period_seconds: 900 } });
  });

  it("reads the functions, the bus and the topic from the definition's Task states", () => {
    expect(stateMachineTaskTargets(sagaDefinition(), "saga", "us-east-1", ACCOUNT)).toEqual({
      functionArns: [fn("validate"), fn("enrich"), fn("store"), fn("compensate")],
      eventBusArns: [`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/mdl-dev-use1-market-events`],
      topicArns: [TOPIC],
    });
  });

  it("trusts Step Functions for this state machine only", () => {
    expect(policyIn(resourceAt(json, "aws_iam_role", "saga/role/role"), "assume_role_policy").Statement).toEqual([
      { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "states.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": ARN } } },
    ]);
  });

  it("grants exactly the task functions, the bus, the topic, its key, X-Ray and log delivery", () => {
    const doc = policyIn(resourceAt(json, "aws_iam_role_policy", "saga/role/permissions"));
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["InvokeTaskFunctions", "PublishEvents", "PublishAlerts", "StateMachineData", "LogDeliveryData", "Tracing", "LogDelivery"]);
    expect(statement(doc, "InvokeTaskFunctions")).toMatchObject({ Action: "lambda:InvokeFunction", Resource: ["validate", "enrich", "store", "compensate"].flatMap((s) => [fn(s), `${fn(s)}:*`]) });
    expect(statement(doc, "PublishEvents")).toMatchObject({ Action: "events:PutEvents", Resource: [`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/mdl-dev-use1-market-events`] });
    expect(statement(doc, "PublishAlerts")).toMatchObject({ Action: "sns:Publish", Resource: [TOPIC] });
    expect(statement(doc, "StateMachineData")).toMatchObject({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn, Condition: { StringEquals: dataContext } });
    expect(statement(doc, "LogDeliveryData")).toMatchObject({ Action: "kms:GenerateDataKey", Resource: keyArn, Condition: { StringEquals: logsContext } });
    expect(statement(doc, "Tracing")).toMatchObject({ Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], Resource: "*" });
    expect(statement(doc, "LogDelivery")).toMatchObject({ Action: [...SFN_LOG_DELIVERY_ACTIONS], Resource: "*" });
    // Named actions only: nothing here is a wildcard action on "*".
    for (const s of doc.Statement) expect([s.Action].flat().some((a) => a === "*" || a.endsWith(":*"))).toBe(false);
  });

  it("appends extra statements", () => {
    const extra = { Sid: "TopicKey", Effect: "Allow" as const, Action: "kms:GenerateDataKey", Resource: "arn:aws:kms:us-east-1:123456789012:key/*" };
    const doc = policyIn(resourceAt(synthMachine({ statements: [extra] }), "aws_iam_role_policy", "saga/role/permissions"));
    expect(statement(doc, "TopicKey")).toEqual(extra);
  });

  it("lets the role, log delivery and the starters use the key for this state machine only", () => {
    const doc = policyIn(resourceAt(json, "aws_kms_key", "platform/key"));
    const root = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
    expect(statement(doc, "SfnMdlDevUse1MarketEventsSagaExecutionRole")).toEqual({ Sid: "SfnMdlDevUse1MarketEventsSagaExecutionRole", Effect: "Allow", Principal: root, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", Condition: { StringEquals: { "aws:PrincipalArn": ROLE, ...dataContext } } });
    expect(statement(doc, "SfnMdlDevUse1MarketEventsSagaLogDataKey")).toMatchObject({ Principal: root, Action: "kms:GenerateDataKey", Condition: { StringEquals: { "aws:PrincipalArn": ROLE, ...logsContext } } });
    expect(statement(doc, "SfnMdlDevUse1MarketEventsSagaLogDelivery")).toMatchObject({ Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "kms:Decrypt", Condition: { StringEquals: logsContext } });
    expect(statement(doc, "SfnMdlDevUse1MarketEventsSagaExecutionStarters")).toMatchObject({ Principal: root, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Condition: { StringEquals: { "aws:PrincipalArn": [STARTER], ...dataContext } } });
  });

  it("adds no starter statement without starters, and hands starters what their own policy needs", () => {
    const doc = policyIn(resourceAt(synthMachine({ executionStarterRoleArns: undefined }), "aws_kms_key", "platform/key"));
    expect(doc.Statement.map((s) => s.Sid)).not.toContain("SfnMdlDevUse1MarketEventsSagaExecutionStarters");
    let starts: ReturnType<SagaStateMachine["startExecutionStatements"]> = [];
    synthScope((scope) => {
      const key = new LakeKey(scope, "k", { aliasName: "alias/k", description: "k", accountId: ACCOUNT, region: "us-east-1" });
      starts = new SagaStateMachine(scope, "saga", { stateMachineName: NAME, definition: sagaDefinition(), type: "EXPRESS", region: "us-east-1", accountId: ACCOUNT, encryptionKey: key, logRetentionDays: 30, alarmActions: [TOPIC] }).startExecutionStatements();
    });
    expect(starts).toEqual([
      { Sid: "StartSaga", Effect: "Allow", Action: "states:StartExecution", Resource: ARN },
      { Sid: "SagaInputKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: expect.any(String), Condition: { StringEquals: dataContext } },
    ]);
  });

  it("alarms on failed, timed-out and throttled executions by the state machine's ARN", () => {
    const alarms = Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a]));
    const expected = { namespace: "AWS/States", dimensions: { StateMachineArn: ARN }, statistic: "Sum", threshold: 0, period: 300, treat_missing_data: "notBreaching", alarm_actions: [TOPIC] };
    expect(alarms[`${NAME}-failed`]).toMatchObject({ ...expected, metric_name: "ExecutionsFailed" });
    expect(alarms[`${NAME}-timed-out`]).toMatchObject({ ...expected, metric_name: "ExecutionsTimedOut" });
    expect(alarms[`${NAME}-throttled`]).toMatchObject({ ...expected, metric_name: "ExecutionThrottled" });
    for (const alarm of Object.values(alarms) as Array<Record<string, any>>) expect(alarm.alarm_description).toContain("#market-event-saga-failing");
  });

  const task = (over: Record<string, unknown>) => ({ StartAt: "T", States: { T: { Type: "Task", End: true, ...over } } });
  it.each([
    [{ stateMachineName: "saga with spaces" }, /stateMachineName "saga with spaces" must be 1-80 letters, digits, "-" or "_"/],
    [{ stateMachineName: "x".repeat(60) }, /is too long for its role .*IAM allows 64 characters, so use at most 54/],
    [{ type: "SYNC" as never }, /type "SYNC" is not a workflow type; use "EXPRESS" or "STANDARD"/],
    [{ kmsDataKeyReusePeriodSeconds: 30 }, /kmsDataKeyReusePeriodSeconds 30 is out of range; use a whole number from 60 to 900/],
    [{ alarmActions: [] }, /alarmActions is empty/],
    [{ definition: { StartAt: "A" } }, /the definition has no States object/],
    [{ definition: task({ Resource: "arn:aws:states:::lambda:invoke", Parameters: { "FunctionName.$": "$.fn" } }) }, /Task state "T" chooses FunctionName at run time; write it into the definition/],
    [{ definition: task({ Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "{% $states.input.fn %}" } }) }, /Task state "T" chooses FunctionName at run time/],
    [{ definition: task({ Resource: "arn:aws:states:::dynamodb:putItem", Parameters: { TableName: "t" } }) }, /Task state "T" uses arn:aws:states:::dynamodb:putItem; its permissions can be derived only for lambda:invoke, events:putEvents, sns:publish/],
    [{ definition: task({ Resource: "arn:aws:states:::sns:publish", Parameters: { TargetArn: TOPIC } }) }, /Task state "T" has TopicArn undefined; give the topic's ARN/],
    [{ definition: task({ Resource: "arn:aws:states:::events:putEvents", Parameters: { "Entries.$": "$.entries" } }) }, /Task state "T" builds Entries at run time/],
  ])("refuses %p", (extra, message) => {
    expect(() => synthMachine(extra as Partial<SagaStateMachineProps>)).toThrow(message);
  });

  it("reads tasks inside Parallel branches and Map processors, bare function names and the default bus", () => {
    const definition = {
      StartAt: "P",
      States: {
        P: { Type: "Parallel", End: true, Branches: [{ StartAt: "A", States: { A: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", Parameters: { FunctionName: "enrich" }, End: true } } }] },
        M: { Type: "Map", End: true, ItemProcessor: { StartAt: "B", States: { B: { Type: "Task", Resource: "arn:aws:states:::events:putEvents", Parameters: { Entries: [{ Source: "s", DetailType: "d", Detail: {} }] }, End: true } } } },
      },
    };
    expect(stateMachineTaskTargets(definition, "saga", "eu-west-1", ACCOUNT)).toEqual({
      functionArns: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:enrich`],
      eventBusArns: [`arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`],
      topicArns: [],
    });
  });

  it("grants a function given by reference (a token resolved at synth) and its versions", () => {
    const out = synthScope((scope) => {
      const key = new LakeKey(scope, "platform", { aliasName: "alias/p", description: "p", accountId: ACCOUNT, region: "us-east-1", allowCloudWatchLogs: true });
      const step = new LambdaFunction(scope, "step", { functionName: "step", role: ROLE });
      const definition = { StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: step.arn, "Payload.$": "$" }, End: true } } };
      new SagaStateMachine(scope, "saga", { stateMachineName: NAME, definition, type: "EXPRESS", region: "us-east-1", accountId: ACCOUNT, encryptionKey: key, logRetentionDays: 30, alarmActions: [TOPIC] });
    });
    const stepArn = "${aws_lambda_function.step.arn}";
    expect(statement(policyIn(resourceAt(out, "aws_iam_role_policy", "saga/role/permissions")), "InvokeTaskFunctions").Resource).toEqual([stepArn, `${stepArn}:*`]);
    expect(JSON.parse(resourceAt(out, "aws_sfn_state_machine", "saga/state-machine").definition).States.T.Parameters.FunctionName).toBe(stepArn);
  });

  it("keeps every guardrail of the pack (MDL-IAM-1, MDL-OPS-1, MDL-ENC-1 and the rest) without a suppression", () => {
    expect(evaluateGuardrails(json, ALL_RULES).map(formatFinding)).toEqual([]);
  });
});
