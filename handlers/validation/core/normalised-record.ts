import { RawFields } from "./raw-fields";
import { RuleId } from "./rules";

/**
 * The typed view of an accepted record, filled by validateRecord and read by the JSON lines writer.
 * It is reused for every record of a file: valid only until the next validateRecord call.
 *
 * Text fields (trade id, symbol, exchange, conditions) stay byte ranges in `raw` (the symbol already
 * uppercased); numbers and the timestamp are typed here.
 */
export class NormalisedRecord {
  /** The fields the record was validated from. */
  raw: RawFields;
  /** Number value per slot (price and count fields). */
  readonly values: Float64Array;
  /** 1 when the raw bytes of a number slot are already the JSON form of the value and can be copied. */
  readonly copyNumberText: Uint8Array;
  /** Timestamp as whole epoch seconds plus nanoseconds. */
  tsSeconds = 0;
  tsNanos = 0;
  /** Flags raised by the record (it is accepted nonetheless). */
  readonly flags: RuleId[] = [];

  constructor(raw: RawFields) {
    this.raw = raw;
    this.values = new Float64Array(raw.slotCount);
    this.copyNumberText = new Uint8Array(raw.slotCount);
  }
}
