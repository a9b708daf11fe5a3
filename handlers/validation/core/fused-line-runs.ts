import { FLAG_JUMP, FLAG_ORDER } from "./fused-bytes";
import { BAIL } from "./fused-file-state";
import { LineRunHandler } from "./line-splitter";
import { JsonlWriter } from "./jsonl-writer";
import { FileContext } from "./record-validator";
import { RULES, countRule } from "./rules";
import { ValidationSummary } from "./validation-summary";

/** Longest line a fused path takes (longer ones are rare and go to the general path). */
const MAX_FUSED_LINE_BYTES = 1024;
/** Output bytes of a line beyond its own: key fragments, flags, the 4-byte stores' overrun. */
const MAX_OUTPUT_OVERHEAD = 256;

/** Whether CSV column c holds schema slot c for every column (the layout the fused CSV paths read). */
export function columnsInSchemaOrder(columnSlots: Int32Array): boolean {
  return columnSlots.every((slot, column) => slot === column);
}

/**
 * What the fused paths (trades CSV, canonical JSON lines) share: taking runs of lines from the
 * splitter until one is not clean, counting what they accepted, a DataView of the input chunk.
 * A subclass's `line` validates and writes one clean line and returns where the next starts, or
 * returns BAIL before changing any state, and the splitter hands that line to the general path.
 */
export abstract class FusedLineRuns implements LineRunHandler {
  linesConsumed = 0;
  protected inputView: DataView = new DataView(new ArrayBuffer(0));
  protected readonly maxLineBytes: number;
  protected readonly rejectOutOfOrder: boolean;
  private inputBuffer: Buffer | null = null;

  protected constructor(
    protected readonly context: FileContext,
    protected readonly writer: JsonlWriter,
    protected readonly summary: ValidationSummary,
  ) {
    this.maxLineBytes = Math.min(MAX_FUSED_LINE_BYTES, context.config.maxLineBytes);
    this.rejectOutOfOrder = context.config.outOfOrderPolicy === "reject";
  }

  consumeLines(buf: Buffer, start: number, lastLf: number): number {
    if (buf !== this.inputBuffer) {
      this.inputBuffer = buf;
      this.inputView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    let next = start;
    let lines = 0;
    for (;;) {
      const after = this.line(buf, next, lastLf);
      if (after === BAIL) break;
      lines++;
      next = after;
      if (next > lastLf) break;
    }
    this.endRun(buf);
    this.linesConsumed = lines;
    this.summary.records_in += lines;
    this.summary.accepted += lines;
    return next;
  }

  /**
   * Validates and writes the line starting at `start` (its LF is at or before `limit`) when it is
   * clean, and returns where the next line starts; BAIL when the general path must handle it.
   */
  protected abstract line(buf: Buffer, start: number, limit: number): number;

  /**
   * Where the loops over the line starting at `start` stop: its LF (at or before `limit`) or the
   * fused paths' line limit, whichever comes first. BAIL when the output chunk lacks room for a line
   * of that limit: every write into the chunk then stays within the room checked here.
   */
  protected lineBound(start: number, limit: number): number {
    const writer = this.writer;
    if (writer.pos + this.maxLineBytes + MAX_OUTPUT_OVERHEAD > writer.chunk.length) return BAIL;
    return Math.min(limit, start + this.maxLineBytes);
  }

  /** Called when a run ends, before the general path may write: finish any deferred output. */
  protected endRun(_buf: Buffer): void {}

  protected countFlags(flags: number): void {
    const summary = this.summary;
    summary.flagged++;
    if ((flags & FLAG_ORDER) !== 0) countRule(summary.flagged_by_rule, RULES.timestampOrder);
    if ((flags & FLAG_JUMP) !== 0) countRule(summary.flagged_by_rule, RULES.priceJump);
  }
}
