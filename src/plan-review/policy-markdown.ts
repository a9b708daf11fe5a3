import type { PolicyStatement } from "../policy/policy-document";
import { code, details } from "./markdown";
import type { PolicyChange, PolicySide } from "./policy-changes";
import { statementKeys, type KeyChange, type LabelledStatement } from "./policy-diff";
import { formatValue } from "./planned-values";

/** A list of strings (actions, resources) reads best comma-separated; anything else as compact JSON. */
function valueText(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.length ? value.join(", ") : "(not set)";
  return formatValue(value);
}

const asStrings = (value: unknown): string[] | undefined =>
  typeof value === "string" ? [value] : Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;

/** For list-valued keys, which entries came and went: easier to spot than in two long lists. */
function listDelta(change: KeyChange): string {
  const [before, after] = [asStrings(change.before), asStrings(change.after)];
  if (!before || !after) return "";
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  const parts = [added.length ? `added ${added.map(code).join(", ")}` : "", removed.length ? `removed ${removed.map(code).join(", ")}` : ""].filter(Boolean);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

function statementText(statement: PolicyStatement): string {
  const fields = statement as unknown as Record<string, unknown>;
  const parts = statementKeys(statement)
    .filter((key) => key !== "Sid" && key !== "Effect")
    .map((key) => `${key} ${code(valueText(fields[key]))}`);
  return [`**${statement.Effect}**`, ...parts].join(" · ");
}

const statementLine = (verb: string, { label, statement }: LabelledStatement) => `- ${verb} statement ${code(label)}: ${statementText(statement)}`;

function sideText(side: PolicySide): string {
  switch (side.state) {
    case "absent":
      return "no policy";
    case "unknown":
      return "(known after apply)";
    case "sensitive":
      return "(sensitive)";
    case "unreadable":
      return `not a JSON policy: ${code(side.text.slice(0, 200))}`;
    case "document":
      return `${side.document.Statement.length} statement(s): ${side.document.Statement.map((s, i) => code(s.Sid || `#${i + 1}`)).join(", ")}`;
  }
}

function changeBody(change: PolicyChange): string {
  if (!change.diff) return `- before: ${sideText(change.before)}\n- after: ${sideText(change.after)}`;
  const lines = [
    ...change.diff.added.map((s) => statementLine("added", s)),
    ...change.diff.removed.map((s) => statementLine("removed", s)),
    ...change.diff.changed.flatMap((s) => [
      `- changed statement ${code(s.label)}:`,
      ...s.changes.map((k) => `  - ${k.key}: ${code(valueText(k.before))} → ${code(valueText(k.after))}${listDelta(k)}`),
    ]),
  ];
  return lines.join("\n");
}

/**
 * The policy section of one stack. Changes to existing policies are shown in full; policies of
 * new resources are collapsed, since a first deployment has many and each is new as a whole.
 */
export function renderPolicyChanges(changes: readonly PolicyChange[]): string {
  return changes
    .map((change) => {
      if (change.kind === "create" && change.after.state === "document") {
        return details(`${change.address} ${change.attribute}: new policy, ${change.after.document.Statement.length} statement(s)`, changeBody(change));
      }
      return `${code(change.address)} ${code(change.attribute)} (${change.kind})\n\n${changeBody(change)}`;
    })
    .join("\n\n");
}
