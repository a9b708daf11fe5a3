import type { PolicyDocument, PolicyStatement } from "../policy/policy-document";
import { fingerprint, sameValue } from "./planned-values";

/** The keys of a policy statement, in the order a reviewer reads them. */
const STATEMENT_KEYS: readonly string[] = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/** The keys present in any of `statements`: the usual ones in reading order, then any others. */
export function statementKeys(...statements: readonly PolicyStatement[]): string[] {
  const present = new Set(statements.flatMap((s) => Object.keys(s)));
  return [...STATEMENT_KEYS.filter((key) => present.has(key)), ...[...present].filter((key) => !STATEMENT_KEYS.includes(key))];
}

export interface KeyChange {
  readonly key: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface LabelledStatement {
  /** The Sid, or "#<position>" (1-based) for a statement without one. */
  readonly label: string;
  readonly statement: PolicyStatement;
}

export interface ChangedStatement {
  readonly label: string;
  readonly changes: readonly KeyChange[];
}

export interface PolicyDiff {
  readonly added: readonly LabelledStatement[];
  readonly removed: readonly LabelledStatement[];
  readonly changed: readonly ChangedStatement[];
}

type Indexed = { readonly position: number; readonly statement: PolicyStatement };

const statementsOf = (doc: PolicyDocument | undefined): Indexed[] => (doc?.Statement ?? []).map((statement, i) => ({ position: i + 1, statement }));
const labelOf = ({ position, statement }: Indexed) => statement.Sid || `#${position}`;

/**
 * Pairs statements across the two documents: by Sid first; statements without a Sid are paired
 * with an identical one if there is one (so an unchanged statement that moved is not reported),
 * else in order of appearance.
 */
function pairStatements(before: Indexed[], after: Indexed[]): { pairs: Array<[Indexed, Indexed]>; removed: Indexed[]; added: Indexed[] } {
  const pairs: Array<[Indexed, Indexed]> = [];
  const unmatchedAfter = new Set(after);
  const unmatchedBefore: Indexed[] = [];
  for (const old of before.filter((s) => s.statement.Sid)) {
    const match = after.find((s) => s.statement.Sid === old.statement.Sid && unmatchedAfter.has(s));
    if (match) {
      pairs.push([old, match]);
      unmatchedAfter.delete(match);
    } else {
      unmatchedBefore.push(old);
    }
  }
  const withoutSid = before.filter((s) => !s.statement.Sid);
  const leftover: Indexed[] = [];
  for (const old of withoutSid) {
    const twin = [...unmatchedAfter].find((s) => !s.statement.Sid && fingerprint(s.statement) === fingerprint(old.statement));
    if (twin) {
      pairs.push([old, twin]);
      unmatchedAfter.delete(twin);
    } else {
      leftover.push(old);
    }
  }
  for (const old of leftover) {
    const next = [...unmatchedAfter].find((s) => !s.statement.Sid);
    if (next) {
      pairs.push([old, next]);
      unmatchedAfter.delete(next);
    } else {
      unmatchedBefore.push(old);
    }
  }
  return { pairs, removed: unmatchedBefore, added: [...unmatchedAfter] };
}

/** Statement-level differences between two policy documents (either may be absent: no policy). */
export function diffPolicies(before: PolicyDocument | undefined, after: PolicyDocument | undefined): PolicyDiff {
  const { pairs, removed, added } = pairStatements(statementsOf(before), statementsOf(after));
  const changed = pairs
    .map(([old, updated]): ChangedStatement => {
      const field = (s: PolicyStatement, key: string) => (s as unknown as Record<string, unknown>)[key];
      const changes = statementKeys(old.statement, updated.statement)
        .filter((key) => !sameValue(field(old.statement, key), field(updated.statement, key)))
        .map((key) => ({ key, before: field(old.statement, key), after: field(updated.statement, key) }));
      return { label: labelOf(updated), changes };
    })
    .filter((c) => c.changes.length > 0);
  const byPosition = (a: Indexed, b: Indexed) => a.position - b.position;
  return {
    added: added.sort(byPosition).map((s) => ({ label: labelOf(s), statement: s.statement })),
    removed: removed.sort(byPosition).map((s) => ({ label: labelOf(s), statement: s.statement })),
    changed,
  };
}

export const isEmptyDiff = (diff: PolicyDiff): boolean => diff.added.length + diff.removed.length + diff.changed.length === 0;
