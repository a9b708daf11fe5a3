import type { GuardrailRule } from "../rule";

// AWS rejects EnableKeyRotation for asymmetric and HMAC keys, so the rule only asks it of
// symmetric encryption keys (the default spec).
const ROTATABLE_SPEC = "SYMMETRIC_DEFAULT";

export const kmsKeyRotation: GuardrailRule = {
  id: "MDL-KMS-1",
  description: "Customer-managed KMS keys rotate their key material every year.",
  checkov: ["CKV_AWS_7"],
  trivy: ["AVD-AWS-0065"],
  appliesTo: ["aws_kms_key"],
  evaluate: ({ config }) => {
    if ((config.customer_master_key_spec ?? ROTATABLE_SPEC) !== ROTATABLE_SPEC) return undefined;
    if (config.enable_key_rotation === true) return undefined;
    return "automatic key rotation is off: set enable_key_rotation = true (cdktf: enableKeyRotation: true)";
  },
};
