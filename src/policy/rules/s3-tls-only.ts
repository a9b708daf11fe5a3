import { asList } from "../policy-document";
import type { GuardrailRule, SynthesizedResource } from "../rule";
import { bucketCompanions, conditionValues, notLiteralPolicy, pointsAt, principalsOf, statementsOf, type Statement } from "./helpers";

// A statement guards this bucket only if its Resource covers it: a copied policy naming another
// bucket's ARNs protects nothing here.
const coversBucket = (s: Statement, bucket: SynthesizedResource): boolean => {
  const arn = `arn:aws:s3:::${String(bucket.config.bucket)}`;
  return asList(s.Resource).some((r) => r === "*" || pointsAt(r, bucket) || r === arn || r.startsWith(`${arn}/`));
};

// Only a Deny for everyone on every S3 action closes plain HTTP for all callers; a narrower
// statement (one principal, only s3:GetObject) leaves other requests allowed over HTTP.
const deniesPlainHttp = (s: Statement, bucket: SynthesizedResource): boolean =>
  s.Effect === "Deny" &&
  coversBucket(s, bucket) &&
  asList(s.Action).some((a) => a === "*" || a.toLowerCase() === "s3:*") &&
  principalsOf(s, "AWS").includes("*") &&
  conditionValues(s, "Bool", "aws:SecureTransport").some((v) => String(v).toLowerCase() === "false");

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
    if (parsed.some((statements) => statements?.some((s) => deniesPlainHttp(s, bucket)))) return undefined;
    if (parsed.some((statements) => statements === undefined)) return notLiteralPolicy("aws_s3_bucket_policy.policy");
    return `the aws_s3_bucket_policy does not deny plain-HTTP requests: in its policy ${FIX}`;
  },
};
