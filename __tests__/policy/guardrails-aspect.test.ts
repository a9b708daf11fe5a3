import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ALL_RULES, GuardrailsAspect, suppressGuardrails } from "../../src/policy";
import { compliantDataLake, compliantMarketEvents } from "./compliant-stack";
import { testApp } from "./support";

/** A stack with the whole rule pack applied, as main.ts would do it. */
function guardedStack(): TerraformStack {
  const stack = new TerraformStack(testApp(), "stack");
  new AwsProvider(stack, "aws", { region: "us-east-1", allowedAccountIds: ["111111111111"] });
  Aspects.of(stack).add(new GuardrailsAspect(ALL_RULES));
  return stack;
}

/** A key that breaks only MDL-KMS-1 (rotation off). */
const unrotatedKey = (scope: Construct, id: string) => new KmsKey(scope, id, { lifecycle: { preventDestroy: true } });

/** The synth error text, or "" when synth passes. */
function synthError(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
    return "";
  } catch (error) {
    return String(error);
  }
}

describe("GuardrailsAspect", () => {
  it("lets a stack that keeps every rule synthesize", () => {
    // Prepare
    const stack = guardedStack();
    compliantDataLake(stack);
    compliantMarketEvents(stack);

    // Act
    const error = synthError(stack);

    // Assess
    expect(error).toBe("");
  });

  it("fails synth with the rule id, the construct path and the address", () => {
    // Prepare
    const stack = guardedStack();
    unrotatedKey(new Construct(stack, "keys"), "legacy");

    // Act
    const act = () => Testing.synth(stack, true);

    // Assess
    expect(act).toThrow(/\[MDL-KMS-1\] stack\/keys\/legacy \(aws_kms_key\.keys_legacy_[0-9A-F]+\): .*enable_key_rotation = true/);
  });

  it("passes once the finding is suppressed with a reason", () => {
    // Prepare
    const stack = guardedStack();
    const key = unrotatedKey(stack, "imported");
    suppressGuardrails(key, [{ id: "MDL-KMS-1", reason: "imported key material cannot be rotated by AWS" }]);

    // Act
    const error = synthError(stack);

    // Assess
    expect(error).toBe("");
  });

  it.each([
    ["a short reason", "legacy"],
    ["a missing reason", ""],
  ])("refuses a suppression with %s", (_label, reason) => {
    // Prepare
    const key = unrotatedKey(guardedStack(), "imported");

    // Act
    const act = () => suppressGuardrails(key, [{ id: "MDL-KMS-1", reason }]);

    // Assess
    expect(act).toThrow(/MDL-KMS-1 at stack\/imported needs a reason/);
  });

  it("applies a suppression to the scope's descendants but not to its siblings", () => {
    // Prepare
    const stack = guardedStack();
    const legacy = new Construct(stack, "legacy");
    unrotatedKey(new Construct(legacy, "team-a"), "key");
    unrotatedKey(legacy, "key");
    unrotatedKey(stack, "legacy-sibling");
    suppressGuardrails(legacy, [{ id: "MDL-KMS-1", reason: "keys of the legacy import, rotated by the HSM" }]);

    // Act
    const error = synthError(stack);

    // Assess
    expect(error.match(/\[MDL-[A-Z0-9-]+\] \S+/g)).toEqual(["[MDL-KMS-1] stack/legacy-sibling"]);
  });

  it("suppresses only the named rule", () => {
    // Prepare
    const stack = guardedStack();
    const key = new KmsKey(stack, "key", {});
    suppressGuardrails(key, [{ id: "MDL-KMS-1", reason: "imported key material cannot be rotated by AWS" }]);

    // Act
    const error = synthError(stack);

    // Assess
    expect(error.match(/\[MDL-[A-Z0-9-]+\] \S+/g)).toEqual(["[MDL-STATE-1] stack/key"]);
  });
});

describe("ALL_RULES", () => {
  it("has one rule per stable id, each naming real-looking checkov and trivy ids", () => {
    // Prepare
    const ids = ALL_RULES.map((r) => r.id);

    // Act
    const externalIds = ALL_RULES.flatMap((r) => [...r.checkov, ...r.trivy]);

    // Assess
    expect(new Set(ids).size).toBe(19);
    ids.forEach((id) => expect(id).toMatch(/^MDL-[A-Z0-9]+-\d+$/));
    externalIds.forEach((id) => expect(id).toMatch(/^(CKV2?_AWS_\d+|AVD-AWS-\d{4})$/));
  });
});
