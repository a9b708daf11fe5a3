/** A failed checkov check on one resource of one scanned stack. */
export interface CheckovFinding {
  /** The directory scanned for it: a synthesized stack's name, or "bootstrap". */
  readonly stack: string;
  readonly checkId: string;
  readonly checkName: string;
  readonly resourceType: string;
  /** The construct path within the stack (cdktf's `//.metadata.path` without the stack), else the resource name. */
  readonly path: string;
  /** `<type>.<name>` as Terraform addresses it. */
  readonly address: string;
  readonly file: string;
  readonly line?: number;
  /** The guideline checkov names (it names none offline: they come with its platform download). */
  readonly guideline?: string;
}

/** What one scan reported, beside its failures. */
export interface CheckovTotals {
  readonly passed: number;
  readonly failed: number;
  readonly parsingErrors: number;
}

/** A synthesized resource's type and construct path, by its Terraform name. */
export type ResourceIndex = ReadonlyMap<string, { readonly type: string; readonly path: string }>;

interface RawFailedCheck {
  check_id: string;
  check_name: string;
  resource: string;
  file_path: string;
  file_line_range?: [number, number];
  guideline?: string | null;
}

interface RawReport {
  check_type?: string;
  summary?: { passed?: number; failed?: number; parsing_errors?: number };
  results?: { failed_checks?: RawFailedCheck[] };
}

/**
 * Reads checkov's JSON output (`-o json`: one report, or a list with one per framework) run over a
 * directory holding one subdirectory per stack. `indexes` gives, per stack, its resources by name:
 * checkov 3.3.30's terraform_json runner names the resource of a Python check "resource.<name>",
 * without its type, so the type and construct path come from the synthesized JSON.
 */
export function readCheckovReport(output: string, indexes: ReadonlyMap<string, ResourceIndex>): { findings: CheckovFinding[]; totals: CheckovTotals } {
  const parsed = JSON.parse(output) as RawReport | RawReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const findings: CheckovFinding[] = [];
  const totals = { passed: 0, failed: 0, parsingErrors: 0 };
  for (const report of reports) {
    totals.passed += report.summary?.passed ?? 0;
    totals.failed += report.summary?.failed ?? 0;
    totals.parsingErrors += report.summary?.parsing_errors ?? 0;
    for (const check of report.results?.failed_checks ?? []) findings.push(toFinding(check, indexes));
  }
  return { findings, totals };
}

function toFinding(check: RawFailedCheck, indexes: ReadonlyMap<string, ResourceIndex>): CheckovFinding {
  const file = check.file_path.replace(/^\/+/, "");
  const stack = file.split("/")[0]!;
  const dot = check.resource.indexOf(".");
  const given = { type: check.resource.slice(0, dot), name: check.resource.slice(dot + 1) };
  const known = indexes.get(stack)?.get(given.name);
  const type = given.type === "resource" ? (known?.type ?? "resource") : given.type;
  return {
    stack,
    checkId: check.check_id,
    checkName: check.check_name,
    resourceType: type,
    path: known?.path ?? given.name,
    address: `${type}.${given.name}`,
    file,
    line: check.file_line_range?.[0],
    ...(check.guideline ? { guideline: check.guideline } : {}),
  };
}

/** The resources of a synthesized cdktf stack (cdk.tf.json) by name, with their construct paths. */
export function indexSynthesizedResources(stackJson: { resource?: Record<string, Record<string, { "//"?: { metadata?: { path?: string } } }>> }, stack: string): ResourceIndex {
  const index = new Map<string, { type: string; path: string }>();
  for (const [type, resources] of Object.entries(stackJson.resource ?? {})) {
    for (const [name, resource] of Object.entries(resources)) {
      const full = resource["//"]?.metadata?.path ?? name;
      index.set(name, { type, path: full.startsWith(`${stack}/`) ? full.slice(stack.length + 1) : full });
    }
  }
  return index;
}
