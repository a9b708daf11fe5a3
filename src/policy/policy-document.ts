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
