import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA as S3BucketLogging } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketNotification, type S3BucketNotificationQueue } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { dependable, Lazy, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { lazyPolicy } from "./lazy-policy";
import { suppressGuardrails } from "../policy/guardrails";
import { denyInsecureTransport, type PolicyStatement } from "../policy/policy-document";
import type { LakeKey } from "./lake-key";

/** How objects are encrypted at rest. */
export type BucketEncryption =
  | { readonly kind: "kms"; readonly key: LakeKey }
  /** SSE-S3, only where AWS does not support SSE-KMS; the justification becomes a guardrail suppression. */
  | { readonly kind: "s3-managed"; readonly justification: string };

export interface SecureBucketProps {
  /** Globally unique bucket name (see `Naming.bucket`). */
  readonly bucketName: string;
  readonly encryption: BucketEncryption;
  /** Account that owns the bucket; scopes the log-delivery grant. */
  readonly accountId: string;
  /** Bucket receiving this bucket's server access logs. Required unless `receivesAccessLogs`. */
  readonly accessLogsTo?: SecureBucket;
  /** This bucket is the server access log destination (it cannot log to itself). @default false */
  readonly receivesAccessLogs?: boolean;
  /** Lifecycle rules (see bucket-lifecycle.ts). @default no lifecycle rules */
  readonly lifecycleRules?: S3BucketLifecycleConfigurationRule[];
  /** Send every object event to EventBridge (for rules and pipes of later stages). @default false */
  readonly eventBridgeNotifications?: boolean;
  /**
   * Keep Deny statements that carry a Condition (TLS-only, encryption headers). Only the local
   * AWS API server needs false: it enforces such statements as unconditional denies.
   * @default true
   */
  readonly enforceConditionalDenies?: boolean;
}

/**
 * An S3 bucket with the lake's secure defaults: versioning, default SSE-KMS with bucket keys,
 * every public access setting blocked, ACLs disabled, server access logging, a TLS-only policy
 * that also refuses uploads asking for another encryption, lifecycle rules, and protection
 * from `terraform destroy`.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  readonly name: string;
  readonly arn: string;
  private readonly statements: PolicyStatement[] = [];
  private readonly queueNotifications: Array<Record<string, unknown>> = [];
  private notifications?: S3BucketNotification;

  constructor(scope: Construct, id: string, private readonly props: SecureBucketProps) {
    super(scope, id);
    if (!props.accessLogsTo && !props.receivesAccessLogs) {
      throw new Error(`${this.node.path}: set accessLogsTo (the access-log bucket) or receivesAccessLogs: true; every bucket must be logged`);
    }
    if (props.accessLogsTo && props.receivesAccessLogs) {
      throw new Error(`${this.node.path}: a bucket receiving access logs must not ship its own logs (delivery would log itself); drop accessLogsTo`);
    }
    this.bucket = new S3Bucket(this, "bucket", { bucket: props.bucketName, forceDestroy: false, lifecycle: { preventDestroy: true } });
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;
    const bucket = this.bucket.id;

    const versioning = new S3BucketVersioning(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
      bucket,
      rule: [
        props.encryption.kind === "kms"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryption.key.arn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    if (props.accessLogsTo) {
      new S3BucketLogging(this, "access-logging", {
        bucket,
        targetBucket: props.accessLogsTo.bucket.id,
        targetPrefix: `${props.bucketName}/`,
        // S3 refuses a logging target whose policy does not yet let the log delivery service write.
        dependsOn: [props.accessLogsTo.policy],
      });
    }
    if (props.lifecycleRules?.length) {
      // Rules on non-current versions need versioning in place first.
      new S3BucketLifecycleConfiguration(this, "lifecycle", { bucket, rule: props.lifecycleRules, dependsOn: [versioning] });
    }
    if (props.eventBridgeNotifications) this.ensureNotifications();

    this.addBaseStatements(props);
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      policy: lazyPolicy(this.statements),
      // A policy applied before the public access block could briefly be evaluated without it.
      dependsOn: [publicAccessBlock],
    });
    this.suppressWhatDoesNotApply(props);
  }

  /** Adds a statement to the bucket policy (cross-account grants, service deliveries). */
  addToResourcePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }

  /**
   * Sends `s3:ObjectCreated:*` events for keys under `prefix` to an SQS queue. `queuePolicyReady`
   * must be the policy letting this bucket send, after it has propagated (`QueueWithDlq.sendersReady`):
   * S3 checks it the moment the notification is saved.
   */
  addObjectCreatedQueue(id: string, queueArn: string, prefix: string, queuePolicyReady: ITerraformDependable): void {
    // Lazy values skip the provider's camelCase mapping, so these are written in Terraform's names.
    this.queueNotifications.push({ id, queue_arn: queueArn, events: ["s3:ObjectCreated:*"], filter_prefix: prefix });
    const notifications = this.ensureNotifications();
    notifications.dependsOn = [...(notifications.dependsOn ?? []), dependable(queuePolicyReady)];
  }

  /** ARN pattern of objects under `prefix` (default: every object). */
  objectsArn(prefix = ""): string {
    return `${this.arn}/${prefix}*`;
  }

  /** S3 keeps one notification configuration per bucket, so every event target shares one resource. */
  private ensureNotifications(): S3BucketNotification {
    this.notifications ??= new S3BucketNotification(this, "notifications", {
      bucket: this.bucket.id,
      eventbridge: this.props.eventBridgeNotifications ?? false,
      queue: Lazy.anyValue({ produce: () => (this.queueNotifications.length ? this.queueNotifications : undefined) }) as unknown as S3BucketNotificationQueue[],
    });
    return this.notifications;
  }

  private addBaseStatements(props: SecureBucketProps): void {
    const objects = this.objectsArn();
    if (props.enforceConditionalDenies ?? true) {
      this.statements.push(denyInsecureTransport("s3:*", [this.arn, objects]));
      // Uploads without an encryption header get the default encryption; uploads that ask for a
      // different algorithm or another key are refused, so no object escapes the bucket's key.
      const algorithm = props.encryption.kind === "kms" ? "aws:kms" : "AES256";
      this.statements.push({
        Sid: "DenyOtherEncryptionAlgorithms",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objects,
        Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": algorithm }, Null: { "s3:x-amz-server-side-encryption": "false" } },
      });
      if (props.encryption.kind === "kms") {
        this.statements.push({
          Sid: "DenyOtherKmsKeys",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: objects,
          Condition: {
            StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": props.encryption.key.arn },
            Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
          },
        });
        // "aws:kms" without a key id is not the default encryption: S3 then uses the AWS-managed
        // aws/s3 key, and the object escapes the tier's key (and disabling it).
        this.statements.push({
          Sid: "DenyKmsWithoutKeyId",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: objects,
          Condition: {
            StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
          },
        });
      }
    }
    if (props.receivesAccessLogs) {
      this.statements.push({
        Sid: "AllowServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: objects,
        Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
      });
    }
  }

  private suppressWhatDoesNotApply(props: SecureBucketProps): void {
    if (props.encryption.kind === "s3-managed") {
      suppressGuardrails(this, [{ id: "MDL-ENC-1", reason: props.encryption.justification }]);
    }
    if (props.receivesAccessLogs) {
      suppressGuardrails(this, [{ id: "MDL-LOG-1", reason: "Server access log destination: logging it would log its own log deliveries; reads of it are audited by CloudTrail" }]);
    }
    if (props.enforceConditionalDenies === false) {
      suppressGuardrails(this, [{ id: "MDL-S3-2", reason: "Local AWS API server only: moto enforces conditioned Deny statements as unconditional denies (DESIGN.md)" }]);
    }
  }
}
