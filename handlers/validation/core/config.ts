import { isValidTimeZone } from "./trading-date";

/** Tunable thresholds of the validator, with the defaults the Lambda uses unless configured. */
export interface ValidationConfig {
  /** Largest accepted quote spread as a ratio of the mid price: (ask - bid) / ((ask + bid) / 2). */
  readonly maxSpreadRatio: number;
  /** A price that moves more than this ratio from the symbol's previous price is flagged. */
  readonly priceJumpRatio: number;
  /** What to do with a record whose timestamp is earlier than its symbol's previous one. */
  readonly outOfOrderPolicy: "flag" | "reject";
  /**
   * The last `duplicateWindow` accepted trade ids are always remembered (up to twice as many may be).
   * Memory is about 2 x 28 bytes per id of the window (~6 MB for the default). A larger window also
   * costs speed through cache misses (about 120 ns per trade at 100k, 170 ns at 500k, measured); a
   * duplicate further apart than the window is not detected here (the Glue job deduplicates again).
   */
  readonly duplicateWindow: number;
  /** Per-symbol state (last timestamp and price) is dropped when more symbols than this are seen. */
  readonly maxTrackedSymbols: number;
  /** A longer line makes the object unreadable ("line-too-long"): it is not market data. */
  readonly maxLineBytes: number;
  /** Size of the serialised JSON lines chunks handed to the accepted sink. */
  readonly outputChunkBytes: number;
  /**
   * IANA zone of the dataset's trading dates: a record belongs to a `date=` partition when its
   * timestamp lies in that civil day there (US equities: "America/New_York"; a 19:30 New York trade
   * in winter is the next UTC day).
   */
  readonly partitionTimeZone: string;
}

export const DEFAULT_VALIDATION_CONFIG: ValidationConfig = {
  maxSpreadRatio: 0.1,
  priceJumpRatio: 0.1,
  outOfOrderPolicy: "flag",
  duplicateWindow: 100_000,
  maxTrackedSymbols: 200_000,
  maxLineBytes: 1 << 20,
  outputChunkBytes: 256 << 10,
  partitionTimeZone: "UTC",
};

/** Defaults overlaid with `overrides`; throws a message naming the field and the allowed values. */
export function resolveValidationConfig(overrides: Partial<ValidationConfig> = {}): ValidationConfig {
  const config = { ...DEFAULT_VALIDATION_CONFIG, ...overrides };
  requirePositive("maxSpreadRatio", config.maxSpreadRatio);
  requirePositive("priceJumpRatio", config.priceJumpRatio);
  requireInteger("duplicateWindow", config.duplicateWindow, 1);
  requireInteger("maxTrackedSymbols", config.maxTrackedSymbols, 1);
  requireInteger("maxLineBytes", config.maxLineBytes, 1024);
  requireInteger("outputChunkBytes", config.outputChunkBytes, 4096);
  if (!isValidTimeZone(config.partitionTimeZone)) {
    throw new Error(`partitionTimeZone: got ${JSON.stringify(config.partitionTimeZone)}, allowed values are IANA time zone names, e.g. "America/New_York" or "UTC"`);
  }
  if (config.outOfOrderPolicy !== "flag" && config.outOfOrderPolicy !== "reject") {
    throw new Error(`outOfOrderPolicy: got ${String(config.outOfOrderPolicy)}, allowed values are "flag", "reject"`);
  }
  return config;
}

function requirePositive(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new Error(`${field}: got ${value}, allowed values are finite numbers > 0`);
  }
}

function requireInteger(field: string, value: number, min: number): void {
  if (!(Number.isSafeInteger(value) && value >= min)) {
    throw new Error(`${field}: got ${value}, allowed values are integers >= ${min}`);
  }
}
