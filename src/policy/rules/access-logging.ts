import type { GuardrailRule } from "../rule";
import { attached, bucketCompanions } from "./helpers";

export const accessLogging: GuardrailRule = {
  id: "MDL-LOG-1",
  description: "Every S3 bucket writes server access logs and every VPC has a flow log.",
  checkov: ["CKV_AWS_18", "CKV2_AWS_11"],
  trivy: ["AVD-AWS-0089", "AVD-AWS-0178"],
  appliesTo: ["aws_s3_bucket", "aws_vpc"],
  evaluate: (resource, view) => {
    if (resource.type === "aws_vpc") {
      return attached(view, resource, "aws_flow_log", "vpc_id").length > 0
        ? undefined
        : "VPC traffic is not logged: add an aws_flow_log with vpc_id = this VPC's id (traffic_type \"ALL\" or \"REJECT\")";
    }
    // Being another bucket's target_bucket says nothing about who reads *this* bucket.
    return bucketCompanions(view, resource, "aws_s3_bucket_logging").length > 0
      ? undefined
      : "server access logging is off: add an aws_s3_bucket_logging with bucket = this bucket and target_bucket = the access-log bucket";
  },
};
