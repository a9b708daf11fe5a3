import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { lazyPolicy } from "./lazy-policy";
import type { PolicyStatement } from "../policy/policy-document";

/** AWS services that may use a key on behalf of a principal of the key's own account (kms:ViaService). */
export type KeyUsingService = "s3" | "sqs" | "sns" | "dynamodb" | "kinesis" | "firehose" | "glue" | "lambda";

/** Actions a service needs to encrypt and decrypt with a key; never key administration. */
export const KEY_USAGE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

/**
 * Explicit administration actions for the account root (which delegates to IAM). Listed instead
 * of "kms:*" so that no principal gets usage rights through the admin statement: using the key
 * always needs one of the scoped statements below. Not "kms:Create*": kms:CreateGrant would let
 * any principal allowed it by IAM grant itself (or another account) Decrypt, past every
 * ViaService condition; grants are allowed only for AWS resources (GRANTS_FOR_AWS_RESOURCES).
 */
const KEY_ADMIN_ACTIONS = [
  "kms:CreateAlias", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
  "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
  "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
];

export interface LakeKeyProps {
  /** Alias name, including the "alias/" prefix (see `Naming.kmsAlias`). */
  readonly aliasName: string;
  /** What the key protects, shown in the console and in CloudTrail. */
  readonly description: string;
  readonly accountId: string;
  readonly region: string;
  /** Services principals of this account may use the key through. @default [] */
  readonly usedVia?: readonly KeyUsingService[];
  /** Let CloudWatch Logs encrypt log groups of this account and region with the key. @default false */
  readonly allowCloudWatchLogs?: boolean;
  /** Let CloudWatch alarms publish to SNS topics encrypted with the key. @default false */
  readonly allowCloudWatchAlarms?: boolean;
  /** Let S3 event notifications deliver to SQS queues / SNS topics encrypted with the key. @default false */
  readonly allowS3Notifications?: boolean;
  /** Let EventBridge rules deliver to SQS queues / SNS topics encrypted with the key. @default false */
  readonly allowEventBridge?: boolean;
  /** Waiting period before a scheduled deletion completes (7-30). @default 30 */
  readonly deletionWindowInDays?: number;
}

/**
 * A customer-managed KMS key with yearly rotation, an alias and a least-privilege key policy.
 * Use is granted per service (kms:ViaService + kms:CallerAccount) or per service principal
 * (with aws:SourceAccount), never to "*".
 */
export class LakeKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly arn: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, private readonly props: LakeKeyProps) {
    super(scope, id);
    const deletionWindow = props.deletionWindowInDays ?? 30;
    if (!Number.isInteger(deletionWindow) || deletionWindow < 7 || deletionWindow > 30) {
      throw new Error(`${this.node.path}: deletionWindowInDays must be a whole number from 7 to 30, got ${deletionWindow}`);
    }
    if (!props.aliasName.startsWith("alias/") || props.aliasName.startsWith("alias/aws/")) {
      throw new Error(`${this.node.path}: aliasName must start with "alias/" and not "alias/aws/" (reserved for AWS managed keys), got "${props.aliasName}"`);
    }
    this.addBaseStatements();

    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: lazyPolicy(this.statements),
      lifecycle: { preventDestroy: true },
    });
    this.arn = this.key.arn;
    this.alias = new KmsAlias(this, "alias", { name: props.aliasName, targetKeyId: this.key.keyId });
  }

  /** Adds a statement to the key policy (for grants that belong to another construct). */
  addToKeyPolicy(statement: PolicyStatement): void {
    if (this.statements.some((s) => s.Sid !== undefined && s.Sid === statement.Sid)) {
      throw new Error(`${this.node.path}: key policy already has a statement with Sid "${statement.Sid}"`);
    }
    this.statements.push(statement);
  }

  /**
   * Lets `principalArns` (roles of this account used by partner accounts) decrypt, or also
   * encrypt, only through S3: the key cannot be used directly or through any other service.
   */
  grantThroughS3(sid: string, principalArns: readonly string[], access: "read" | "write"): void {
    if (principalArns.length === 0) return;
    this.addToKeyPolicy({
      Sid: sid,
      Effect: "Allow",
      Principal: { AWS: principalArns },
      Action: access === "read" ? ["kms:Decrypt", "kms:DescribeKey"] : ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${this.props.region}.amazonaws.com`, "kms:CallerAccount": this.props.accountId },
      },
    });
  }

  private addBaseStatements(): void {
    const { accountId, region } = this.props;
    const root = `arn:aws:iam::${accountId}:root`;
    // In a key policy "Resource": "*" means this key only.
    this.statements.push({ Sid: "KeyAdministration", Effect: "Allow", Principal: { AWS: root }, Action: KEY_ADMIN_ACTIONS, Resource: "*" });
    // Integrated services (DynamoDB tables, Lambda environments) create grants for the resources
    // they encrypt; nobody else may.
    this.statements.push({
      Sid: "GrantsForAwsResourcesOnly",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
    const services = [...new Set(this.props.usedVia ?? [])];
    if (services.length > 0) {
      this.statements.push({
        Sid: "UseThroughAwsServicesOfThisAccount",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: [...KEY_USAGE_ACTIONS],
        Resource: "*",
        Condition: {
          StringEquals: { "kms:CallerAccount": accountId, "kms:ViaService": services.map((s) => `${s}.${region}.amazonaws.com`) },
        },
      });
    }
    if (this.props.allowCloudWatchLogs) {
      this.statements.push({
        Sid: "CloudWatchLogsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:*` } },
      });
    }
    const publishers: Array<[boolean | undefined, string, string]> = [
      [this.props.allowCloudWatchAlarms, "CloudWatchAlarmsToEncryptedTopics", "cloudwatch.amazonaws.com"],
      [this.props.allowS3Notifications, "S3NotificationsToEncryptedQueues", "s3.amazonaws.com"],
      [this.props.allowEventBridge, "EventBridgeToEncryptedTargets", "events.amazonaws.com"],
    ];
    for (const [enabled, sid, service] of publishers) {
      if (!enabled) continue;
      this.statements.push({
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: service },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      });
    }
  }
}
