import type { GuardrailRule } from "../rule";
import { blocks, customerKeyProblem } from "./helpers";

const KMS_OPTIONS = ["SSE_KMS", "CSE_KMS"];

export const athenaResultsEncrypted: GuardrailRule = {
  id: "MDL-ATH-1",
  description: "An Athena workgroup enforces its configuration and encrypts query results with a customer-managed KMS key.",
  checkov: ["CKV_AWS_82", "CKV_AWS_159"],
  trivy: ["AVD-AWS-0006", "AVD-AWS-0007"],
  appliesTo: ["aws_athena_workgroup"],
  evaluate: ({ config }) => {
    const configuration = blocks(config.configuration)[0];
    // Without enforcement a client's own result settings win, unencrypted ones included.
    if (configuration?.enforce_workgroup_configuration !== true) return "the workgroup lets clients override its settings (results unencrypted or elsewhere): set configuration.enforce_workgroup_configuration = true";
    const encryption = blocks(blocks(configuration.result_configuration)[0]?.encryption_configuration)[0];
    if (!KMS_OPTIONS.includes(String(encryption?.encryption_option))) {
      return `query results are not KMS-encrypted (encryption_option ${JSON.stringify(encryption?.encryption_option ?? null)}): set configuration.result_configuration.encryption_configuration.encryption_option = "SSE_KMS" with kms_key_arn`;
    }
    return customerKeyProblem(encryption?.kms_key_arn, "configuration.result_configuration.encryption_configuration.kms_key_arn");
  },
};
