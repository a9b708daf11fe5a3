import { DefaultSecurityGroup, type DefaultSecurityGroupConfig } from "@cdktf/provider-aws/lib/default-security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { defaultSecurityGroupClosed } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

const vpcWithDefaultGroup = (rules?: Omit<DefaultSecurityGroupConfig, "vpcId">) =>
  findingsOf(defaultSecurityGroupClosed, (scope) => {
    const vpc = new Vpc(scope, "vpc", { cidrBlock: "10.0.0.0/16" });
    if (rules) new DefaultSecurityGroup(scope, "default-sg", { vpcId: vpc.id, ...rules });
  });

describe("MDL-VPC-1 default security group closed", () => {
  it.each([
    ["without rule blocks", {}],
    ["with empty ingress and egress", { ingress: [], egress: [] }],
  ])("accepts a managed default group %s", (_label, rules) => {
    // Prepare + Act
    const findings = vpcWithDefaultGroup(rules);

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a VPC whose default group is not managed, naming aws_default_security_group", () => {
    // Prepare + Act
    const findings = vpcWithDefaultGroup(undefined);

    // Assess
    expectOneFinding(findings, defaultSecurityGroupClosed, "stack/vpc", "add an aws_default_security_group with vpc_id");
  });

  it("flags a default group that keeps an egress rule", () => {
    // Prepare + Act
    const findings = vpcWithDefaultGroup({ egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] });

    // Assess
    expectOneFinding(findings, defaultSecurityGroupClosed, "stack/vpc", "remove its ingress and egress");
  });
});
