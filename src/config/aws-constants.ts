import type { InterfaceEndpointService } from "./environment-config";

/** Commercial AWS regions the lake may be deployed to (all offer every service it uses). */
export const SUPPORTED_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
  "sa-east-1",
] as const;

/** The only values CloudWatch Logs accepts for retention_in_days (0, never expire, is not allowed here). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** What STS accepts for sts:ExternalId. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * The VPC endpoint service each configured interface endpoint asks for, after
 * `com.amazonaws.<region>.`. Not always the API host's prefix: Firehose's API is
 * `firehose.<region>.amazonaws.com` (the value `kms:ViaService` sees), but its endpoint service is
 * `kinesis-firehose`; `com.amazonaws.<region>.firehose` does not exist and CreateVpcEndpoint
 * refuses it with InvalidServiceName. A test checks every name against DescribeVpcEndpointServices.
 */
export const INTERFACE_ENDPOINT_SERVICE_SUFFIXES = {
  sqs: "sqs",
  sns: "sns",
  "kinesis-streams": "kinesis-streams",
  firehose: "kinesis-firehose",
  glue: "glue",
  kms: "kms",
  logs: "logs",
  monitoring: "monitoring",
  xray: "xray",
  sts: "sts",
} as const satisfies Record<InterfaceEndpointService, string>;

/** `com.amazonaws.<region>.<endpoint service>` of a configured interface endpoint. */
export function interfaceEndpointServiceName(region: string, service: InterfaceEndpointService): string {
  return `com.amazonaws.${region}.${INTERFACE_ENDPOINT_SERVICE_SUFFIXES[service]}`;
}
