import type { Construct } from "constructs";
import { Fn } from "cdktf";
import { IamGroupPolicy } from "@cdktf/provider-aws/lib/iam-group-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { iamNoWildcardAdmin, policyDocument } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const LAMBDA_TRUST = policyDocument([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);

/** Places `policy` at "stack/subject" on each resource type the rule reads; [type, build, attribute]. */
const CARRIERS: Array<[string, (scope: Construct, policy: string) => void, string]> = [
  ["aws_iam_policy", (scope, policy) => new IamPolicy(scope, "subject", { policy }), "policy"],
  ["aws_iam_role_policy", (scope, policy) => new IamRolePolicy(scope, "subject", { role: "r", policy }), "policy"],
  ["aws_iam_role", (scope, policy) => new IamRole(scope, "subject", { assumeRolePolicy: LAMBDA_TRUST, inlinePolicy: [{ name: "inline", policy }] }), "inline_policy.policy"],
  ["aws_iam_user_policy", (scope, policy) => new IamUserPolicy(scope, "subject", { user: "u", policy }), "policy"],
  ["aws_iam_group_policy", (scope, policy) => new IamGroupPolicy(scope, "subject", { group: "g", policy }), "policy"],
];

describe("MDL-IAM-1 no wildcard admin", () => {
  it.each(CARRIERS)("accepts %s granting s3:* only on one bucket's objects", (_type, build) => {
    // Prepare + Act
    const findings = findingsOf(iamNoWildcardAdmin, (scope) => {
      const bucket = new S3Bucket(scope, "bucket", {});
      build(scope, policyDocument([{ Effect: "Allow", Action: "s3:*", Resource: `${bucket.arn}/*` }]));
    });

    // Assess
    expect(findings).toEqual([]);
  });

  it.each(CARRIERS)('flags %s allowing "*" on "*", naming the attribute', (_type, build, attribute) => {
    // Prepare + Act
    const findings = findingsOf(iamNoWildcardAdmin, (scope) => build(scope, policyDocument([{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }])));

    // Assess
    expectOneFinding(findings, iamNoWildcardAdmin, "stack/subject", `${attribute} statement Admin allows`);
  });

  it.each([
    ["a service wildcard", { Effect: "Allow", Action: ["s3:GetObject", "kms:*"], Resource: ["*"] }],
    ["NotAction", { Effect: "Allow", NotAction: "iam:*", Resource: "*" }],
    ["NotResource", { Effect: "Allow", Action: "dynamodb:*", NotResource: "arn:aws:dynamodb:*:*:table/audit" }],
  ])("flags Allow with %s on every resource", (_label, statement) => {
    // Prepare + Act
    const findings = findingsOf(iamNoWildcardAdmin, (scope) => new IamPolicy(scope, "subject", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }));

    // Assess
    expectOneFinding(findings, iamNoWildcardAdmin, "stack/subject", "Resource");
  });

  it("accepts a wildcard Deny and narrow actions on \"*\"", () => {
    // Prepare
    const policy = policyDocument([
      { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
      { Effect: "Allow", Action: ["cloudwatch:PutMetricData", "s3:Get*"], Resource: "*" },
    ]);

    // Act
    const findings = findingsOf(iamNoWildcardAdmin, (scope) => new IamPolicy(scope, "subject", { policy }));

    // Assess
    expect(findings).toEqual([]);
  });

  it("says so when a policy is not literal JSON", () => {
    // Prepare + Act
    const findings = findingsOf(iamNoWildcardAdmin, (scope) => new IamPolicy(scope, "subject", { policy: Fn.jsonencode({ Statement: [] }) }));

    // Assess
    expectOneFinding(findings, iamNoWildcardAdmin, "stack/subject", "policy is not literal JSON");
  });
});
