import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../config";
import { stateBackendNames } from "../config/naming";
import type { DeploymentMode } from "./deployment-mode";

/**
 * Points `stack` at its state: one key per stack and environment in the bootstrap bucket.
 * Locking uses both the DynamoDB table (for Terraform < 1.10 in other pipelines) and the S3
 * lock file that Terraform 1.11 prefers (DynamoDB locking is deprecated there); cdktf 0.21 has
 * no `useLockfile` prop, hence the override.
 */
export function configureStateBackend(stack: TerraformStack, stackName: string, config: EnvironmentConfig, mode: DeploymentMode): void {
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
