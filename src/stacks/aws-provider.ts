import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config";
import type { Naming } from "../config/naming";
import type { DeploymentMode } from "./deployment-mode";

/** Every service the stacks' resources use; in local mode each is pointed at the local server. */
const SERVICES = ["apigatewayv2", "athena", "cloudwatch", "logs", "dynamodb", "ec2", "events", "firehose", "glue", "iam", "kinesis", "kms", "lambda", "s3", "sfn", "sns", "sqs", "sts", "xray"] as const;

/** A second provider of the stack, for another region (its resources name it as `provider`). */
export interface ProviderAlias {
  /** Terraform alias, e.g. "secondary" (resources reference aws.secondary). */
  readonly alias: string;
  readonly region: string;
}

/**
 * The AWS provider of a lake stack: the environment's region, refusing any other account, with
 * the default tags. In local mode it talks to a local AWS API server with fake credentials
 * (settings measured against moto in DESIGN.md: path-style S3, account id requested because moto
 * answers one and Glue ARNs need it, a single retry so unsupported calls fail fast).
 */
export function addAwsProvider(scope: Construct, config: EnvironmentConfig, naming: Naming, mode: DeploymentMode, other?: ProviderAlias): AwsProvider {
  const id = other ? `aws-${other.alias}` : "aws";
  const base = {
    ...(other ? { alias: other.alias } : {}),
    region: other?.region ?? config.region,
    allowedAccountIds: [config.accountId],
    defaultTags: [{ tags: naming.defaultTags() }],
  };
  if (!mode.localAwsEndpoint) return new AwsProvider(scope, id, base);
  const endpoint = mode.localAwsEndpoint;
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(endpoint)) {
    throw new Error(`localAwsEndpoint "${endpoint}" must be a loopback URL such as http://127.0.0.1:5000; local mode never targets a remote endpoint`);
  }
  return new AwsProvider(scope, id, {
    ...base,
    accessKey: "test",
    secretKey: "test",
    skipCredentialsValidation: true,
    skipMetadataApiCheck: "true",
    skipRegionValidation: true,
    skipRequestingAccountId: false,
    s3UsePathStyle: true,
    maxRetries: 1,
    endpoints: [Object.fromEntries(SERVICES.map((s) => [s, endpoint]))],
  });
}
