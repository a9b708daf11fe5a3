import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, type KeyMetadata, type KMSClient } from "@aws-sdk/client-kms";
import { GetBucketEncryptionCommand, GetBucketVersioningCommand, type S3Client, type ServerSideEncryptionRule } from "@aws-sdk/client-s3";
import type { EnvironmentConfig } from "../../config";
import { stateBackendNames } from "../../config/naming";
import { call, fail, failedWith, pass, type CheckResult } from "./check";

/** What the bootstrap (terraform-backend.tf) must have made before the stacks' S3 backend can work. */
const RUN_BOOTSTRAP = (config: EnvironmentConfig) =>
  `Run the state backend bootstrap in account ${config.accountId}: terraform init && terraform apply -var region=${config.region} (terraform-backend.tf)`;

function aliasName(config: EnvironmentConfig): string {
  const { keyAliasArn } = stateBackendNames(config);
  return keyAliasArn.slice(keyAliasArn.indexOf(":alias/") + 1);
}

/**
 * The state key behind alias/<project>-tfstate. KMS DescribeKey accepts an alias ARN
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html) and answers
 * NotFoundException when the alias does not exist; `undefined` then.
 */
async function stateKey(config: EnvironmentConfig, kms: KMSClient): Promise<KeyMetadata | undefined> {
  try {
    return (await call("kms:DescribeKey", kms.send(new DescribeKeyCommand({ KeyId: stateBackendNames(config).keyAliasArn })))).KeyMetadata;
  } catch (error) {
    if (failedWith(error, "NotFoundException")) return undefined;
    throw error;
  }
}

/**
 * The alias exists and names an enabled customer managed key of the account (KeyMetadata.AWSAccountId)
 * with rotation on. GetKeyRotationStatus
 * takes a key id or key ARN, not an alias
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html). The
 * bootstrap's key policy lets the account's IAM policies allow kms:Describe* and kms:Get*; where
 * the preflight role may not ask for the rotation status, the row says so instead of failing.
 */
export async function checkStateKey(config: EnvironmentConfig, clients: { readonly kms: KMSClient }): Promise<CheckResult> {
  const name = "state key";
  const alias = aliasName(config);
  const key = await stateKey(config, clients.kms);
  if (!key) return fail(name, `${alias} does not exist in ${config.region}`, RUN_BOOTSTRAP(config));
  if (key.AWSAccountId !== config.accountId) return fail(name, `${alias} -> ${key.Arn} is a key of account ${key.AWSAccountId}, not ${config.accountId}`, RUN_BOOTSTRAP(config));
  if (key.KeyState !== "Enabled" || key.KeyManager !== "CUSTOMER") {
    return fail(name, `${alias} -> ${key.Arn} is ${key.KeyState}, managed by ${key.KeyManager}`, `Point ${alias} at the bootstrap's enabled customer managed key (re-apply terraform-backend.tf; cancel a scheduled deletion first)`);
  }
  let rotation: string;
  try {
    const status = await call("kms:GetKeyRotationStatus", clients.kms.send(new GetKeyRotationStatusCommand({ KeyId: key.Arn })));
    if (!status.KeyRotationEnabled) return fail(name, `${alias} -> ${key.Arn}: automatic rotation is off`, `Turn rotation on (aws kms enable-key-rotation --key-id ${key.KeyId}); the bootstrap sets enable_key_rotation = true`);
    rotation = "rotation on";
  } catch (error) {
    if (!failedWith(error, "AccessDeniedException")) throw error;
    rotation = "rotation not checked (the role may not call kms:GetKeyRotationStatus)";
  }
  return pass(name, `${alias} -> ${key.Arn}, enabled, customer managed, ${rotation}`);
}

/**
 * The state bucket exists in this account and encrypts by default with aws:kms and the bootstrap
 * key. GetBucketEncryption (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html)
 * returns ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault
 * {SSEAlgorithm, KMSMasterKeyID}; the key may be given there by key ARN, key id or alias.
 * ExpectedBucketOwner makes a bucket of that name owned by another account fail with 403.
 */
