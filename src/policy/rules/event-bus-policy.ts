import { asList } from "../policy-document";
import type { GuardrailRule, SynthesizedResource } from "../rule";
import { notLiteralPolicy, statementsOf, type Statement } from "./helpers";

/** A named account: its id, its root, or one of its roles or users, with no wildcard anywhere. */
const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
const NAMED = "allow only named accounts ({\"AWS\": \"arn:aws:iam::<account>:root\"}, one statement per partner)";

/** What is wrong with who an Allow statement lets in, if anything. */
function principalProblem(s: Statement & { NotPrincipal?: unknown }, name: string): string | undefined {
  if (s.NotPrincipal !== undefined) return `policy statement ${name} allows everyone but NotPrincipal: ${NAMED}`;
  const principal = s.Principal as unknown;
  // An organization or source condition narrows "*", but still names no one: any account that
  // joins the organization (or matches) gets in without a review of this policy.
  if (principal === "*") return `policy statement ${name} allows "*"${s.Condition ? " (even with its condition)" : ""}: ${NAMED}`;
  const kinds = typeof principal === "object" && principal !== null ? Object.keys(principal) : [];
  const accounts = asList((principal as { AWS?: string | string[] } | undefined)?.AWS);
  if (kinds.some((k) => k !== "AWS") || accounts.length === 0) return `policy statement ${name} allows ${JSON.stringify(principal)}: ${NAMED}`;
  const unnamed = accounts.find((a) => !ACCOUNT_ID.test(a) && !ACCOUNT_PRINCIPAL.test(a));
  if (unnamed !== undefined) return `policy statement ${name} allows ${JSON.stringify(unnamed)}, which is not a named account: ${NAMED}`;
  return undefined;
}

function busPolicyProblem({ config }: SynthesizedResource): string | undefined {
  const statements = statementsOf(config.policy);
  if (statements === undefined) return notLiteralPolicy("policy");
  for (const [index, s] of statements.entries()) {
    // A Deny only takes away.
    if (s.Effect !== "Allow") continue;
    const name = s.Sid ?? `#${index}`;
    const problem = principalProblem(s, name);
    if (problem) return problem;
    if (s.NotAction !== undefined || asList(s.Action).some((a) => a !== "events:PutEvents")) {
      return `policy statement ${name} allows ${JSON.stringify(s.NotAction !== undefined ? { NotAction: s.NotAction } : s.Action)}: a partner needs only events:PutEvents`;
    }
  }
  return undefined;
}

function permissionProblem({ config }: SynthesizedResource): string | undefined {
  const principal = config.principal;
  if (principal === "*") return `principal is "*"${config.condition ? " (an organization condition still names no account)" : ""}: set principal to the partner's 12-digit account id, one permission per partner`;
  if (typeof principal !== "string" || !ACCOUNT_ID.test(principal)) return `principal ${JSON.stringify(principal)} is not a 12-digit account id: name the partner's account`;
  if (config.action !== undefined && config.action !== "events:PutEvents") return `action ${JSON.stringify(config.action)}: a partner needs only events:PutEvents`;
  return undefined;
}

export const eventBusPolicy: GuardrailRule = {
  id: "MDL-EVT-1",
  description: "An EventBridge bus policy or permission allows only named accounts, never everyone (\"*\", with or without a condition), and only PutEvents.",
  // checkov and trivy have no check on EventBridge bus policies.
  checkov: [],
  trivy: [],
  appliesTo: ["aws_cloudwatch_event_bus_policy", "aws_cloudwatch_event_permission"],
  evaluate: (resource) => (resource.type === "aws_cloudwatch_event_permission" ? permissionProblem(resource) : busPolicyProblem(resource)),
};
