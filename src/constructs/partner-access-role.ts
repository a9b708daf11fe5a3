import { Construct } from "constructs";
import type { ExternalAccountConfig } from "../config";
import { statementIdPart } from "../config/naming";
import type { PolicyStatement } from "../policy/policy-document";
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

  constructor(scope: Construct, id: string, props: PartnerAccessRoleProps) {
    super(scope, id);
    const { partner, access, bucket, bucketKey, region } = props;
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
          StringEquals: { "sts:ExternalId": partner.externalId },
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
}
