/**
 * Guardrail rules look at the synthesized Terraform JSON, the exact thing `terraform plan` sees,
 * so a rule cannot be fooled by how a construct happens to be written.
 */

/** One resource of a synthesized stack. */
export interface SynthesizedResource {
  /** Terraform type, e.g. "aws_s3_bucket". */
  readonly type: string;
  /** Logical name inside the type, e.g. "raw_bucket_3F2A1B". */
  readonly name: string;
  /** Terraform address, "<type>.<name>"; references to it read "${<address>.<attribute>}". */
  readonly address: string;
  /** Construct path ("mdl-dev/raw/bucket"): what a reader can find in the code. */
  readonly path: string;
  /** The resource body as synthesized (tokens resolved to "${...}" strings). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Read-only index over every resource of one stack, for rules that need related resources. */
export interface StackView {
  readonly resources: readonly SynthesizedResource[];
  ofType(type: string): readonly SynthesizedResource[];
  /** Resources (optionally of `type`) whose body refers to `target` ("${target.address.").  */
  referencing(target: SynthesizedResource, type?: string): readonly SynthesizedResource[];
  /** Body of the provider block `resource` is created with: its `provider` alias, else the default one. */
  providerOf(resource: SynthesizedResource): Readonly<Record<string, unknown>> | undefined;
}

export interface GuardrailRule {
  /** Stable id, never reused: "MDL-<AREA>-<n>". Suppressions and CI logs refer to it. */
  readonly id: string;
  /** One line saying what compliant looks like. */
  readonly description: string;
  /** Matching checkov check ids, for teams that also run checkov on the synthesized JSON. */
  readonly checkov: readonly string[];
  /** Matching trivy (AVD) ids. */
  readonly trivy: readonly string[];
  /** Terraform resource types the rule inspects. */
  readonly appliesTo: readonly string[];
  /**
   * Pure check of one resource: returns undefined when compliant, otherwise what is wrong
   * and how to fix it.
   */
  evaluate(resource: SynthesizedResource, stack: StackView): string | undefined;
}

export interface GuardrailFinding {
  readonly ruleId: string;
  readonly path: string;
  readonly address: string;
  readonly message: string;
}
