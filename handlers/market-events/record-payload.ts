import { JsonlWriter, RULES, RawFields, SCHEMAS, createFileContext, fillFromObject, validateRecord, type Dataset, type FileContext } from "../validation/core";
import { tradingDateOf } from "../validation/core/trading-date";
import type { EventProblem } from "./event-rules";

export type RecordDataset = Extract<Dataset, "trades" | "quotes">;

export interface RecordRulesSettings {
  readonly maxSpreadRatio: number;
  readonly partitionTimeZones: Readonly<Record<Dataset, string>>;
  /** Events of one request: bounds the in-request trade id window. */
  readonly maxEventsPerRequest: number;
}

export type RecordOutcome =
  /** `json` is the normalised record as the lake writes it (uppercased symbol, 9-digit UTC ts, flags). */
  { readonly ok: true; readonly json: string; readonly flags: readonly string[] } | { readonly ok: false; readonly problem: EventProblem };

/** For rules whose message does not start with the field's name. */
const RULE_FIELDS: Partial<Record<string, string>> = {
  [RULES.quoteCrossed]: "bid_price",
  [RULES.quoteSpread]: "ask_price",
  [RULES.tradeIdDuplicate]: "trade_id",
  [RULES.timestampOrder]: "ts",
};

/**
 * Trades and quotes against the lake's shared record rules (handlers/validation/core: the same
 * validateRecord a file row and a streamed record go through), for one request. The rules' per-file
 * state (trade id duplicates, per-symbol order and price jumps) lives in one context per dataset and
 * trading date for the request, as a file's does for the file: a trade id sent twice in one request
 * under two event ids is refused (trade_id.duplicate); across requests the event id is what dedupes.
 *
 * The trading date is the civil date of the envelope's `time` in the dataset's partition time zone;
 * the record's own `ts` must lie in that trading day (the lake's timestamp.partition rule), so an
 * event always lands in the same lake partition as its envelope says.
 */
export class RecordRules {
  private readonly contexts = new Map<string, { context: FileContext; writer: JsonlWriter; raw: RawFields }>();
  private lastChunk: Buffer | null = null;

  constructor(private readonly settings: RecordRulesSettings) {}

  check(dataset: RecordDataset, timeMs: number, data: Readonly<Record<string, unknown>>): RecordOutcome {
    const date = tradingDateOf(timeMs, this.settings.partitionTimeZones[dataset]);
    const { context, writer, raw } = this.contextFor(dataset, date);
    fillFromObject(context.schema, data, raw);
    const outcome = validateRecord(raw, context);
    if (!outcome.ok) {
      const first = outcome.message.split(" ", 1)[0]!;
      const name = context.schema.fields.some((f) => f.name === first) ? first : RULE_FIELDS[outcome.rule];
      return { ok: false, problem: { field: name ? `data.${name}` : "data", rule: outcome.rule, reason: outcome.message } };
    }
    writer.write(outcome.normalised, sourceBound(data));
    writer.flush();
    const chunk = this.lastChunk!;
    this.lastChunk = null;
    // The writer ends each record with a newline; the bus carries the object alone.
    return { ok: true, json: chunk.toString("utf8", 0, chunk.length - 1), flags: outcome.flags.length === 0 ? [] : [...outcome.flags] };
  }

  private contextFor(dataset: RecordDataset, date: string) {
    const key = `${dataset}|${date}`;
    let entry = this.contexts.get(key);
    if (!entry) {
      const context = createFileContext(dataset, date, {
        maxSpreadRatio: this.settings.maxSpreadRatio,
        partitionTimeZone: this.settings.partitionTimeZones[dataset],
        outOfOrderPolicy: "flag",
        duplicateWindow: this.settings.maxEventsPerRequest,
        maxTrackedSymbols: this.settings.maxEventsPerRequest,
      });
      const writer = new JsonlWriter(context.schema, date, context.dayStart, (chunk) => (this.lastChunk = chunk), 4096);
      entry = { context, writer, raw: new RawFields(SCHEMAS[dataset].fields.length) };
      this.contexts.set(key, entry);
    }
    return entry;
  }
}

/** A bound on the bytes the record's text fields can take (the writer reserves 6 per byte for escapes). */
function sourceBound(data: Readonly<Record<string, unknown>>): number {
  let bytes = 16;
  for (const key in data) {
    const value = data[key];
    bytes += key.length + 4 + (typeof value === "string" ? value.length * 3 : 24);
  }
  return bytes;
}
