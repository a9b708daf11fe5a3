import fc from "fast-check";
import { validateOrderBook } from "../../../handlers/market-events/order-book";

const book = (over: Record<string, unknown> = {}) => ({
  symbol: "spy",
  ts: "2026-11-20T14:30:00.000Z",
  bids: [
    { price: 600.1, size: 200 },
    { price: 600, size: 500 },
  ],
  asks: [
    { price: 600.2, size: 100 },
    { price: 600.3, size: 0.5 },
  ],
  ...over,
});
const refused = (data: Record<string, unknown>, depth = 10) => {
  const outcome = validateOrderBook(data, depth);
  if (outcome.ok) throw new Error("expected a refusal");
  return outcome.problem;
};

describe("order book rules", () => {
  it("accepts a sorted, uncrossed book and uppercases the symbol; a one-sided book too", () => {
    const outcome = validateOrderBook(book({ venue: "XNAS" }), 10);
    expect(outcome).toMatchObject({ ok: true, book: { symbol: "SPY", venue: "XNAS" } });
    expect(validateOrderBook(book({ asks: [] }), 10).ok).toBe(true);
  });

  it.each([
    ["symbol missing", { symbol: undefined }, "data.symbol", "field.missing"],
    ["symbol format", { symbol: "1BAD" }, "data.symbol", "symbol.format"],
    ["ts missing", { ts: undefined }, "data.ts", "field.missing"],
    ["ts format", { ts: "yesterday" }, "data.ts", "timestamp.format"],
    ["venue type", { venue: 7 }, "data.venue", "field.type"],
    ["bids missing", { bids: undefined }, "data.bids", "field.missing"],
    ["bids not array", { bids: {} }, "data.bids", "orderbook.levels"],
    ["level not object", { bids: [[600, 1]] }, "data.bids[0]", "orderbook.levels"],
    ["empty book", { bids: [], asks: [] }, "data.bids", "orderbook.empty"],
    ["price <= 0", { asks: [{ price: 0, size: 1 }] }, "data.asks[0].price", "price.range"],
    ["price not number", { asks: [{ price: "600.2", size: 1 }] }, "data.asks[0].price", "field.type"],
    ["size <= 0", { bids: [{ price: 600, size: 0 }] }, "data.bids[0].size", "orderbook.size"],
    ["size missing", { bids: [{ price: 600 }] }, "data.bids[0].size", "field.missing"],
    ["bids ascending", { bids: [{ price: 600, size: 1 }, { price: 600.1, size: 1 }] }, "data.bids[1].price", "orderbook.order"],
    ["bids repeated price", { bids: [{ price: 600, size: 1 }, { price: 600, size: 2 }] }, "data.bids[1].price", "orderbook.order"],
    ["asks descending", { asks: [{ price: 601, size: 1 }, { price: 600.5, size: 1 }] }, "data.asks[1].price", "orderbook.order"],
    ["crossed", { asks: [{ price: 600.05, size: 1 }] }, "data.asks[0].price", "orderbook.crossed"],
    ["locked", { asks: [{ price: 600.1, size: 1 }] }, "data.asks[0].price", "orderbook.crossed"],
  ])("refuses: %s", (_name, over, field, rule) => {
    expect(refused(book(over as Record<string, unknown>))).toMatchObject({ field, rule });
  });

  it("refuses a side deeper than the configured depth", () => {
    const bids = Array.from({ length: 4 }, (_, i) => ({ price: 600 - i, size: 1 }));
    expect(validateOrderBook(book({ bids }), 4).ok).toBe(true);
    expect(refused(book({ bids }), 3)).toMatchObject({ field: "data.bids", rule: "orderbook.depth" });
  });
});

describe("order book rules: properties", () => {
  /** Distinct positive prices, split at a gap: bids below it descending, asks above it ascending. */
  const sortedBook = fc
    .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 2, maxLength: 40 })
    .chain((ticks) => {
      const sorted = [...ticks].sort((a, b) => a - b);
      return fc.integer({ min: 1, max: sorted.length - 1 }).map((split) => ({
        bids: sorted.slice(0, split).reverse().map((t) => ({ price: t / 100, size: 1 + (t % 7) })),
        asks: sorted.slice(split).map((t) => ({ price: t / 100, size: 0.5 + (t % 3) })),
      }));
    });

  it("a valid book always passes", () => {
    fc.assert(fc.property(sortedBook, ({ bids, asks }) => validateOrderBook(book({ bids, asks }), 40).ok));
  });

  it("a shuffled book (a side out of order) always fails", () => {
    const shuffled = sortedBook.chain(({ bids, asks }) =>
      fc.record({
        side: fc.constantFrom<"bids" | "asks">(...(bids.length >= 2 && asks.length >= 2 ? (["bids", "asks"] as const) : bids.length >= 2 ? (["bids"] as const) : (["asks"] as const))),
        seed: fc.integer(),
      }).map(({ side, seed }) => {
        const levels = side === "bids" ? [...bids] : [...asks];
        // A permutation other than the identity: rotate by 1..n-1, then swap a random pair.
        const n = levels.length;
        const k = 1 + (Math.abs(seed) % (n - 1));
        const rotated = [...levels.slice(k), ...levels.slice(0, k)];
        return { bids: side === "bids" ? rotated : bids, asks: side === "asks" ? rotated : asks };
      }),
    );
    fc.assert(
      fc.property(
        shuffled.filter(({ bids, asks }) => bids.length + asks.length >= 2 && (bids.length >= 2 || asks.length >= 2)),
        ({ bids, asks }) => {
          const outcome = validateOrderBook(book({ bids, asks }), 40);
          return !outcome.ok && (outcome.problem.rule === "orderbook.order" || outcome.problem.rule === "orderbook.crossed");
        },
      ),
    );
  });
});
