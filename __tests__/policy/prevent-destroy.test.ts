import type { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { TerraformResourceLifecycle } from "cdktf";
import { preventDestroy } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

type Build = (scope: Construct, lifecycle?: TerraformResourceLifecycle) => unknown;

const STATEFUL: Array<[string, Build]> = [
  ["aws_s3_bucket", (scope, lifecycle) => new S3Bucket(scope, "state", { lifecycle })],
  ["aws_dynamodb_table", (scope, lifecycle) => new DynamodbTable(scope, "state", { name: "t", hashKey: "pk", attribute: [{ name: "pk", type: "S" }], lifecycle })],
  ["aws_kms_key", (scope, lifecycle) => new KmsKey(scope, "state", { enableKeyRotation: true, lifecycle })],
  ["aws_kinesis_stream", (scope, lifecycle) => new KinesisStream(scope, "state", { name: "s", lifecycle })],
];

describe("MDL-STATE-1 prevent destroy", () => {
  it.each(STATEFUL)("accepts %s with lifecycle.prevent_destroy = true", (_type, build) => {
    // Prepare + Act
    const findings = findingsOf(preventDestroy, (scope) => build(scope, { preventDestroy: true }));

    // Assess
    expect(findings).toEqual([]);
  });

  it.each(STATEFUL)("flags %s without prevent_destroy", (_type, build) => {
    // Prepare + Act
    const findings = findingsOf(preventDestroy, (scope) => build(scope, { createBeforeDestroy: true }));

    // Assess
    expectOneFinding(findings, preventDestroy, "stack/state", "lifecycle.prevent_destroy = true");
  });
});
