import { asList } from "../policy-document";
import type { GuardrailRule, SynthesizedResource } from "../rule";
import { blocks, notLiteralPolicy, statementsOf, type Statement } from "./helpers";

const WILDCARD_ACTION = /^(\*|[a-z0-9-]+:\*)$/i;

// Allow + NotAction / NotResource grant everything except a list, which is as broad as "*".
const isWildcardAdmin = (s: Statement): boolean =>
  s.Effect === "Allow" &&
  (s.NotAction !== undefined || asList(s.Action).some((a) => WILDCARD_ACTION.test(a))) &&
  (s.NotResource !== undefined || asList(s.Resource).includes("*"));

/** Every policy document a resource carries, with the attribute a fix must change. */
function policiesOf({ type, config }: SynthesizedResource): ReadonlyArray<{ attribute: string; value: unknown }> {
  if (type === "aws_iam_role") return blocks(config.inline_policy).map((b) => ({ attribute: "inline_policy.policy", value: b.policy }));
  return [{ attribute: "policy", value: config.policy }];
}

export const iamNoWildcardAdmin: GuardrailRule = {
  id: "MDL-IAM-1",
  description: 'No IAM policy allows a wildcard action ("*" or "<service>:*") on every resource ("*").',
  // CKV_AWS_62 is the same test; CKV_AWS_63 ("*" action anywhere), CKV_AWS_355 ("*" resource)
  // and AVD-AWS-0057 (any wildcard) are stricter neighbours over the same statements.
  checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355"],
  trivy: ["AVD-AWS-0057"],
  appliesTo: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_role", "aws_iam_user_policy", "aws_iam_group_policy"],
  evaluate: (resource) => {
    for (const { attribute, value } of policiesOf(resource)) {
      if (value === undefined) continue;
      const statements = statementsOf(value);
      if (statements === undefined) return notLiteralPolicy(attribute);
      const index = statements.findIndex(isWildcardAdmin);
      if (index < 0) continue;
      const statement = statements[index];
      const grant = statement.NotAction !== undefined ? "NotAction (everything else)" : JSON.stringify(statement.Action);
      return `${attribute} statement ${statement.Sid ?? `#${index}`} allows ${grant} on every resource: list the specific actions in Action and the resource ARNs in Resource`;
    }
    return undefined;
  },
};
