import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable, type DynamodbTableServerSideEncryption } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { SfnStateMachine, type SfnStateMachineEncryptionConfiguration } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { customerManagedEncryption } from "../../src/policy";
import { cmk, expectOneFinding, findingsOf } from "./support";

/** Builds the resource under test at "stack/subject", given a key reference (or an alias, or nothing). */
type Build = (scope: Construct, key: string | undefined) => void;

const s3: Build = (scope, key) => {
  const bucket = new S3Bucket(scope, "subject", {});
  new S3BucketServerSideEncryptionConfigurationA(scope, "sse", {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key } }],
  });
};
const table = (sse: DynamodbTableServerSideEncryption): Build => (scope) =>
  new DynamodbTable(scope, "subject", { name: "t", hashKey: "pk", attribute: [{ name: "pk", type: "S" }], serverSideEncryption: sse });
const lambda: Build = (scope, key) =>
  new LambdaFunction(scope, "subject", { functionName: "f", role: "arn:aws:iam::111111111111:role/f", environment: { variables: { STAGE: "dev" } }, kmsKeyArn: key });

// [type, build, AWS-managed alias, attribute the message must name]
const CASES: Array<[string, Build, string, string]> = [
  ["aws_s3_bucket", s3, "alias/aws/s3", "kms_master_key_id"],
  ["aws_sqs_queue", (scope, key) => new SqsQueue(scope, "subject", { kmsMasterKeyId: key }), "alias/aws/sqs", "kms_master_key_id"],
  ["aws_sns_topic", (scope, key) => new SnsTopic(scope, "subject", { kmsMasterKeyId: key }), "alias/aws/sns", "kms_master_key_id"],
  ["aws_dynamodb_table", (scope, key) => table({ enabled: true, kmsKeyArn: key })(scope, key), "alias/aws/dynamodb", "server_side_encryption.kms_key_arn"],
  ["aws_cloudwatch_log_group", (scope, key) => new CloudwatchLogGroup(scope, "subject", { kmsKeyId: key }), "alias/aws/logs", "kms_key_id"],
  ["aws_kinesis_stream", (scope, key) => new KinesisStream(scope, "subject", { name: "s", encryptionType: "KMS", kmsKeyId: key }), "alias/aws/kinesis", "kms_key_id"],
  ["aws_lambda_function", lambda, "arn:aws:kms:us-east-1:111111111111:alias/aws/lambda", "kms_key_arn"],
];

describe("MDL-ENC-1 customer-managed-key encryption at rest", () => {
  it.each(CASES)("accepts %s encrypted with a customer-managed key", (_type, build) => {
    // Prepare + Act
    const findings = findingsOf(customerManagedEncryption, (scope) => build(scope, cmk(scope).arn));

    // Assess
    expect(findings).toEqual([]);
  });

  it.each(CASES)("flags %s using the AWS-managed key", (_type, build, alias, attribute) => {
    // Prepare + Act
    const findings = findingsOf(customerManagedEncryption, (scope) => build(scope, alias));

    // Assess
    expectOneFinding(findings, customerManagedEncryption, "stack/subject", `${attribute} is the AWS-managed key "${alias}"`);
  });

  it.each(CASES)("flags %s without a key", (_type, build, _alias, attribute) => {
    // Prepare + Act
    const findings = findingsOf(customerManagedEncryption, (scope) => build(scope, undefined));

    // Assess
    expectOneFinding(findings, customerManagedEncryption, "stack/subject", `${attribute} is not set`);
  });

  it("flags a bucket with no encryption configuration or with SSE-S3, naming sse_algorithm", () => {
    // Prepare + Act
    const findings = findingsOf(customerManagedEncryption, (scope) => {
      new S3Bucket(scope, "plain", {});
      const sseS3 = new S3Bucket(scope, "sse-s3", {});
      new S3BucketServerSideEncryptionConfigurationA(scope, "sse", { bucket: sseS3.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    });

    // Assess
    expect(findings.map((f) => [f.path, f.message.split(":")[0]])).toEqual([
      ["stack/plain", "no default encryption with a customer-managed key"],
      ["stack/sse-s3", 'rule.apply_server_side_encryption_by_default.sse_algorithm is "AES256"'],
    ]);
  });

  it("flags a table with server_side_encryption disabled and a stream without encryption_type", () => {
    // Prepare + Act
    const findings = findingsOf(customerManagedEncryption, (scope) => {
      table({ enabled: false })(scope, undefined);
      new KinesisStream(scope, "stream", { name: "s" });
    });

    // Assess
    expect(findings.map((f) => [f.path, f.message.split(":")[0]])).toEqual([
      ["stack/subject", "server_side_encryption is not enabled, so DynamoDB uses its own key"],
      ["stack/stream", "encryption_type is not set (NONE)"],
    ]);
  });

  it("reads server_side_encryption whether synthesized as an object or, after an override, as a list", () => {
    // Prepare + Act
    const findings = findingsOf(customerManagedEncryption, (scope) => {
      const key = cmk(scope);
      const overridden = new DynamodbTable(scope, "subject", { name: "t", hashKey: "pk", attribute: [{ name: "pk", type: "S" }] });
      overridden.addOverride("server_side_encryption", [{ enabled: true, kms_key_arn: key.arn }]);
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("does not ask a key of a Lambda without environment variables", () => {
    // Prepare + Act
    const findings = findingsOf(customerManagedEncryption, (scope) =>
      new LambdaFunction(scope, "subject", { functionName: "f", role: "arn:aws:iam::111111111111:role/f" }),
    );

    // Assess
    expect(findings).toEqual([]);
  });

  describe("state machines", () => {
    const machine = (encryption?: SfnStateMachineEncryptionConfiguration) => (scope: Construct) =>
      new SfnStateMachine(scope, "subject", { name: "saga", roleArn: "arn:aws:iam::111111111111:role/r", definition: "{}", encryptionConfiguration: encryption });

    it("accepts a state machine encrypted with a customer-managed key", () => {
      expect(findingsOf(customerManagedEncryption, (scope) => machine({ type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: cmk(scope).arn, kmsDataKeyReusePeriodSeconds: 300 })(scope))).toEqual([]);
    });

    it.each([
      ["no encryption configuration (AWS owned key)", undefined, 'encryption_configuration.type is "AWS_OWNED_KEY"'],
      ["the AWS owned key", { type: "AWS_OWNED_KEY" }, 'set encryption_configuration { type = "CUSTOMER_MANAGED_KMS_KEY"'],
      ["a customer-managed type without a key", { type: "CUSTOMER_MANAGED_KMS_KEY" }, "encryption_configuration.kms_key_id is not set"],
    ])("flags %s", (_label, encryption, message) => {
      expectOneFinding(findingsOf(customerManagedEncryption, machine(encryption)), customerManagedEncryption, "stack/subject", message);
    });
  });
});
