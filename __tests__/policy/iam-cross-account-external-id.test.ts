import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { iamCrossAccountExternalId, policyDocument, type PolicyStatement } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const OWN = "111111111111";
const VENDOR = "222222222222";
const WITH_EXTERNAL_ID = { StringEquals: { "sts:ExternalId": "vendor-7f3a" } };

/** A role at "stack/role" trusting `principal`; the provider declares OWN, or no allowed_account_ids for null. */
function trusting(principal: PolicyStatement["Principal"], condition?: PolicyStatement["Condition"], ownAccounts: string[] | null = [OWN]) {
  return (scope: Construct) => {
    new AwsProvider(scope, "aws", { region: "us-east-1", allowedAccountIds: ownAccounts ?? undefined });
    const statement: PolicyStatement = { Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", Condition: condition };
    new IamRole(scope, "role", { assumeRolePolicy: policyDocument([statement]) });
  };
}

describe("MDL-IAM-2 ExternalId on cross-account trust", () => {
  it.each([
    ["a cross-account root with sts:ExternalId", { AWS: `arn:aws:iam::${VENDOR}:root` }, WITH_EXTERNAL_ID],
    ["the own account (bare id) without one", { AWS: OWN }, undefined],
    ["an own-account role ARN without one", { AWS: `arn:aws:iam::${OWN}:role/ops` }, undefined],
    ["a service principal", { Service: "lambda.amazonaws.com" }, undefined],
  ])("accepts a trust policy for %s", (_label, principal, condition) => {
    // Prepare + Act
    const findings = findingsOf(iamCrossAccountExternalId, trusting(principal, condition));

    // Assess
    expect(findings).toEqual([]);
  });

  it.each([
    ["a cross-account root ARN", { AWS: `arn:aws:iam::${VENDOR}:root` }, `arn:aws:iam::${VENDOR}:root`],
    ["a bare cross-account id among own ones", { AWS: [OWN, VENDOR] }, VENDOR],
    ["a cross-account role ARN", { AWS: `arn:aws:iam::${VENDOR}:role/loader` }, `arn:aws:iam::${VENDOR}:role/loader`],
    ['the "*" principal', "*" as const, "*"],
    ['the {"AWS": "*"} principal', { AWS: "*" }, "*"],
  ])("flags %s without sts:ExternalId", (_label, principal, named) => {
    // Prepare + Act
    const findings = findingsOf(iamCrossAccountExternalId, trusting(principal));

    // Assess
    expectOneFinding(findings, iamCrossAccountExternalId, "stack/role", `lets ${named} assume this role without an external id`);
    expect(findings[0].message).toContain('"sts:ExternalId"');
  });

  it("treats even the own account as foreign when the provider has no allowed_account_ids", () => {
    // Prepare + Act
    const findings = findingsOf(iamCrossAccountExternalId, trusting({ AWS: OWN }, undefined, null));

    // Assess
    expectOneFinding(findings, iamCrossAccountExternalId, "stack/role", "allowed_account_ids");
  });

  it("reads allowed_account_ids of the aliased provider the role is created with", () => {
    // Prepare + Act
    const findings = findingsOf(iamCrossAccountExternalId, (scope) => {
      new AwsProvider(scope, "aws", { region: "us-east-1", allowedAccountIds: [OWN] });
      const vendorSide = new AwsProvider(scope, "vendor", { alias: "vendor", region: "us-east-1", allowedAccountIds: [VENDOR] });
      const trust = policyDocument([{ Effect: "Allow", Principal: { AWS: VENDOR }, Action: "sts:AssumeRole" }]);
      new IamRole(scope, "vendor-role", { provider: vendorSide, assumeRolePolicy: trust });
      new IamRole(scope, "role", { assumeRolePolicy: trust });
    });

    // Assess
    expect(findings.map((f) => f.path)).toEqual(["stack/role"]);
  });

  it("counts a principal built from aws_caller_identity as the own account", () => {
    // Prepare + Act
    const findings = findingsOf(iamCrossAccountExternalId, (scope) => {
      const me = new DataAwsCallerIdentity(scope, "me", {});
      trusting({ AWS: `arn:aws:iam::${me.accountId}:root` }, undefined, null)(scope);
    });

    // Assess
    expect(findings).toEqual([]);
  });
});
