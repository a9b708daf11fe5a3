import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HandlerBundle } from "../../src/bundling/handler-bundle";
import { LakeKey } from "../../src/constructs/lake-key";
import { LAMBDA_NODE_RUNTIME, ObservedFunction, type ObservedFunctionProps } from "../../src/constructs/observed-function";
import { policyIn, refTo, resourceAt, resourcesOf, statement, synthScope, type SynthesizedJson } from "../support/synth";

function fakeBundle(): HandlerBundle {
  const dir = mkdtempSync(join(tmpdir(), "bundle-"));
  const zipPath = join(dir, "fn.zip");
  writeFileSync(zipPath, "not really a zip");
  return { name: "fn", zipPath, sha256Base64: "q1w2e3r4t5y6u7i8o9p0+/asdfghjklzxcvbnm1234=", zipBytes: 16, codeBytes: 16 };
}

function synthFunction(extra: Partial<ObservedFunctionProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const key = new LakeKey(scope, "platform", { aliasName: "alias/p", description: "p", accountId: "123456789012", region: "us-east-1", allowCloudWatchLogs: true });
    new ObservedFunction(scope, "validate", {
      functionName: "mdl-dev-use1-validate-raw",
      description: "validates",
      bundle: fakeBundle(),
      memoryMb: 2048,
      timeoutSeconds: 900,
      reservedConcurrency: 4,
      encryptionKey: key,
      logRetentionDays: 30,
      vpc: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-1"] },
      deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:dlq",
      alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
      environment: { LINEAGE_TABLE: "lineage" },
      statements: [{ Sid: "ReadInput", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::raw/dataset=*" }],
      ...extra,
    });
  });
}

describe("ObservedFunction", () => {
  const json = synthFunction();
  const fn = resourceAt(json, "aws_lambda_function", "validate/function");
  const keyArn = refTo(json, "aws_kms_key", "platform/key", "arn");

  it("runs a supported Node.js runtime on arm64 with the configured size, concurrency and code hash", () => {
    expect(fn).toMatchObject({
      function_name: "mdl-dev-use1-validate-raw",
      runtime: LAMBDA_NODE_RUNTIME,
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 2048,
      timeout: 900,
      reserved_concurrent_executions: 4,
      source_code_hash: "q1w2e3r4t5y6u7i8o9p0+/asdfghjklzxcvbnm1234=",
      filename: expect.stringMatching(/^assets\/.+\/fn\.zip$/),
    });
  });

  it("traces, encrypts its environment, runs in the VPC, has a DLQ and logs JSON to its own encrypted group", () => {
    expect(fn).toMatchObject({
      tracing_config: { mode: "Active" },
      kms_key_arn: keyArn,
      environment: { variables: { LINEAGE_TABLE: "lineage", NODE_OPTIONS: "--enable-source-maps" } },
      vpc_config: { subnet_ids: ["subnet-a", "subnet-b"], security_group_ids: ["sg-1"] },
      dead_letter_config: { target_arn: "arn:aws:sqs:us-east-1:123456789012:dlq" },
      logging_config: { log_format: "JSON", log_group: refTo(json, "aws_cloudwatch_log_group", "validate/logs/log-group", "name") },
    });
    expect(resourceAt(json, "aws_cloudwatch_log_group", "validate/logs/log-group")).toEqual({ name: "/aws/lambda/mdl-dev-use1-validate-raw", kms_key_id: keyArn, retention_in_days: 30 });
  });

  it("gives its role only its own log group, tracing, ENIs, its key, its DLQ and the given statements", () => {
    const role = resourceAt(json, "aws_iam_role", "validate/role/role");
    // Exactly the service principal: a condition Lambda does not send would fail CreateFunction.
    expect(policyIn(role, "assume_role_policy").Statement).toEqual([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    const doc = policyIn(resourceAt(json, "aws_iam_role_policy", "validate/role/permissions"));
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["WriteOwnLogs", "Tracing", "VpcNetworkInterfaces", "DecryptEnvironment", "DeadLetters", "ReadInput"]);
    expect(statement(doc, "WriteOwnLogs").Resource).toBe(`${refTo(json, "aws_cloudwatch_log_group", "validate/logs/log-group", "arn")}:*`);
    expect(statement(doc, "DecryptEnvironment")).toMatchObject({ Action: ["kms:Decrypt"], Resource: keyArn });
    expect(statement(doc, "VpcNetworkInterfaces")).toEqual({
      Sid: "VpcNetworkInterfaces",
      Effect: "Allow",
      Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
      Resource: "*",
    });
    expect(fn.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.validate_role_permissions_/)]);
  });

  it("alarms on errors, throttles and p99 duration above 80% of the timeout", () => {
    const alarms = Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a]));
    expect(alarms["mdl-dev-use1-validate-raw-errors"]).toMatchObject({ namespace: "AWS/Lambda", metric_name: "Errors", statistic: "Sum", threshold: 0 });
    expect(alarms["mdl-dev-use1-validate-raw-throttles"]).toMatchObject({ metric_name: "Throttles", threshold: 0 });
    expect(alarms["mdl-dev-use1-validate-raw-duration-p99"]).toMatchObject({ metric_name: "Duration", extended_statistic: "p99", threshold: 720000 });
    expect(alarms["mdl-dev-use1-validate-raw-duration-p99"].statistic).toBeUndefined();
  });

  it.each([
    [{ memoryMb: 64 }, /memoryMb 64 is out of range; use 128-10240/],
    [{ timeoutSeconds: 901 }, /timeoutSeconds 901 is out of range; use 1-900/],
    [{ reservedConcurrency: 0 }, /reservedConcurrency 0 is out of range/],
  ])("refuses %p", (extra, message) => {
    expect(() => synthFunction(extra)).toThrow(message);
  });
});
