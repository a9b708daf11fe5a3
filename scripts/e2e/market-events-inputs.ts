import { EVENT_TYPES } from "../../src/operations/replay/market-events-names";

type Json = Record<string, unknown>;

/** A rejected event the run plants, with the field and rule the ingest function must name. */
export interface PlannedRejection {
  readonly id: string;
  readonly field: string;
  readonly rule: string;
}

/** What the stage posts and what every count must come to. */
export interface MarketEventsPlan {
  /** Request bodies' event lists, posted in order. */
  readonly requests: readonly (readonly unknown[])[];
  /** Distinct good events: each must be accepted once and stored once. */
  readonly good: readonly Json[];
  readonly rejections: readonly PlannedRejection[];
  /** Copies of accepted events (same id and content): each answered "duplicate". */
  readonly duplicates: number;
  /** Ids of good events whose Store fails once after its write went through. */
  readonly storeFailsFor: ReadonlySet<string>;
  /** Reference data the Enrich step reads. */
  readonly instruments: readonly { readonly symbol: string; readonly venue: string; readonly currency: string }[];
}

export interface PlanOptions {
  readonly goodEvents: number;
  readonly eventsPerRequest: number;
  /** One in this many good events has its Store fail after the write. */
  readonly storeFailureEvery: number;
  /** The events' times start here (a replay window around the run must hold them). */
  readonly at: Date;
}

const SYMBOLS = { trade: ["AAPL", "MSFT"], quote: ["MSFT", "SPY"], orderbook: ["SPY"] } as const;

function goodEvent(i: number, at: Date): Json {
  const type = EVENT_TYPES[i % EVENT_TYPES.length];
  const symbols = SYMBOLS[type];
  const symbol = symbols[i % symbols.length];
  const ts = new Date(at.getTime() + i).toISOString();
  const envelope = { version: "1", id: `e2e-${type}-${i}`, type, source: "e2e.producer", time: ts };
  const tick = (i % 7) / 100;
  switch (type) {
    case "trade":
      return { ...envelope, data: { trade_id: `T-${i}`, symbol, ts, price: 190 + tick, size: 100 + i, exchange: "Q" } };
    case "quote":
      return { ...envelope, data: { symbol, ts, bid_price: 410.1 + tick, bid_size: 300, ask_price: 410.12 + tick, ask_size: 200 } };
    case "orderbook":
      return {
        ...envelope,
        data: { symbol, ts, venue: "XNAS", bids: [{ price: 600.1 + tick, size: 200 }, { price: 600 + tick, size: 500 }], asks: [{ price: 600.2 + tick, size: 100 }, { price: 600.3 + tick, size: 400 }] },
      };
  }
}

/** One of each kind of fault the ingest rules catch, with the answer expected for it. */
function rejectedEvents(at: Date): Array<{ event: Json; expected: PlannedRejection }> {
  const ts = at.toISOString();
  const base = (id: string, type: string) => ({ version: "1", id, type, source: "e2e.producer", time: ts });
  return [
    { event: { ...base("e2e-bad-price", "trade"), data: { trade_id: "T-bad", symbol: "AAPL", ts, price: -1, size: 10, exchange: "Q" } }, expected: { id: "e2e-bad-price", field: "data.price", rule: "price.range" } },
    { event: { ...base("e2e-bad-crossed-quote", "quote"), data: { symbol: "MSFT", ts, bid_price: 411, bid_size: 1, ask_price: 410.12, ask_size: 1 } }, expected: { id: "e2e-bad-crossed-quote", field: "data.bid_price", rule: "quote.crossed" } },
    {
      event: { ...base("e2e-bad-crossed-book", "orderbook"), data: { symbol: "SPY", ts, venue: "XNAS", bids: [{ price: 600.1, size: 1 }], asks: [{ price: 600.05, size: 1 }] } },
      expected: { id: "e2e-bad-crossed-book", field: "data.asks[0].price", rule: "orderbook.crossed" },
    },
    { event: { id: "e2e-bad-version", type: "trade", source: "e2e.producer", time: ts, data: {} }, expected: { id: "e2e-bad-version", field: "version", rule: "envelope.version" } },
  ];
}

/**
 * The run's requests: the good events in batches with the rejected ones in the first, then one
 * request re-posting a copy of every tenth good event (the client retried after a lost answer).
 */
export function marketEventsPlan(options: PlanOptions): MarketEventsPlan {
  const good = Array.from({ length: options.goodEvents }, (_, i) => goodEvent(i, options.at));
  const rejected = rejectedEvents(options.at);
  const requests: unknown[][] = [];
  for (let start = 0; start < good.length; start += options.eventsPerRequest) requests.push(good.slice(start, start + options.eventsPerRequest));
  requests[0] = [...rejected.map((r) => r.event), ...requests[0]];
  const resent = good.filter((_, i) => i % 10 === 0).map((e) => ({ ...e }));
  requests.push(resent);
  return {
    requests,
    good,
    rejections: rejected.map((r) => r.expected),
    duplicates: resent.length,
    storeFailsFor: new Set(good.filter((_, i) => i % options.storeFailureEvery === options.storeFailureEvery - 1).map((e) => String(e.id))),
    instruments: [
      { symbol: "AAPL", venue: "XNAS", currency: "USD" },
      { symbol: "MSFT", venue: "XNAS", currency: "USD" },
      { symbol: "SPY", venue: "ARCX", currency: "USD" },
    ],
  };
}
