import type { KinesisStreamRecord } from "aws-lambda";
import { DATASETS, RawFields, SCHEMAS, createFileContext, fillFromObject, validateRecord, type Dataset, type FileContext, type RuleId, type ValidationConfig } from "../validation/core";
import { isValidCalendarDate } from "../validation/core/civil-date";
import { slotOf } from "../validation/core/datasets";
import type { Anomaly, Tick } from "./anomalies/anomaly";
import { detectGaps } from "./anomalies/gaps";
import { PriceJumpDetector } from "./anomalies/price-jump";
import { quoteAnomaly } from "./anomalies/quote-anomalies";
import { decodeKinesisData } from "./kinesis-data";
import { REALTIME_RULES } from "./rules";
import type { RealtimeSettings } from "./settings";

export type ProcessorSettings = Pick<RealtimeSettings, "priceJumpRatio" | "maxSpreadRatio" | "outOfOrderPolicy" | "maxGapSeconds" | "partitionTimeZones">;

/** `unknown` when the record names no dataset we know (undecodable, or a bad `dataset` value). */
export type DatasetOrUnknown = Dataset | "unknown";

export type RecordVerdict =
  | { readonly status: "accepted"; readonly sequenceNumber: string; readonly dataset: Dataset; readonly flags: readonly RuleId[] }
  | { readonly status: "rejected"; readonly sequenceNumber: string; readonly dataset: DatasetOrUnknown; readonly rule: string; readonly message: string }
  /** Our own processing threw: not the record's fault, so it is retried (a batch item failure). */
  | { readonly status: "failed"; readonly sequenceNumber: string; readonly dataset: DatasetOrUnknown; readonly error: unknown };

export interface BatchAnalysis {
  /** One per record, in the batch's order. */
  readonly verdicts: readonly RecordVerdict[];
  readonly anomalies: readonly Anomaly[];
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const QUOTE_BID = slotOf(SCHEMAS.quotes, "bid_price");
const QUOTE_ASK = slotOf(SCHEMAS.quotes, "ask_price");
const TRADE_PRICE = slotOf(SCHEMAS.trades, "price");
/**
 * Validation contexts one batch may hold (one per dataset and trading date; a real batch has one
 * or two). A producer sending many dates cannot make the batch hold many contexts: past this many
 * they are dropped and started again, which can only miss an order, duplicate or jump flag.
 */
const MAX_CONTEXTS = 32;

/**
 * Runs one batch of Kinesis records (one shard, in sequence order) through the file validator's
 * record rules and the anomaly detectors. Pure: no AWS calls, no clock, no logging.
 *
 * The rules' per-file state (order, duplicate trade ids, price jumps) lives in one context per
 * dataset and trading date for the batch, as a file's does for the file, and ends with the batch: a
 * record Lambda delivers again after a partial failure is validated afresh, not taken for its own
 * duplicate.
 */
export function analyseBatch(records: readonly KinesisStreamRecord[], settings: ProcessorSettings): BatchAnalysis {
  const contexts = new Map<string, FileContext>();
  const raws = Object.fromEntries(DATASETS.map((d) => [d, new RawFields(SCHEMAS[d].fields.length)])) as Record<Dataset, RawFields>;
  const jumps = new PriceJumpDetector(settings.priceJumpRatio);
  const ticks: Tick[] = [];
  const anomalies: Anomaly[] = [];
  const verdicts: RecordVerdict[] = [];

  const contextFor = (dataset: Dataset, date: string): FileContext => {
    const key = `${dataset}|${date}`;
    let context = contexts.get(key);
    if (!context) {
      if (contexts.size >= MAX_CONTEXTS) contexts.clear();
      const options: Partial<ValidationConfig> = {
        maxSpreadRatio: settings.maxSpreadRatio,
        priceJumpRatio: settings.priceJumpRatio,
        outOfOrderPolicy: settings.outOfOrderPolicy,
        partitionTimeZone: settings.partitionTimeZones[dataset],
      };
      context = createFileContext(dataset, date, options);
      contexts.set(key, context);
    }
    return context;
  };

  for (const record of records) {
    const sequenceNumber = record.kinesis?.sequenceNumber;
    let dataset: DatasetOrUnknown = "unknown";
    try {
      const decoded = decodeKinesisData(record.kinesis?.data);
      if (!decoded.ok) {
        verdicts.push({ status: "rejected", sequenceNumber, dataset, rule: decoded.rule, message: decoded.message });
        continue;
      }
      const event = decoded.event;
      const named = event.dataset;
      if (typeof named !== "string" || !(DATASETS as readonly string[]).includes(named)) {
        const message = named === undefined ? "dataset is missing" : `dataset ${JSON.stringify(named)} is unknown, allowed values are ${DATASETS.join(", ")}`;
        verdicts.push({ status: "rejected", sequenceNumber, dataset, rule: REALTIME_RULES.datasetUnknown, message });
        continue;
      }
      dataset = named as Dataset;
      const date = event.trading_date;
      const match = typeof date === "string" ? DATE_PATTERN.exec(date) : null;
      if (!match || !isValidCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
        const message = date === undefined ? "trading_date is missing" : `trading_date ${JSON.stringify(date)} is not a calendar date YYYY-MM-DD`;
        verdicts.push({ status: "rejected", sequenceNumber, dataset, rule: REALTIME_RULES.tradingDateFormat, message });
        continue;
      }

      const contextKey = `${dataset}|${date}`;
      const context = contextFor(dataset, date as string);
      const raw = raws[dataset];
      fillFromObject(context.schema, event, raw);
      const outcome = validateRecord(raw, context);
      // What the rules decoded. After a rejection it is complete only for quote.crossed, a check that
      // runs once every field parsed (checkDatasetRules); quoteAnomaly reads it for nothing else.
      const normalised = context.normalised;
      const tick = (): Tick => ({
        dataset: dataset as Dataset,
        symbol: normalised.raw.text(context.symbolSlot),
        eventTimeMs: normalised.tsSeconds * 1000 + Math.floor(normalised.tsNanos / 1e6),
        sequenceNumber,
      });
      if (dataset === "quotes") {
        const crossedOrAccepted = outcome.ok || outcome.rule === "quote.crossed";
        const anomaly = crossedOrAccepted ? quoteAnomaly(tick(), normalised.values[QUOTE_BID]!, normalised.values[QUOTE_ASK]!, outcome.ok ? null : outcome.rule) : null;
        if (anomaly) anomalies.push(anomaly);
      }
      if (!outcome.ok) {
        verdicts.push({ status: "rejected", sequenceNumber, dataset, rule: outcome.rule, message: outcome.message });
        continue;
      }
      const accepted = tick();
      ticks.push(accepted);
      if (dataset === "trades") {
        const anomaly = jumps.observe(contextKey, accepted, normalised.values[TRADE_PRICE]!, outcome.flags);
        if (anomaly) anomalies.push(anomaly);
      }
      verdicts.push({ status: "accepted", sequenceNumber, dataset, flags: outcome.flags.length === 0 ? [] : [...outcome.flags] });
    } catch (error) {
      verdicts.push({ status: "failed", sequenceNumber, dataset, error });
    }
  }
  anomalies.push(...detectGaps(ticks, settings.maxGapSeconds));
  return { verdicts, anomalies };
}
