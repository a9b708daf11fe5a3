import { DatasetSchema, FieldKind, SCHEMAS, Dataset, slotOf } from "./datasets";
import { ValidationConfig, resolveValidationConfig } from "./config";
import { ABSENT, BYTES, JSON_TEXT, NUMBER, PLAIN_INTEGER, RawFields, WRONG_TYPE } from "./raw-fields";
import { NormalisedRecord } from "./normalised-record";
import { RULES, RuleId } from "./rules";
import { scanNumberInto, scanTimestampInto } from "./field-decoding";
import { SYMBOL_HAS_LOWERCASE, SYMBOL_INVALID, SYMBOL_PATTERN, checkSymbolBytes, copyUppercase } from "./symbol-format";
import { hashBytes } from "./byte-key-table";
import { RecentIdSet } from "./recent-id-set";
import { SymbolStates } from "./symbol-states";
import { partitionDayStart } from "./object-key";
import { checkDatasetRules, referencePrice } from "./dataset-rules";
import { tradingDayBounds } from "./trading-date";

export interface AcceptedOutcome {
  readonly ok: true;
  /** Reused for the next record: serialise or copy before validating another one. */
  readonly normalised: NormalisedRecord;
  readonly flags: readonly RuleId[];
}

export interface RejectedOutcome {
  readonly ok: false;
  readonly rule: RuleId;
  readonly message: string;
}

export type RecordOutcome = AcceptedOutcome | RejectedOutcome;

/** Numeric field kinds, so the per-field dispatch is a switch on small integers. */
const KIND_CODES: Record<FieldKind, number> = { "trade-id": 0, symbol: 1, timestamp: 2, price: 3, count: 4, text: 5 };

/** Everything validateRecord needs for one object: schema, thresholds and the per-file state. */
export interface FileContext {
  readonly schema: DatasetSchema;
  readonly config: ValidationConfig;
  /** The partition date, `YYYY-MM-DD`: a trading date in config.partitionTimeZone. */
  readonly date: string;
  /** First epoch second of the partition date's UTC day: the origin timestamps are written from. */
  readonly dayStart: number;
  /** The partition's trading day in config.partitionTimeZone, epoch seconds [windowStart, windowEnd). */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly kindCodes: Uint8Array;
  readonly symbolSlot: number;
  readonly tsSlot: number;
  /** -1 unless the dataset has trade ids. */
  readonly tradeIdSlot: number;
  readonly symbols: SymbolStates;
  readonly tradeIds: RecentIdSet | null;
  readonly normalised: NormalisedRecord;
  readonly accepted: AcceptedOutcome;
}

export function createFileContext(dataset: Dataset, date: string, overrides: Partial<ValidationConfig> = {}): FileContext {
  const schema = SCHEMAS[dataset];
  const config = resolveValidationConfig(overrides);
  const normalised = new NormalisedRecord(new RawFields(schema.fields.length));
  const hasTradeIds = schema.fields.some((f) => f.kind === "trade-id");
  const dayStart = partitionDayStart(date);
  const window = config.partitionTimeZone === "UTC" ? { startMs: dayStart * 1000, endMs: (dayStart + 86_400) * 1000 } : tradingDayBounds(date, config.partitionTimeZone);
  return {
    schema,
    config,
    date,
    dayStart,
    windowStart: window.startMs / 1000,
    windowEnd: window.endMs / 1000,
    kindCodes: Uint8Array.from(schema.fields, (f) => KIND_CODES[f.kind]),
    symbolSlot: slotOf(schema, "symbol"),
    tsSlot: slotOf(schema, "ts"),
    tradeIdSlot: hasTradeIds ? slotOf(schema, "trade_id") : -1,
    symbols: new SymbolStates(config.maxTrackedSymbols),
    tradeIds: hasTradeIds ? new RecentIdSet(config.duplicateWindow) : null,
    normalised,
    accepted: { ok: true, normalised, flags: normalised.flags },
  };
}

/**
 * Checks one record against its dataset's rules and the file's state, and on success updates that
 * state (last timestamp and price per symbol, accepted trade ids). Stateless checks run first, then
 * the order check, then the duplicate check (which records the id); state changes only for accepted
 * records, so a rejected record never makes a later good one look like a duplicate or out of order.
 */
