import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import type { EnvironmentConfig } from "../../config";
import { call, fail, pass, type CheckResult } from "./check";

/**
 * The credentials are of the config's account. STS GetCallerIdentity needs no permission
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: "No
 * permissions are required to perform this operation"); `Account` and `Arn` are in its response.
 */
export async function checkCallerAccount(config: EnvironmentConfig, clients: { readonly sts: STSClient }): Promise<CheckResult> {
  const name = "caller account";
  const identity = await call("sts:GetCallerIdentity", clients.sts.send(new GetCallerIdentityCommand({})));
  if (identity.Account === config.accountId) return pass(name, `${identity.Arn} is in ${config.environment}'s account ${config.accountId}`);
  return fail(
    name,
    `the credentials are of account ${identity.Account} (${identity.Arn}); ${config.environment}'s accountId is ${config.accountId}`,
    `Use credentials of account ${config.accountId} (the provider's allowed_account_ids refuses any other) or correct accountId in src/config/environments.ts`,
  );
}

/**
 * Partner accounts (producers[], consumers[]) are other accounts than the lake's own: a partner role
 * in the lake's own account would let any of its principals that knows the ExternalId act as the
 * partner. Config validation refuses this at synth too; preflight says it before an apply is tried.
 */
export function checkPartnerAccounts(config: EnvironmentConfig): CheckResult {
  const name = "partner accounts";
  const partners = [...config.producers.map((p) => ({ kind: "producer", ...p })), ...config.consumers.map((c) => ({ kind: "consumer", ...c }))];
  const own = partners.filter((p) => p.accountId === config.accountId);
  if (own.length === 0) {
    const listed = partners.map((p) => `${p.kind} ${p.name} ${p.accountId}`).join(", ");
    return pass(name, partners.length ? `none is the lake's account ${config.accountId}: ${listed}` : "no producers or consumers configured");
  }
  return fail(
    name,
    `${own.map((p) => `${p.kind} ${p.name}`).join(", ")} ha${own.length === 1 ? "s" : "ve"} the lake's own account ${config.accountId}`,
    "Give each partner in src/config/environments.ts its own account id; the lake's principals need no partner role",
  );
}
