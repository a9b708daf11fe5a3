import { asList } from "../policy-document";
import type { GuardrailRule } from "../rule";
import { notLiteralPolicy, statementsOf } from "./helpers";

const ACCOUNT_ROOT = /^arn:aws:iam::\d{12}:root$/;

export const eventBusPolicy: GuardrailRule = {
  id: "MDL-EVT-1",
  description: "An EventBridge bus policy allows only named accounts, never everyone, and only PutEvents.",
  checkov: [],
  trivy: [],
  appliesTo: ["aws_cloudwatch_event_bus_policy", "aws_cloudwatch_event_permission"],
  evaluate: ({ type, config }) => {
    if (type === "aws_cloudwatch_event_permission") {
      if (config.principal === "*") return 'principal is "*": name the partner account id instead (an organization condition is not enough here)';
      return undefined;
    }
    const statements = statementsOf(config.policy);
    if (statements === undefined) return notLiteralPolicy("policy");
    for (const [index, s] of statements.entries()) {
      if (s.Effect !== "Allow") continue;
      const name = s.Sid ?? `#${index}`;
      const principal = s.Principal as unknown;
      const accounts = typeof principal === "object" && principal !== null ? asList((principal as { AWS?: string | string[] }).AWS) : [];
      if (principal === "*" || accounts.length === 0 || accounts.some((a) => !ACCOUNT_ROOT.test(a) && !/^\d{12}$/.test(a))) {
        return `policy statement ${name} allows ${JSON.stringify(principal)}: allow only named accounts ({"AWS": "arn:aws:iam::<account>:root"})`;
      }
      const actions = asList(s.Action);
      if (actions.some((a) => a !== "events:PutEvents")) return `policy statement ${name} allows ${JSON.stringify(s.Action)}: a partner needs only events:PutEvents`;
    }
    return undefined;
  },
};
