/** Typed IAM / resource policy documents, built as plain objects and rendered with JSON.stringify. */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[] | boolean>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
  return JSON.stringify(doc);
}

/**
 * The resource-policy statement that refuses every request on `resource` made without TLS
 * (the check the MDL-S3-2 and MDL-SQS-2 guardrails look for).
 */
export function denyInsecureTransport(action: string, resource: string | readonly string[]): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** Parses a policy attribute of a synthesized resource; undefined if it is not literal JSON. */
export function parsePolicy(value: unknown): PolicyDocument | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const doc = JSON.parse(value) as PolicyDocument;
    return Array.isArray(doc?.Statement) ? doc : undefined;
  } catch {
    return undefined;
  }
}

export const asList = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T];
