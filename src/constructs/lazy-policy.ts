import { Lazy } from "cdktf";
import { policyDocument, type PolicyStatement } from "../policy/policy-document";

/**
 * A policy document rendered at synth from a statement list that may still grow after the
 * resource is created (grants added by other constructs, e.g. partner roles on a bucket or key).
 */
export function lazyPolicy(statements: readonly PolicyStatement[]): string {
  return Lazy.stringValue({ produce: () => policyDocument(statements) });
}
