import { Construct } from "constructs";
import type { ExternalAccountConfig } from "../config";
import { statementIdPart } from "../config/naming";
import type { PolicyStatement } from "../policy/policy-document";
import type { DataStream } from "./data-stream";
import type { LakeKey } from "./lake-key";
import { LeastPrivilegeRole } from "./least-privilege-role";
import type { SecureBucket } from "./secure-bucket";

/** Producers write new raw objects; consumers read the curated tier. Nothing else is offered. */
export type PartnerAccess = "producer" | "consumer";

export interface PartnerAccessRoleProps {
  readonly partner: ExternalAccountConfig;
  readonly access: PartnerAccess;
  /** Role name (see `Naming.iamRole`). */
  readonly roleName: string;
  /** The raw bucket for producers, the curated bucket for consumers. */
  readonly bucket: SecureBucket;
  /** The key of that bucket. */
  readonly bucketKey: LakeKey;
  readonly region: string;
  /**
   * Datasets a producer writes: it may put objects under `dataset=<d>/` of these only, so it can
   * neither touch another producer's datasets nor anything else the pipeline keeps in the bucket.
   * Required for producers; consumers read the whole curated tier.
   */
  readonly producerDatasets?: readonly string[];
}

const ACCESS = {
  producer: {
    objectActions: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
    // Multipart uploads with SSE-KMS need Decrypt to assemble the parts.
    keyActions: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
  },
  consumer: {
    objectActions: ["s3:GetObject", "s3:GetObjectVersion"],
    keyActions: ["kms:Decrypt"],
  },
} as const;

/**
 * A role in the lake account that one partner account assumes with its ExternalId. The same
 * least-privilege grant is written three times on purpose and kept equal: in the role's policy,
 * in the bucket policy and in the key policy (decrypt only through S3), so revoking the role
 * revokes everything and reviewers see every path to the data on the resource itself.
 */
export class PartnerAccessRole extends Construct {
  readonly role: LeastPrivilegeRole;
  readonly arn: string;
  private readonly access: PartnerAccess;

  constructor(scope: Construct, id: string, props: PartnerAccessRoleProps) {
    super(scope, id);
    const { partner, access, bucket, bucketKey, region } = props;
    this.access = access;
    const datasets = props.producerDatasets ?? [];
    if (access === "producer" && datasets.length === 0) {
      throw new Error(`${this.node.path}: producerDatasets is empty; a producer role must name the datasets it writes (dataset=<d>/ prefixes)`);
    }
    const objects = access === "producer" ? datasets.map((d) => bucket.objectsArn(`dataset=${d}/`)) : bucket.objectsArn();
    const grants = ACCESS[access];
    const objectStatement: PolicyStatement = { Sid: "Objects", Effect: "Allow", Action: [...grants.objectActions], Resource: objects };
    const statements: PolicyStatement[] = [
      objectStatement,
      {
        Sid: "KeyThroughS3Only",
        Effect: "Allow",
        Action: [...grants.keyActions],
        Resource: bucketKey.arn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
      },
    ];
    if (access === "consumer") {
      statements.push({ Sid: "ListCurated", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucket.arn });
    }

    this.role = new LeastPrivilegeRole(this, "role", {
      roleName: props.roleName,
      description: `${access === "producer" ? "Writes raw market data" : "Reads curated market data"} for partner account ${partner.name} (${partner.accountId})`,
      trust: {
        Principal: { AWS: `arn:aws:iam::${partner.accountId}:root` },
        // ExternalId stops a confused deputy: another customer of the partner cannot make it assume this role.
        // The named principals (when configured) narrow it to the partner's uploader roles; the
        // account stays the principal so that a partner recreating a role does not break the trust.
        Condition: {
          // During a rotation both the new and the previous id are accepted (StringEquals on a list: any of them).
          StringEquals: { "sts:ExternalId": partner.previousExternalId ? [partner.externalId, partner.previousExternalId] : partner.externalId },
          ...(partner.principalArns?.length ? { ArnLike: { "aws:PrincipalArn": [...partner.principalArns] } } : {}),
        },
      },
      statements,
    });
    this.arn = this.role.arn;

    const sid = `${access === "producer" ? "Producer" : "Consumer"}${statementIdPart(partner.name)}`;
    bucket.addToResourcePolicy({ ...objectStatement, Sid: sid, Principal: { AWS: this.arn } });
    if (access === "consumer") {
      bucket.addToResourcePolicy({ Sid: `${sid}List`, Effect: "Allow", Principal: { AWS: this.arn }, Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucket.arn });
    }
    bucketKey.grantThroughS3(sid, [this.arn], access === "producer" ? "write" : "read");
  }

  /**
   * Lets a producer write records to `stream` (PutRecord, PutRecords; GenerateDataKey on the
   * stream's key through Kinesis for this stream only). The stream's key policy already lets
   * principals of this account use it through Kinesis, so the role's policy is the whole grant.
   *
   * What this cannot do is keep a producer to its datasets. Kinesis authorizes PutRecord(s) on the
   * stream (its only condition keys are tags) and never sees the partition key or the data, and a
   * record carries no authenticated producer: consumers get data, partition key, sequence number
   * and arrival time, not the caller. So on one shared stream nothing downstream can tell that a
   * "bars" record came from a producer configured for trades only. What the pipeline does check is
   * what the record declares: Firehose partitions by its `dataset` and `trading_date`, the validator
   * rejects an unknown dataset, a date that disagrees with the timestamp and every record rule, and
   * the real-time function runs the same rules. If datasets must be enforced per producer, give each
   * producer its own stream (its role may write only that one, and the stream then names the producer).
   */
  grantStreamWrite(stream: DataStream): void {
    if (this.access !== "producer") throw new Error(`${this.node.path}: only producer roles write to the stream; this role is a ${this.access}`);
    stream.producerStatements("Stream").forEach((statement) => this.role.addToPolicy(statement));
  }
}
