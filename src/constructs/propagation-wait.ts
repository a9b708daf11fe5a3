import { DataResource, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

/**
 * SQS documents that a SetQueueAttributes change (a queue policy is one) "can take up to 60
 * seconds" to propagate (SetQueueAttributes, Amazon SQS API Reference). S3 tests a notification's
 * destination the moment the configuration is saved, so a notification written right after the
 * queue policy can fail with "Unable to validate the following destination configurations"; the
 * AWS provider retries that call only on NoSuchBucket.
 */
export const SQS_ATTRIBUTE_PROPAGATION_SECONDS = 60;

export interface PropagationWaitProps {
  /** What must have propagated, e.g. a queue policy resource. */
  readonly after: ITerraformDependable;
  /**
   * Values whose change starts the wait again (e.g. the policy document): the wait is replaced,
   * so it runs on every apply that changes them and on no other.
   */
  readonly triggers: Readonly<Record<string, string>>;
  /** Seconds to wait. @default SQS_ATTRIBUTE_PROPAGATION_SECONDS */
  readonly seconds?: number;
}

/**
 * Holds back whatever depends on it until a change AWS applies eventually has had time to
 * propagate. Only hashicorp/aws and Terraform's built-ins are installable here (no hashicorp/time
 * and its time_sleep), so this is a built-in `terraform_data` whose local-exec provisioner sleeps
 * when it is created or replaced. It runs where `terraform apply` runs (CI: a POSIX shell), never
 * at plan time, so split plan/apply pipelines are unaffected; an unchanged policy costs nothing.
 */
export class PropagationWait extends Construct implements ITerraformDependable {
  readonly resource: DataResource;
  readonly fqn: string;

  constructor(scope: Construct, id: string, props: PropagationWaitProps) {
    super(scope, id);
    const seconds = props.seconds ?? SQS_ATTRIBUTE_PROPAGATION_SECONDS;
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 600) {
      throw new Error(`${this.node.path}: seconds ${seconds} is out of range; use a whole number from 0 to 600`);
    }
    this.resource = new DataResource(this, "wait", {
      triggersReplace: { ...props.triggers, seconds: String(seconds) },
      provisioners: [{ type: "local-exec", command: `sleep ${seconds}` }],
      dependsOn: [props.after],
    });
    this.fqn = this.resource.fqn;
  }
}
