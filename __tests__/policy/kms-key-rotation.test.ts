import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { kmsKeyRotation } from "../../src/policy";
import { expectOneFinding, findingsOf } from "./support";

describe("MDL-KMS-1 key rotation", () => {
  it("accepts a key with enable_key_rotation = true", () => {
    // Prepare + Act
    const findings = findingsOf(kmsKeyRotation, (scope) => new KmsKey(scope, "key", { enableKeyRotation: true }));

    // Assess
    expect(findings).toEqual([]);
  });

  it("flags a key without rotation and names enable_key_rotation", () => {
    // Prepare + Act
    const findings = findingsOf(kmsKeyRotation, (scope) => new KmsKey(scope, "key", { description: "no rotation" }));

    // Assess
    expectOneFinding(findings, kmsKeyRotation, "stack/key", "enable_key_rotation = true");
  });

  it("does not ask rotation of asymmetric keys, which AWS cannot rotate", () => {
    // Prepare + Act
    const findings = findingsOf(kmsKeyRotation, (scope) =>
      new KmsKey(scope, "signing", { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" }),
    );

    // Assess
    expect(findings).toEqual([]);
  });
});
