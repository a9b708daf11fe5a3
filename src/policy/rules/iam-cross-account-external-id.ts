import { asList } from "../policy-document";
import type { GuardrailRule } from "../rule";
import { actionMatches, conditionValues, notLiteralPolicy, principalsOf, statementsOf, type Statement } from "./helpers";

const ACCOUNT_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/;
// A principal built from this configuration's own identity or resources is in the deploying account.
const OWN_ACCOUNT_TOKEN = /^(?:arn:[^$]*)?\$\{data\.aws_caller_identity\.|^\$\{aws_[a-z0-9_]+\.[^}]+\}$/;

/** The account a principal belongs to; undefined for "*" and for values the rule cannot read. */
function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return ACCOUNT_ARN.exec(principal)?.[1];
}

const isCrossAccount = (principal: string, ownAccounts: readonly string[]): boolean => {
  if (OWN_ACCOUNT_TOKEN.test(principal)) return false;
  const account = accountOf(principal);
  return account === undefined || !ownAccounts.includes(account);
};

const hasExternalId = (s: Statement): boolean =>
  conditionValues(s, "StringEquals", "sts:ExternalId").some((v) => typeof v === "string" && v.trim() !== "");

export const iamCrossAccountExternalId: GuardrailRule = {
  id: "MDL-IAM-2",
  description: "A role that another account (or anyone) may assume requires sts:ExternalId in its trust policy.",
  // CKV_AWS_60 / CKV_AWS_61 flag "*" and account principals outright, without regard to an
  // external id, so they are not this check; neither tool checks for sts:ExternalId.
  checkov: [],
  trivy: [],
  appliesTo: ["aws_iam_role"],
  evaluate: (role, view) => {
    const statements = statementsOf(role.config.assume_role_policy);
    if (statements === undefined) return notLiteralPolicy("assume_role_policy");
    // Without allowed_account_ids the deploying account is unknown, so every account is foreign.
    const ownAccounts = asList(view.providerOf(role)?.allowed_account_ids as string | string[] | undefined);
    for (const s of statements) {
      if (s.Effect !== "Allow" || !asList(s.Action).some((a) => actionMatches(a, "sts:AssumeRole"))) continue;
      const foreign = principalsOf(s, "AWS").filter((p) => isCrossAccount(p, ownAccounts));
      if (foreign.length === 0 || hasExternalId(s)) continue;
      return `assume_role_policy lets ${foreign.join(", ")} assume this role without an external id: add Condition { StringEquals: { "sts:ExternalId": <id agreed with that account> } } to that statement (or list the account in the provider's allowed_account_ids if it is this one)`;
    }
    return undefined;
  },
};
