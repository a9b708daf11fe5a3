import { Dataset } from "./datasets";
import { RecordFormat } from "./object-key";
import { RuleCounts } from "./rules";

/**
 * What validating one object did. Invariant (DESIGN.md, "nothing is lost"):
 * records_in === accepted + rejected, malformed lines included. Blank lines and the CSV header are
 * not records.
 */
export interface ValidationSummary {
  readonly dataset: Dataset;
  readonly date: string;
  readonly format: RecordFormat;
  records_in: number;
  accepted: number;
  rejected: number;
  /** Accepted records that carry at least one flag. */
  flagged: number;
  rejected_by_rule: RuleCounts;
  /** Flags raised per rule (a record may raise several). */
  flagged_by_rule: RuleCounts;
  /** Bytes of the record stream consumed (after gunzip). */
  bytes_read: number;
  /** Physical lines, header and blank lines included. */
  lines: number;
  blank_lines: number;
  /** CSV columns the schema does not know; their values are not in the output. */
  ignored_columns: string[];
  /** Times the per-symbol state was dropped because the file had more symbols than configured. */
  symbol_state_resets: number;
}

export function emptySummary(dataset: Dataset, date: string, format: RecordFormat): ValidationSummary {
  return {
    dataset,
    date,
    format,
    records_in: 0,
    accepted: 0,
    rejected: 0,
    flagged: 0,
    rejected_by_rule: {},
    flagged_by_rule: {},
    bytes_read: 0,
    lines: 0,
    blank_lines: 0,
    ignored_columns: [],
    symbol_state_resets: 0,
  };
}
