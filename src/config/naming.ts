import type { EnvironmentConfig } from "./environment-config";

/** AWS limits for the names the lake creates; `Naming` refuses a name that would break them. */
const NAME_LIMITS = {
  bucket: 63,
  iamRole: 64,
  generic: 80,
} as const;

/** "us-east-1" -> "use1", "ap-southeast-2" -> "apse2": short enough to fit every name limit. */
export function regionCode(region: string): string {
  const [area, direction, number] = region.split("-");
  const dir = direction.replace("north", "n").replace("south", "s").replace("east", "e").replace("west", "w").replace("central", "c");
  return `${area}${dir}${number}`;
}

/**
 * The one place names and tags are made. Every name carries project, environment suffix and
 * region (`mdl-dev-use1-<purpose>`), so two environments or regions never collide in one account;
 * bucket names also carry the account id because they are global across all of AWS.
 */
export class Naming {
  readonly prefix: string;

  constructor(private readonly config: EnvironmentConfig) {
    this.prefix = `${config.project}-${config.environmentSuffix}-${regionCode(config.region)}`;
  }

  /** Name for an account-and-region scoped resource (queues, tables, log groups, keys' aliases...). */
  resource(purpose: string, maxLength: number = NAME_LIMITS.generic): string {
    return this.checked(`${this.prefix}-${purpose}`, maxLength, purpose);
  }

  /** IAM names are account-wide (not regional), so the region code in the prefix matters here. */
  iamRole(purpose: string): string {
    return this.resource(purpose, NAME_LIMITS.iamRole);
  }

  /** Globally unique S3 bucket name. */
  bucket(purpose: string): string {
    return this.checked(`${this.prefix}-${purpose}-${this.config.accountId}`, NAME_LIMITS.bucket, purpose);
  }

  /** KMS alias name (the "alias/" prefix is part of the name in AWS). */
  kmsAlias(purpose: string): string {
    return `alias/${this.resource(purpose, 250)}`;
  }

  /** Tags applied to every resource through the provider's default_tags. */
  defaultTags(): Record<string, string> {
    return {
      Project: this.config.project,
      Environment: this.config.environment,
      CostCenter: this.config.tags.costCenter,
      Owner: this.config.tags.owner,
      DataClassification: this.config.tags.dataClassification,
      ManagedBy: "cdktf",
    };
  }

  private checked(name: string, maxLength: number, purpose: string): string {
    if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name)) {
      throw new Error(`Name "${name}" for "${purpose}" may hold only lowercase letters, digits and inner hyphens; rename the purpose`);
    }
    if (name.length > maxLength) {
      throw new Error(`Name "${name}" for "${purpose}" is ${name.length} characters; AWS allows ${maxLength}. Shorten the purpose or config.project`);
    }
    return name;
  }
}

/** Names of the Terraform state bucket and lock table made by terraform-backend.tf (one pair per account and region). */
export function stateBackendNames(config: Pick<EnvironmentConfig, "project" | "accountId" | "region">): { bucket: string; lockTable: string; keyAliasArn: string } {
  return {
    bucket: `${config.project}-tfstate-${config.accountId}-${config.region}`,
    lockTable: `${config.project}-tfstate-lock`,
    keyAliasArn: `arn:aws:kms:${config.region}:${config.accountId}:alias/${config.project}-tfstate`,
  };
}

/** "quant-research" -> "QuantResearch": policy statement ids allow only letters and digits. */
export function statementIdPart(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");
}
