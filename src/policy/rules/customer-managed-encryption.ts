import type { GuardrailRule, StackView, SynthesizedResource } from "../rule";
import { blocks, bucketCompanions, customerKeyProblem } from "./helpers";

type Check = (resource: SynthesizedResource, view: StackView) => string | undefined;

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

const s3Bucket: Check = (bucket, view) => {
  const defaults = bucketCompanions(view, bucket, "aws_s3_bucket_server_side_encryption_configuration")
    .flatMap((c) => blocks(c.config.rule))
    .flatMap((rule) => blocks(rule.apply_server_side_encryption_by_default));
  if (defaults.length === 0) {
    return 'no default encryption with a customer-managed key: add an aws_s3_bucket_server_side_encryption_configuration with bucket = this bucket and rule.apply_server_side_encryption_by_default { sse_algorithm = "aws:kms", kms_master_key_id = <customer-managed key ARN> }';
  }
  const problems = defaults.map((d) =>
    KMS_ALGORITHMS.includes(d.sse_algorithm as string)
      ? customerKeyProblem(d.kms_master_key_id, "rule.apply_server_side_encryption_by_default.kms_master_key_id")
      : `rule.apply_server_side_encryption_by_default.sse_algorithm is "${d.sse_algorithm}": set sse_algorithm = "aws:kms" and kms_master_key_id to the ARN of a customer-managed aws_kms_key`,
  );
  return problems.includes(undefined) ? undefined : problems[0];
};

const dynamodbTable: Check = ({ config }) => {
  const sse = blocks(config.server_side_encryption).find((b) => b.enabled === true);
  // enabled = false still encrypts, but with a key owned by DynamoDB that no key policy governs.
  return sse === undefined
    ? "server_side_encryption is not enabled, so DynamoDB uses its own key: set server_side_encryption { enabled = true, kms_key_arn = <customer-managed key ARN> }"
    : customerKeyProblem(sse.kms_key_arn, "server_side_encryption.kms_key_arn");
};

const kinesisStream: Check = ({ config }) =>
  config.encryption_type === "KMS"
    ? customerKeyProblem(config.kms_key_id, "kms_key_id")
    : `encryption_type is ${config.encryption_type ?? "not set (NONE)"}: set encryption_type = "KMS" and kms_key_id to the ARN of a customer-managed aws_kms_key`;

const lambdaFunction: Check = ({ config }) =>
  // Without environment variables there is nothing for kms_key_arn to encrypt.
  blocks(config.environment).length === 0 ? undefined : customerKeyProblem(config.kms_key_arn, "kms_key_arn");

const stateMachine: Check = ({ config }) => {
  const [encryption] = blocks(config.encryption_configuration);
  // Without a customer-managed key Step Functions encrypts the definition and every execution's
  // data with an AWS owned key, which no key policy of this account governs.
  if (encryption?.type !== "CUSTOMER_MANAGED_KMS_KEY") {
    return `encryption_configuration.type is ${JSON.stringify(encryption?.type ?? "AWS_OWNED_KEY")}: set encryption_configuration { type = "CUSTOMER_MANAGED_KMS_KEY", kms_key_id = <customer-managed key ARN> }`;
  }
  return customerKeyProblem(encryption.kms_key_id, "encryption_configuration.kms_key_id");
};

const CHECKS: Readonly<Record<string, Check>> = {
  aws_s3_bucket: s3Bucket,
  aws_sqs_queue: ({ config }) => customerKeyProblem(config.kms_master_key_id, "kms_master_key_id"),
  aws_sns_topic: ({ config }) => customerKeyProblem(config.kms_master_key_id, "kms_master_key_id"),
  aws_dynamodb_table: dynamodbTable,
  aws_cloudwatch_log_group: ({ config }) => customerKeyProblem(config.kms_key_id, "kms_key_id"),
  aws_kinesis_stream: kinesisStream,
  aws_lambda_function: lambdaFunction,
  aws_sfn_state_machine: stateMachine,
};

export const customerManagedEncryption: GuardrailRule = {
  id: "MDL-ENC-1",
  description: "Data at rest is encrypted with customer-managed KMS keys, never AWS-managed or service-owned ones.",
  checkov: [
    "CKV_AWS_19", "CKV_AWS_145", // S3
    "CKV_AWS_27", "CKV2_AWS_73", // SQS
    "CKV_AWS_26", // SNS
    "CKV_AWS_119", // DynamoDB
    "CKV_AWS_158", // CloudWatch Logs
    "CKV_AWS_43", "CKV_AWS_185", // Kinesis
    "CKV_AWS_173", // Lambda environment
  ],
  trivy: [
    "AVD-AWS-0088", "AVD-AWS-0132", // S3
    "AVD-AWS-0096", "AVD-AWS-0135", // SQS
    "AVD-AWS-0095", "AVD-AWS-0136", // SNS
    "AVD-AWS-0025", // DynamoDB
    "AVD-AWS-0017", // CloudWatch Logs
    "AVD-AWS-0064", // Kinesis
  ],
  appliesTo: Object.keys(CHECKS),
  evaluate: (resource, view) => CHECKS[resource.type]?.(resource, view),
};
