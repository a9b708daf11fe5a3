import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { CloudwatchEventPermission, type CloudwatchEventPermissionConfig } from "@cdktf/provider-aws/lib/cloudwatch-event-permission";
import { eventBusPolicy, policyDocument, type PolicyStatement } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const BUS = "arn:aws:events:us-east-1:123456789012:event-bus/b";
const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({ Sid: "Partner", Effect: "Allow", Principal: principal, Action: "events:PutEvents", Resource: BUS, ...extra }) as unknown as PolicyStatement;
const busPolicy = (...statements: PolicyStatement[]) => (scope: any) => new CloudwatchEventBusPolicy(scope, "policy", { eventBusName: "b", policy: policyDocument(statements) });
const permission = (config: Partial<CloudwatchEventPermissionConfig>) => (scope: any) => new CloudwatchEventPermission(scope, "perm", { principal: "210987654321", statementId: "partner", ...config });

describe("MDL-EVT-1 event bus policy", () => {
  it.each([
    ["an account root", allow({ AWS: "arn:aws:iam::210987654321:root" })],
    ["an account id", allow({ AWS: "210987654321" })],
    ["a role of a named account, with a source condition", allow({ AWS: ["arn:aws:iam::210987654321:role/producer"] }, { Condition: { StringEquals: { "events:source": "partner.exchange-feed" } } })],
  ])("accepts PutEvents for %s", (_label, statement) => {
    expect(findingsOf(eventBusPolicy, busPolicy(statement))).toEqual([]);
  });

  it("ignores Deny statements, which only take away", () => {
    const deny = { Sid: "NoOne", Effect: "Deny", Principal: "*", Action: "events:*", Resource: BUS } as PolicyStatement;
    expect(findingsOf(eventBusPolicy, busPolicy(allow({ AWS: "arn:aws:iam::210987654321:root" }), deny))).toEqual([]);
  });

  it.each([
    ["everyone", allow("*"), 'allows "*"'],
    ["everyone within an organization", allow("*", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }), "(even with its condition)"],
    ["everyone as an AWS principal", allow({ AWS: "*" }), 'allows "*", which is not a named account'],
    ["any account's root", allow({ AWS: "arn:aws:iam::*:root" }), "which is not a named account"],
    ["a service principal", allow({ Service: "events.amazonaws.com" }), "allow only named accounts"],
    ["everyone but a NotPrincipal", { Sid: "Partner", Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "events:PutEvents", Resource: BUS } as unknown as PolicyStatement, "allows everyone but NotPrincipal"],
    ["more than PutEvents", allow({ AWS: "arn:aws:iam::210987654321:root" }, { Action: ["events:PutEvents", "events:PutRule"] }), "needs only events:PutEvents"],
    ["NotAction", allow({ AWS: "arn:aws:iam::210987654321:root" }, { Action: undefined, NotAction: "events:DeleteRule" }), "needs only events:PutEvents"],
  ])("flags a statement allowing %s", (_label, statement, message) => {
    expectOneFinding(findingsOf(eventBusPolicy, busPolicy(statement)), eventBusPolicy, "stack/policy", message);
  });

  it("flags a policy it cannot read", () => {
    expectOneFinding(findingsOf(eventBusPolicy, (scope) => new CloudwatchEventBusPolicy(scope, "policy", { policy: "${data.aws_iam_policy_document.bus.json}" })), eventBusPolicy, "stack/policy", "is not literal JSON");
  });

  it("accepts an event permission for a named account", () => {
    expect(findingsOf(eventBusPolicy, permission({}))).toEqual([]);
    expect(findingsOf(eventBusPolicy, permission({ action: "events:PutEvents" }))).toEqual([]);
  });

  it.each([
    ["every principal", { principal: "*" }, 'principal is "*"'],
    ["every principal of an organization", { principal: "*", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-abc123" } }, "an organization condition still names no account"],
    ["something that is not an account id", { principal: "arn:aws:iam::210987654321:root" }, "is not a 12-digit account id"],
  ])("flags an event permission for %s", (_label, config, message) => {
    expectOneFinding(findingsOf(eventBusPolicy, permission(config)), eventBusPolicy, "stack/perm", message);
  });
});
