import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../config";
import { stateBackendNames } from "../config/naming";
import type { DeploymentMode } from "./deployment-mode";

/**
 * The oldest Terraform every stack accepts: 1.10 added the S3 backend's `use_lockfile`, which
 * the stacks turn on. Equal to terraform-backend.tf's required_version (a test keeps them equal).
 */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.10.0";

/**
 * Points `stack` at its state: one key per stack and environment in the bootstrap bucket.
 * Locking uses both the DynamoDB table the design asks for and the S3 lock file that Terraform
 * 1.11 prefers: it warns that `dynamodb_table` is deprecated, and a run takes both locks, so
 * pipelines on either lock mechanism exclude each other while they migrate (README, "State
 * locking"). cdktf 0.21 has no `useLockfile` prop, hence the override.
 */
export function configureStateBackend(stack: TerraformStack, stackName: string, config: EnvironmentConfig, mode: DeploymentMode): void {
  // An older Terraform would ignore use_lockfile (or refuse it) and fail in a way less clear than this.
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
  if (mode.backend === "local") {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
    return;
  }
  const names = stateBackendNames(config);
  new S3Backend(stack, {
    bucket: names.bucket,
    key: `${config.project}/${config.environment}/${stackName}.tfstate`,
    region: config.region,
    // encrypt without a key id makes the backend send SSE-S3 (AES256) on every state, digest and
    // lock write, which the state bucket's policy denies (aws:kms only): name the bootstrap's key.
    encrypt: true,
    kmsKeyId: names.keyAliasArn,
    dynamodbTable: names.lockTable,
  });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}
