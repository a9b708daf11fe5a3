import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { lazyPolicy } from "./lazy-policy";
import { asList, policyDocument, type PolicyStatement } from "../policy/policy-document";

export interface LeastPrivilegeRoleProps {
  /** Role name (see `Naming.iamRole`). */
  readonly roleName: string;
  readonly description: string;
  /** Who may assume the role: one trust statement (its Action is sts:AssumeRole). */
  readonly trust: Omit<PolicyStatement, "Effect" | "Action" | "Resource">;
  /** Permissions, each scoped to named resources. */
  readonly statements: readonly PolicyStatement[];
  /** Longest session in seconds (3600-43200). @default 3600 */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * An IAM role whose permissions are inline statements on named resources. The constructor
 * refuses a statement allowing every action or every action of a service on every resource,
 * so a too-broad grant fails at synth rather than in review.
 */
export class LeastPrivilegeRole extends Construct {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  readonly arn: string;
  readonly name: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: LeastPrivilegeRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: policyDocument([{ ...props.trust, Effect: "Allow", Action: "sts:AssumeRole" }]),
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
    });
    this.arn = this.role.arn;
    this.name = this.role.name;
    props.statements.forEach((s) => this.addToPolicy(s));
    this.policy = new IamRolePolicy(this, "permissions", {
      name: "least-privilege",
      role: this.role.id,
      policy: lazyPolicy(this.statements),
    });
  }

  addToPolicy(statement: PolicyStatement): void {
    const actions = asList(statement.Action);
    const resources = asList(statement.Resource);
    const wildcardAction = actions.find((a) => a === "*" || a.endsWith(":*"));
    if (statement.Effect === "Allow" && wildcardAction && resources.includes("*")) {
      throw new Error(`${this.node.path}: statement ${statement.Sid ?? ""} allows "${wildcardAction}" on "*"; name the actions and the resources`);
    }
    this.statements.push(statement);
  }
}
