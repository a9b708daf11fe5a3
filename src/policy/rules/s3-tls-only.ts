import type { GuardrailRule, SynthesizedResource } from "../rule";
import { bucketCompanions, deniesPlainHttp, notLiteralPolicy, pointsAt, statementsOf } from "./helpers";

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
  evaluate: (bucket, view) => {
    const policies = bucketCompanions(view, bucket, "aws_s3_bucket_policy");
    if (policies.length === 0) return `no aws_s3_bucket_policy denies plain-HTTP requests: add an aws_s3_bucket_policy with bucket = this bucket and in its policy ${FIX}`;
    const parsed = policies.map((p) => statementsOf(p.config.policy));
    if (parsed.some((statements) => statements?.some((s) => deniesPlainHttp(s, "s3", coversBucket(bucket))))) return undefined;
    if (parsed.some((statements) => statements === undefined)) return notLiteralPolicy("aws_s3_bucket_policy.policy");
    return `the aws_s3_bucket_policy does not deny plain-HTTP requests: in its policy ${FIX}`;
  },
};
