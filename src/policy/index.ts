import type { GuardrailRule } from "./rule";
import { accessLogging } from "./rules/access-logging";
import { alarmedResources } from "./rules/alarmed-resources";
import { apiAccessLogging } from "./rules/api-access-logging";
import { eventBusPolicy } from "./rules/event-bus-policy";
import { stateMachineObservability } from "./rules/state-machine-observability";
import { athenaResultsEncrypted } from "./rules/athena-results-encrypted";
import { customerManagedEncryption } from "./rules/customer-managed-encryption";
import { defaultSecurityGroupClosed } from "./rules/default-security-group-closed";
import { glueSecurityConfiguration } from "./rules/glue-security-configuration";
import { iamCrossAccountExternalId } from "./rules/iam-cross-account-external-id";
import { iamNoWildcardAdmin } from "./rules/iam-no-wildcard-admin";
import { kmsKeyRotation } from "./rules/kms-key-rotation";
import { logRetention } from "./rules/log-retention";
import { preventDestroy } from "./rules/prevent-destroy";
import { s3PublicAccessBlocked } from "./rules/s3-public-access-blocked";
import { s3TlsOnly } from "./rules/s3-tls-only";
import { s3Versioning } from "./rules/s3-versioning";
import { sqsDeadLetterQueue } from "./rules/sqs-dead-letter-queue";
import { sqsTlsOnly } from "./rules/sqs-tls-only";

export * from "./guardrails";
export * from "./policy-document";
export * from "./rule";
export { stackViewOf } from "./stack-view";
export {
  accessLogging,
  alarmedResources,
  apiAccessLogging,
  eventBusPolicy,
  stateMachineObservability,
  athenaResultsEncrypted,
  customerManagedEncryption,
  defaultSecurityGroupClosed,
  glueSecurityConfiguration,
  iamCrossAccountExternalId,
  iamNoWildcardAdmin,
  kmsKeyRotation,
  logRetention,
  preventDestroy,
  s3PublicAccessBlocked,
  s3TlsOnly,
  s3Versioning,
  sqsDeadLetterQueue,
  sqsTlsOnly,
};

/** The whole guardrail pack, in id order; `new GuardrailsAspect(ALL_RULES)` applies it to a stack. */
export const ALL_RULES: readonly GuardrailRule[] = [
  kmsKeyRotation,
  customerManagedEncryption,
  s3PublicAccessBlocked,
  s3TlsOnly,
  s3Versioning,
  accessLogging,
  logRetention,
  sqsDeadLetterQueue,
  sqsTlsOnly,
  iamNoWildcardAdmin,
  iamCrossAccountExternalId,
  preventDestroy,
  defaultSecurityGroupClosed,
  glueSecurityConfiguration,
  athenaResultsEncrypted,
  alarmedResources,
  stateMachineObservability,
  apiAccessLogging,
  eventBusPolicy,
];
