import { GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { INSTRUMENTS_TABLE_KEYS } from "../saga/event-store-schema";
import type { Enrichment, ValidatedEvent } from "./saga-state";
import { StepError } from "./step-errors";

/** An instruments table item: reference data of one symbol. */
export interface Instrument {
  readonly symbol: string;
  /** The listing venue's MIC, e.g. "XNAS". */
  readonly venue: string;
  /** ISO 4217 currency of prices, e.g. "USD". */
  readonly currency: string;
}

const BASIS_POINTS = 10_000;

type Level = { readonly price: number; readonly size: number };

/** mid and spread in basis points of a bid and an ask (validated: bid < ask, both > 0). */
function midAndSpread(bid: number, ask: number): { mid: number; spreadBps: number } {
  const mid = (bid + ask) / 2;
  return { mid, spreadBps: ((ask - bid) / mid) * BASIS_POINTS };
}

/**
 * The figures Enrich adds (pure): a trade's notional (price x size); a quote's or an order book's
 * mid and spread in basis points from its best bid and ask; the venue the event names (a trade's
 * exchange code, a book's venue) or else the instrument's listing venue.
 */
export function enrichment(event: ValidatedEvent, instrument: Instrument): Enrichment {
  const d = event.data as Record<string, unknown>;
  const base = { currency: instrument.currency, notional: null, mid: null, spreadBps: null };
  switch (event.type) {
    case "trade":
      return { ...base, venue: typeof d.exchange === "string" ? d.exchange : instrument.venue, notional: Number(d.price) * Number(d.size) };
    case "quote":
      return { ...base, venue: instrument.venue, ...midAndSpread(Number(d.bid_price), Number(d.ask_price)) };
    case "orderbook": {
      const [bid] = d.bids as Level[];
      const [ask] = d.asks as Level[];
      // A one-sided book (the rules allow it) has no mid or spread.
      return { ...base, venue: typeof d.venue === "string" ? d.venue : instrument.venue, ...(bid && ask ? midAndSpread(bid.price, ask.price) : {}) };
    }
  }
}

/**
 * Enrich: reads the symbol's instrument and computes the figures. An unknown symbol throws
 * InstrumentNotFound (not retried; the saga ends Unenriched and stores nothing): storing an event
 * without reference data would hide a gap in the instruments table, and a replay after the
 * instrument is added stores it.
 */
export async function enrichEvent(documents: DynamoDBDocumentClient, instrumentsTable: string, event: ValidatedEvent): Promise<Enrichment> {
  const { Item } = await documents.send(new GetCommand({ TableName: instrumentsTable, Key: { [INSTRUMENTS_TABLE_KEYS.partitionKey]: event.symbol } }));
  if (!Item) throw new StepError("InstrumentNotFound", `symbol ${event.symbol} is not in ${instrumentsTable}; add the instrument, then replay the event (id ${event.id})`);
  return enrichment(event, Item as Instrument);
}
