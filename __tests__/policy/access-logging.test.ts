import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { accessLogging } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

describe("MDL-LOG-1 access logging", () => {
  it("accepts a bucket that logs to a log bucket which logs too", () => {
    // Prepare + Act
    const findings = findingsOf(accessLogging, (scope) => {
      const logs = new S3Bucket(scope, "access-logs", {});
      const bucket = new S3Bucket(scope, "bucket", {});
      new S3BucketLoggingA(scope, "logging", { bucket: bucket.id, targetBucket: logs.id, targetPrefix: "raw/" });
      new S3BucketLoggingA(scope, "log-logging", { bucket: logs.id, targetBucket: bucket.id, targetPrefix: "logs/" });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a log bucket that is only a target_bucket, naming aws_s3_bucket_logging", () => {
    // Prepare + Act
    const findings = findingsOf(accessLogging, (scope) => {
      const logs = new S3Bucket(scope, "access-logs", {});
      const bucket = new S3Bucket(scope, "bucket", {});
      new S3BucketLoggingA(scope, "logging", { bucket: bucket.id, targetBucket: logs.id, targetPrefix: "raw/" });
    });

    // Assess
    expectOneFinding(findings, accessLogging, "stack/access-logs", "aws_s3_bucket_logging with bucket = this bucket");
  });

  it("accepts a VPC with a flow log", () => {
    // Prepare + Act
    const findings = findingsOf(accessLogging, (scope) => {
      const vpc = new Vpc(scope, "vpc", { cidrBlock: "10.0.0.0/16" });
      const group = new CloudwatchLogGroup(scope, "flow-logs", { name: "/mdl/flow", retentionInDays: 30 });
      new FlowLog(scope, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestination: group.arn, iamRoleArn: "arn:aws:iam::111111111111:role/flow" });
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a VPC without a flow log, naming aws_flow_log and vpc_id", () => {
    // Prepare + Act
    const findings = findingsOf(accessLogging, (scope) => new Vpc(scope, "vpc", { cidrBlock: "10.0.0.0/16" }));

    // Assess
    expectOneFinding(findings, accessLogging, "stack/vpc", "aws_flow_log with vpc_id");
  });
});
