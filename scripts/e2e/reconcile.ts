import { gunzipSync } from "node:zlib";
import { GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { lineageId, type LineageStore } from "../../handlers/validation/lineage-store";
import { renderTable } from "../lib/bench-table";
import type { BadRow, InputObject } from "./inputs";

export interface ReconciliationRow {
  readonly object: string;
  readonly status: string;
  readonly recordsIn: number;
  readonly accepted: number;
  readonly quarantined: number;
  /** Lines actually found in the validated and quarantine objects. */
  readonly validatedLines: number;
  readonly quarantineLines: number;
  readonly problems: readonly string[];
}

/** The JSON lines of an output object ([] when there is none). */
async function outputLines(s3: S3Client, bucket: string, key: string | undefined): Promise<string[]> {
  if (!key) return [];
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString("utf8");
  return text.split("\n").filter((l) => l !== "");
}

/**
 * The first validated line that is not a normalised record of the object's partition (valid JSON,
 * a symbol, a timestamp of the day), if any: catches output written over or out of place, which
 * line counts alone do not.
 */
export function firstMalformedRecord(lines: readonly string[], date: string | undefined): string | undefined {
  return lines.find((line) => {
    try {
      const record = JSON.parse(line) as { symbol?: unknown; ts?: unknown };
      return typeof record.symbol !== "string" || typeof record.ts !== "string" || (date !== undefined && !record.ts.startsWith(`${date}T`));
    } catch {
      return true;
    }
  });
}

/**
 * The lineage item of the object's current version. Notifications of the local server carry the
 * etag, AWS's carry the version id, so the item is looked up under either.
 */
export async function currentLineage(s3: S3Client, lineage: LineageStore, bucket: string, key: string): Promise<Record<string, any> | undefined> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return ((await lineage.read(lineageId({ bucket, key, versionId: head.VersionId }))) ??
    (await lineage.read(lineageId({ bucket, key, etag: head.ETag?.replace(/"/g, "") })))) as Record<string, any> | undefined;
}

/**
 * The quarantine problems of an object whose bad rows are known: the validator must quarantine
 * exactly those rows (as many, at those lines, for those rules), no more and no fewer. Without this
 * a validator that accepted every bad row would still reconcile (records in = accepted + 0).
 */
export function quarantineProblems(expected: readonly BadRow[], quarantined: number, quarantineLines: readonly string[]): string[] {
  const problems: string[] = [];
  if (quarantined !== expected.length) problems.push(`quarantined ${quarantined}, the generator broke ${expected.length} row(s)`);
  const found = new Map<number, string>();
  for (const text of quarantineLines) {
    try {
      const { line, rule } = JSON.parse(text) as { line?: unknown; rule?: unknown };
      found.set(Number(line), String(rule));
    } catch {
      found.set(Number.NaN, text);
    }
  }
  const wanted = new Map(expected.map((b) => [b.line, b.rule] as const));
  const missed = expected.filter((b) => !found.has(b.line)).map((b) => `${b.line} (${b.rule})`);
  const wrongRule = expected.filter((b) => found.has(b.line) && found.get(b.line) !== b.rule).map((b) => `${b.line} ${found.get(b.line)} instead of ${b.rule}`);
  const unexpected = [...found.keys()].filter((line) => !wanted.has(line)).map((line) => `${line} (${found.get(line)})`);
  const few = (list: string[]) => `${list.slice(0, 5).join(", ")}${list.length > 5 ? `, ... (${list.length})` : ""}`;
  if (missed.length) problems.push(`bad line(s) not quarantined: ${few(missed)}`);
  if (wrongRule.length) problems.push(`quarantined for another rule: ${few(wrongRule)}`);
  if (unexpected.length) problems.push(`good line(s) quarantined: ${few(unexpected)}`);
  return problems;
}

type Counts = Omit<ReconciliationRow, "object" | "problems">;

/**
 * Checks one input's outcome against the invariants: records in = accepted + quarantined = what
 * the generator wrote; exactly the rows the generator broke are quarantined, each for its rule;
 * the output objects hold exactly those records; a failed object failed for the expected reason.
 */
export function reconciliationProblems(input: InputObject, row: Counts, failureReason: unknown, validated: readonly string[], quarantine: readonly string[]): string[] {
  const problems: string[] = [];
  if (row.status !== input.expect.status) problems.push(`status ${row.status}, expected ${input.expect.status}`);
  if (input.expect.status === "FAILED" && !input.expect.reason.test(String(failureReason))) problems.push(`failure reason "${failureReason}" does not match ${input.expect.reason}`);
  if (row.recordsIn !== row.accepted + row.quarantined) problems.push(`records in ${row.recordsIn} != accepted ${row.accepted} + quarantined ${row.quarantined}`);
  if (input.expect.status === "VALIDATED" && row.recordsIn !== input.records) problems.push(`records in ${row.recordsIn}, the object has ${input.records}`);
  if (input.expect.status === "VALIDATED") problems.push(...quarantineProblems(input.badRows, row.quarantined, quarantine));
  if (row.validatedLines !== row.accepted) problems.push(`validated object has ${row.validatedLines} lines, lineage says ${row.accepted} accepted`);
  if (row.quarantineLines !== row.quarantined) problems.push(`quarantine object has ${row.quarantineLines} lines, lineage says ${row.quarantined}`);
  const malformed = firstMalformedRecord(validated, /date=(\d{4}-\d{2}-\d{2})\//.exec(input.key)?.[1]);
  if (malformed !== undefined) problems.push(`validated object holds a line that is not a record of its day: ${malformed.slice(0, 120)}`);
  return problems;
}

/** Checks one input against lineage and its output objects (see reconciliationProblems). */
export async function reconcile(s3: S3Client, lineage: LineageStore, bucket: string, input: InputObject): Promise<ReconciliationRow> {
  const item = await currentLineage(s3, lineage, bucket, input.key);
  if (!item) {
    return { object: input.key, status: "MISSING", recordsIn: 0, accepted: 0, quarantined: 0, validatedLines: 0, quarantineLines: 0, problems: ["no lineage item"] };
  }
  const outputs = (item.outputs ?? {}) as Record<string, string>;
  const validated = await outputLines(s3, bucket, outputs.validated);
  const quarantine = await outputLines(s3, bucket, outputs.quarantine);
  const row: Counts = {
    status: String(item.status),
    recordsIn: Number(item.records_in ?? 0),
    accepted: Number(item.accepted ?? 0),
    quarantined: Number(item.quarantined ?? 0),
    validatedLines: validated.length,
    quarantineLines: quarantine.length,
  };
  return { object: input.key, ...row, problems: reconciliationProblems(input, row, item.failure_reason, validated, quarantine) };
}

export function printReconciliation(rows: readonly ReconciliationRow[], limit = 40): void {
  const header = ["object", "status", "records in", "accepted", "quarantined", "validated lines", "quarantine lines", "check"];
  const shown = rows.length > limit ? [...rows.filter((r) => r.problems.length), ...rows.filter((r) => !r.problems.length)].slice(0, limit) : rows;
  const cells = shown.map((r) => [r.object, r.status, String(r.recordsIn), String(r.accepted), String(r.quarantined), String(r.validatedLines), String(r.quarantineLines), r.problems.length ? r.problems.join("; ") : "ok"]);
  const total = rows.reduce((t, r) => ({ in: t.in + r.recordsIn, acc: t.acc + r.accepted, q: t.q + r.quarantined }), { in: 0, acc: 0, q: 0 });
  cells.push([`TOTAL (${rows.length} objects${rows.length > limit ? `, ${limit} shown` : ""})`, "", String(total.in), String(total.acc), String(total.q), "", "", rows.every((r) => !r.problems.length) ? "ok" : "PROBLEMS"]);
  console.log(renderTable(header, cells));
}
