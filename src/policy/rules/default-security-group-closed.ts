import type { GuardrailRule } from "../rule";
import { attached, blocks } from "./helpers";

export const defaultSecurityGroupClosed: GuardrailRule = {
  id: "MDL-VPC-1",
  description: "Every VPC manages its default security group with no ingress and no egress rules.",
  checkov: ["CKV2_AWS_12"],
  trivy: ["AVD-AWS-0173"],
  appliesTo: ["aws_vpc"],
  evaluate: (vpc, view) => {
    const groups = attached(view, vpc, "aws_default_security_group", "vpc_id");
    // An unmanaged default group keeps AWS's rules (all egress, ingress from itself), and
    // anything launched without a group lands in it.
    if (groups.length === 0) {
      return "the default security group keeps AWS's allow rules: add an aws_default_security_group with vpc_id = this VPC's id and no ingress or egress";
    }
    const open = groups.find((g) => blocks(g.config.ingress).length > 0 || blocks(g.config.egress).length > 0);
    return open === undefined
      ? undefined
      : `${open.address} has rules: remove its ingress and egress blocks (or set ingress = [] and egress = []) so the default group allows nothing`;
  },
};
