import type { GuardrailRule } from "../rule";
import { blocks } from "./helpers";

export const preventDestroy: GuardrailRule = {
  id: "MDL-STATE-1",
  description: "Stateful resources (buckets, tables, keys, streams) carry lifecycle.prevent_destroy = true.",
  // Neither checkov nor trivy checks Terraform lifecycle meta-arguments on these types.
  checkov: [],
  trivy: [],
  appliesTo: ["aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key", "aws_kinesis_stream"],
  evaluate: ({ config }) =>
    blocks(config.lifecycle).some((l) => l.prevent_destroy === true)
      ? undefined
      : "a plan that replaces or removes this stateful resource would destroy its data: set lifecycle.prevent_destroy = true (cdktf: lifecycle: { preventDestroy: true })",
};
