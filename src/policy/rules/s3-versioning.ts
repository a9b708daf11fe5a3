import type { GuardrailRule } from "../rule";
import { blocks, bucketCompanions } from "./helpers";

export const s3Versioning: GuardrailRule = {
  id: "MDL-S3-3",
  description: "Every S3 bucket has an aws_s3_bucket_versioning with status Enabled.",
  checkov: ["CKV_AWS_21"],
  trivy: ["AVD-AWS-0090"],
  appliesTo: ["aws_s3_bucket"],
  evaluate: (bucket, view) => {
    const enabled = bucketCompanions(view, bucket, "aws_s3_bucket_versioning").some((v) =>
      blocks(v.config.versioning_configuration).some((c) => c.status === "Enabled"),
    );
    return enabled
      ? undefined
      : 'versioning is not enabled: add an aws_s3_bucket_versioning with bucket = this bucket and versioning_configuration.status = "Enabled"';
  },
};