export async function checkStateBucket(config: EnvironmentConfig, clients: { readonly s3: S3Client; readonly kms: KMSClient }): Promise<CheckResult> {
  const name = "state bucket";
  const { bucket, keyAliasArn } = stateBackendNames(config);
  let rules: ServerSideEncryptionRule[] | undefined;
  try {
    rules = (await call("s3:GetEncryptionConfiguration", clients.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket, ExpectedBucketOwner: config.accountId })))).ServerSideEncryptionConfiguration?.Rules;
  } catch (error) {
    if (failedWith(error, "NoSuchBucket")) return fail(name, `${bucket} does not exist`, RUN_BOOTSTRAP(config));
    if (failedWith(error, "ServerSideEncryptionConfigurationNotFoundError")) rules = [];
    else throw error;
  }
  const byDefault = rules?.map((rule) => rule.ApplyServerSideEncryptionByDefault).find((d) => d !== undefined);
  const key = await stateKey(config, clients.kms);
  const bootstrapKey = new Set([keyAliasArn, aliasName(config), key?.Arn, key?.KeyId].filter((k): k is string => k !== undefined));
  const found = `${bucket}: default encryption ${byDefault?.SSEAlgorithm ?? "none"}${byDefault?.KMSMasterKeyID ? ` with ${byDefault.KMSMasterKeyID}` : ""}`;
  if (byDefault?.SSEAlgorithm === "aws:kms" && byDefault.KMSMasterKeyID !== undefined && bootstrapKey.has(byDefault.KMSMasterKeyID)) {
    return pass(name, `${found} (the bootstrap key)`);
  }
  return fail(
    name,
    `${found}; expected aws:kms with ${key?.Arn ?? `${aliasName(config)} (which does not exist)`}`,
    "Re-apply terraform-backend.tf: its aws_s3_bucket_server_side_encryption_configuration sets aws:kms with the state key, which the stacks' backend (kms_key_id) and bucket policy expect",
  );
}

/** Versioning is Enabled (GetBucketVersioning `Status`), so that a bad state write can be rolled back. */
export async function checkStateBucketVersioning(config: EnvironmentConfig, clients: { readonly s3: S3Client }): Promise<CheckResult> {
  const name = "state bucket versioning";
  const { bucket } = stateBackendNames(config);
  try {
    const { Status } = await call("s3:GetBucketVersioning", clients.s3.send(new GetBucketVersioningCommand({ Bucket: bucket, ExpectedBucketOwner: config.accountId })));
    if (Status === "Enabled") return pass(name, `${bucket}: versioning Enabled`);
    return fail(name, `${bucket}: versioning ${Status ?? "never enabled"}`, "Re-apply terraform-backend.tf (aws_s3_bucket_versioning.state); without versions a corrupted state cannot be restored");
  } catch (error) {
    if (failedWith(error, "NoSuchBucket")) return fail(name, `${bucket} does not exist`, RUN_BOOTSTRAP(config));
    throw error;
  }
}

/**
 * The lock table is the account's own (TableArn), ACTIVE, keyed as Terraform's S3 backend needs
 * (partition key LockID, a string) and encrypted with the state key. DescribeTable
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html) gives
 * TableStatus, KeySchema, AttributeDefinitions and SSEDescription {Status, SSEType, KMSMasterKeyArn}.
 */
export async function checkLockTable(config: EnvironmentConfig, clients: { readonly dynamodb: DynamoDBClient; readonly kms: KMSClient }): Promise<CheckResult> {
  const name = "lock table";
  const { lockTable } = stateBackendNames(config);
  let table;
  try {
    table = (await call("dynamodb:DescribeTable", clients.dynamodb.send(new DescribeTableCommand({ TableName: lockTable })))).Table;
  } catch (error) {
    if (failedWith(error, "ResourceNotFoundException")) return fail(name, `${lockTable} does not exist in ${config.region}`, RUN_BOOTSTRAP(config));
    throw error;
  }
  const hashKey = table?.KeySchema?.find((k) => k.KeyType === "HASH")?.AttributeName;
  const hashType = table?.AttributeDefinitions?.find((a) => a.AttributeName === hashKey)?.AttributeType;
  const sse = table?.SSEDescription;
  const key = await stateKey(config, clients.kms);
  const tableAccount = table?.TableArn?.split(":")[4];
  const problems = [
    tableAccount !== config.accountId && `a table of account ${tableAccount}, not ${config.accountId}`,
    table?.TableStatus !== "ACTIVE" && `status ${table?.TableStatus}`,
    (hashKey !== "LockID" || hashType !== "S") && `partition key ${hashKey} (${hashType}), not LockID (S)`,
    (sse?.Status !== "ENABLED" || sse.SSEType !== "KMS" || key === undefined || sse.KMSMasterKeyArn !== key.Arn) &&
      `encryption ${sse?.SSEType ?? "AWS owned key"}${sse?.KMSMasterKeyArn ? ` with ${sse.KMSMasterKeyArn}` : ""}, not the state key ${key?.Arn ?? "(missing)"}`,
  ].filter((p): p is string => typeof p === "string");
  if (problems.length === 0) return pass(name, `${lockTable}: ACTIVE, LockID (S), encrypted with the state key`);
  return fail(name, `${lockTable}: ${problems.join("; ")}`, "Re-apply terraform-backend.tf (aws_dynamodb_table.lock); a table in another shape cannot hold Terraform's locks");
}
