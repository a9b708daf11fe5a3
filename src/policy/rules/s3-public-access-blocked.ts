import type { GuardrailRule } from "../rule";
import { bucketCompanions } from "./helpers";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const s3PublicAccessBlocked: GuardrailRule = {
  id: "MDL-S3-1",
  description: "Every S3 bucket has an aws_s3_bucket_public_access_block with all four flags true.",
  checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
  trivy: ["AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"],
  appliesTo: ["aws_s3_bucket"],
  evaluate: (bucket, view) => {
    const accessBlocks = bucketCompanions(view, bucket, "aws_s3_bucket_public_access_block");
    const open = accessBlocks.map((b) => FLAGS.filter((flag) => b.config[flag] !== true));
    if (open.some((flags) => flags.length === 0)) return undefined;
    const fix = (open[0] ?? FLAGS).map((flag) => `${flag} = true`).join(", ");
    return accessBlocks.length === 0
      ? `public access is not blocked: add an aws_s3_bucket_public_access_block with bucket = this bucket and ${fix}`
      : `the aws_s3_bucket_public_access_block leaves public access open: set ${fix}`;
  },
};