export function validateRecord(raw: RawFields, context: FileContext): RecordOutcome {
  const { schema, kindCodes } = context;
  const record = context.normalised;
  record.raw = raw;
  if (record.flags.length !== 0) record.flags.length = 0;
  const fields = schema.fields;
  for (let slot = 0; slot < fields.length; slot++) {
    const kind = raw.kinds[slot];
    if (kind === ABSENT) {
      if (fields[slot]!.required) return reject(RULES.fieldMissing, `${fields[slot]!.name} is missing`);
      continue;
    }
    if (kind === WRONG_TYPE) return reject(RULES.fieldType, `${fields[slot]!.name} has a value of the wrong type`);
    const problem = checkField(kindCodes[slot]!, slot, raw, context);
    if (problem !== null) return problem;
  }

  const datasetProblem = checkDatasetRules(context, record.values);
  if (datasetProblem !== null) return datasetProblem;

  const states = context.symbols;
  const symbolBuffer = raw.buffers[context.symbolSlot]!;
  const symbolStart = raw.starts[context.symbolSlot]!;
  const symbolEnd = raw.ends[context.symbolSlot]!;
  const symbolId = states.idOf(symbolBuffer, symbolStart, symbolEnd, hashBytes(symbolBuffer, symbolStart, symbolEnd));
  const lastSeconds = states.lastSeconds[symbolId]!;
  const seconds = record.tsSeconds;
  const nanos = record.tsNanos;
  if (lastSeconds >= 0 && (seconds < lastSeconds || (seconds === lastSeconds && nanos < states.lastNanos[symbolId]!))) {
    if (context.config.outOfOrderPolicy === "reject") {
      return reject(RULES.timestampOrder, `ts is earlier than the previous ${raw.text(context.symbolSlot)} record`);
    }
    record.flags.push(RULES.timestampOrder);
  }

  // The last check that can reject also commits the trade id; from here on the record is accepted.
  const tradeIds = context.tradeIds;
  if (tradeIds !== null) {
    const slot = context.tradeIdSlot;
    const buf = raw.buffers[slot]!;
    const start = raw.starts[slot]!;
    const end = raw.ends[slot]!;
    if (!tradeIds.addIfAbsent(buf, start, end, hashBytes(buf, start, end))) {
      return reject(RULES.tradeIdDuplicate, `trade_id ${raw.text(slot)} was already accepted`);
    }
  }

  const price = referencePrice(context, record.values);
  if (lastSeconds >= 0 && Math.abs(price / states.lastPrice[symbolId]! - 1) > context.config.priceJumpRatio) {
    record.flags.push(RULES.priceJump);
  }
  states.lastSeconds[symbolId] = seconds;
  states.lastNanos[symbolId] = nanos;
  states.lastPrice[symbolId] = price;
  return context.accepted;
}

function checkField(kindCode: number, slot: number, raw: RawFields, context: FileContext): RejectedOutcome | null {
  const record = context.normalised;
  const name = context.schema.fields[slot]!.name;
  const start = raw.starts[slot]!;
  const end = raw.ends[slot]!;
  switch (kindCode) {
    case 0: {
      // trade-id
      if (end - start > 64) return reject(RULES.tradeIdFormat, `${name} is longer than 64 bytes`);
      const buf = raw.buffers[slot]!;
      for (let i = start; i < end; i++) {
        const c = buf[i]!;
        if (c < 0x20 || c === 0x7f) return reject(RULES.tradeIdFormat, `${name} contains a control character`);
      }
      return null;
    }
    case 1: {
      // symbol
      const buf = raw.buffers[slot]!;
      const verdict = checkSymbolBytes(buf, start, end);
      if (verdict === SYMBOL_INVALID) {
        return reject(RULES.symbolFormat, `${name} "${raw.text(slot)}" does not match ${SYMBOL_PATTERN.source}`);
      }
      if (verdict === SYMBOL_HAS_LOWERCASE) {
        raw.reserveScratch(end - start);
        const target = raw.scratchUsed;
        copyUppercase(buf, start, end, raw.scratch, target);
        raw.scratchUsed += end - start;
        raw.setBytes(slot, raw.scratch, target, raw.scratchUsed);
      }
      return null;
    }
    case 2: {
      // timestamp
      if (raw.kinds[slot] === NUMBER) {
        const value = raw.numbers[slot]!;
        if (!(Math.abs(value) <= Number.MAX_SAFE_INTEGER)) {
          return reject(RULES.timestampFormat, `${name} ${value} is a JSON number beyond 2^53 and lost digits; send epoch nanoseconds as a string`);
        }
        raw.setString(slot, String(value)); // shortest round-trip text: the digits the producer wrote
      }
      if (raw.kinds[slot] === BYTES) {
        const buf = raw.buffers[slot]!;
        const textStart = raw.starts[slot]!;
        const textEnd = raw.ends[slot]!;
        if (scanTimestampInto(raw, slot, buf, textStart, textEnd) !== textEnd) {
          raw.setBytes(slot, buf, textStart, textEnd); // the whole text for the message
          return reject(RULES.timestampFormat, `${name} "${raw.text(slot)}" is not ISO-8601 with a zone or an epoch number`);
        }
      }
      const seconds = raw.numbers[slot]!;
      if (seconds < context.windowStart || seconds >= context.windowEnd) {
        return reject(RULES.timestampPartition, `${name} "${raw.text(slot)}" is outside the trading day ${context.date} in ${context.config.partitionTimeZone}`);
      }
      record.tsSeconds = seconds;
      record.tsNanos = raw.nanos[slot]!;
      return null;
    }
    case 3:
    case 4: {
      // price, count
      if (raw.kinds[slot] === BYTES && scanNumberInto(raw, slot, raw.buffers[slot]!, start, end) !== end) {
        raw.setBytes(slot, raw.buffers[slot]!, start, end); // the whole text for the message
        return reject(RULES.fieldType, `${name} "${raw.text(slot)}" is not a number`);
      }
      const value = raw.numbers[slot]!;
      if (kindCode === 3 && !(value > 0 && value < Infinity)) {
        return reject(RULES.priceRange, `${name} ${raw.text(slot)} is not a finite number > 0`);
      }
      if (kindCode === 4 && !(Number.isSafeInteger(value) && value >= 0)) {
        return reject(RULES.sizeRange, `${name} ${raw.text(slot)} is not an integer >= 0`);
      }
      record.values[slot] = value;
      record.copyNumberText[slot] = (raw.numberText[slot]! & (kindCode === 3 ? JSON_TEXT : PLAIN_INTEGER)) === 0 ? 0 : 1;
      return null;
    }
    default:
      return null; // text: any string
  }
}

export function reject(rule: RuleId, message: string): RejectedOutcome {
  return { ok: false, rule, message };
}
