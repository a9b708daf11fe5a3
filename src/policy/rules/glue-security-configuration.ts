import type { GuardrailRule, SynthesizedResource } from "../rule";
import { blocks, customerKeyProblem, pointsAt } from "./helpers";

/** The modes a Glue security configuration must use, block by block. */
const REQUIRED: ReadonlyArray<[block: string, mode: string, value: string]> = [
  ["s3_encryption", "s3_encryption_mode", "SSE-KMS"],
  ["cloudwatch_encryption", "cloudwatch_encryption_mode", "SSE-KMS"],
  ["job_bookmarks_encryption", "job_bookmarks_encryption_mode", "CSE-KMS"],
];

function configurationProblem(configuration: SynthesizedResource): string | undefined {
  const encryption = blocks(configuration.config.encryption_configuration)[0];
  for (const [block, mode, value] of REQUIRED) {
    const settings = blocks(encryption?.[block])[0];
    if (settings?.[mode] !== value) return `its security configuration ${configuration.address} has ${block}.${mode} = ${JSON.stringify(settings?.[mode] ?? null)}: set it to "${value}" with a customer-managed kms_key_arn`;
    const keyProblem = customerKeyProblem(settings.kms_key_arn, `${block}.kms_key_arn`);
    if (keyProblem) return `its security configuration ${configuration.address}: ${keyProblem}`;
  }
  return undefined;
}

export const glueSecurityConfiguration: GuardrailRule = {
  id: "MDL-GLUE-1",
  description: "A Glue job runs with a security configuration of this stack that encrypts S3 writes and logs with SSE-KMS and bookmarks with CSE-KMS, each under a customer-managed key.",
  checkov: ["CKV_AWS_195", "CKV_AWS_99"],
  trivy: [],
  appliesTo: ["aws_glue_job"],
  evaluate: (job, view) => {
    const name = job.config.security_configuration;
    if (typeof name !== "string" || name === "") return "the job has no security configuration: its S3 output, logs and bookmarks would be written without the lake's keys; set security_configuration to an aws_glue_security_configuration";
    const configuration = view.ofType("aws_glue_security_configuration").find((c) => pointsAt(name, c) || c.config.name === name);
    if (!configuration) return `security_configuration ${JSON.stringify(name)} is not a security configuration of this stack, so its encryption cannot be checked; refer to an aws_glue_security_configuration defined here`;
    return configurationProblem(configuration);
  },
};
