import { TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { GuardrailFinding, GuardrailRule } from "./rule";
import { stackViewOf } from "./stack-view";

export interface GuardrailSuppression {
  /** Rule id being suppressed, e.g. "MDL-S3-1". */
  readonly id: string;
  /** Why the rule does not apply here; reviewers read this in code review. At least 20 characters. */
  readonly reason: string;
}

const MIN_REASON_LENGTH = 20;
const SUPPRESSIONS_KEY = "guardrails:suppressions";

/**
 * Exempts `scope` and everything below it from the named rules. The reason is required and is
 * kept in the construct tree metadata (visible in the synthesized manifest), so a suppression is
 * always documented where it is made.
 */
export function suppressGuardrails(scope: IConstruct, suppressions: readonly GuardrailSuppression[]): void {
  for (const s of suppressions) {
    if (!s.reason || s.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`Suppression of ${s.id} at ${scope.node.path} needs a reason of at least ${MIN_REASON_LENGTH} characters saying why the rule does not apply`);
    }
    scope.node.addMetadata(SUPPRESSIONS_KEY, { id: s.id, reason: s.reason });
  }
}

/** Suppressions in force for each construct path of the stack (own and inherited). */
function suppressionsByPath(stack: TerraformStack): (path: string, ruleId: string) => boolean {
  const scoped: Array<{ path: string; id: string }> = [];
  for (const node of stack.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type === SUPPRESSIONS_KEY) scoped.push({ path: node.node.path, id: (entry.data as GuardrailSuppression).id });
    }
  }
  return (path, ruleId) => scoped.some((s) => s.id === ruleId && (path === s.path || path.startsWith(`${s.path}/`)));
}

/** Runs `rules` over a synthesized stack JSON; `isSuppressed` filters documented exemptions. */
export function evaluateGuardrails(
  stackJson: object,
  rules: readonly GuardrailRule[],
  isSuppressed: (path: string, ruleId: string) => boolean = () => false,
): GuardrailFinding[] {
  const view = stackViewOf(stackJson);
  const findings: GuardrailFinding[] = [];
  for (const rule of rules) {
    for (const resource of view.resources) {
      if (!rule.appliesTo.includes(resource.type) || isSuppressed(resource.path, rule.id)) continue;
      const message = rule.evaluate(resource, view);
      if (message) findings.push({ ruleId: rule.id, path: resource.path, address: resource.address, message });
    }
  }
  return findings;
}

export function formatFinding(f: GuardrailFinding): string {
  return `[${f.ruleId}] ${f.path} (${f.address}): ${f.message}`;
}

/**
 * Adds the guardrail check to every stack it visits. The check runs as a stack validation, which
 * cdktf runs after all aspects and before anything is written, so it sees the final resources
 * and a violation stops synth with the rule id and the resource path.
 */
export class GuardrailsAspect implements IAspect {
  private readonly armed = new WeakSet<TerraformStack>();

  constructor(private readonly rules: readonly GuardrailRule[]) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.armed.has(node)) return;
    this.armed.add(node);
    const stack = node;
    stack.node.addValidation({
      validate: () => evaluateGuardrails(stack.toTerraform(), this.rules, suppressionsByPath(stack)).map(formatFinding),
    });
  }
}
