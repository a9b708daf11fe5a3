import type { GuardrailRule, SynthesizedResource } from "../rule";
import { bucketCompanions, pointsAt, tlsOnlyProblem } from "./helpers";

// A statement guards this bucket only if its Resource covers it: a copied policy naming another
// bucket's ARNs protects nothing here.
const coversBucket = (bucket: SynthesizedResource) => {
  const arn = `arn:aws:s3:::${String(bucket.config.bucket)}`;
  return (r: string): boolean => r === "*" || pointsAt(r, bucket) || r === arn || r.startsWith(`${arn}/`);
};

const FIX =
  'add a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket ARN, bucket ARN + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }';

export const s3TlsOnly: GuardrailRule = {
  id: "MDL-S3-2",
  description: "Every S3 bucket has a bucket policy that denies all requests not made over TLS.",
  // checkov runs CKV_AWS_379 only for buckets with a public ACL; trivy has no such check.
  checkov: ["CKV_AWS_379"],
  trivy: [],
  appliesTo: ["aws_s3_bucket"],
  evaluate: (bucket, view) =>
    tlsOnlyProblem(bucketCompanions(view, bucket, "aws_s3_bucket_policy"), {
      type: "aws_s3_bucket_policy",
      attachment: "bucket = this bucket",
      service: "s3",
      covers: coversBucket(bucket),
      fix: FIX,
    }),
};
