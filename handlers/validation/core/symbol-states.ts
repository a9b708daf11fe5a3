import { ByteKeyTable } from "./byte-key-table";

/**
 * Per-symbol state of one file: last accepted timestamp and reference price, keyed by the symbol's
 * (uppercased) bytes. Memory is bounded by `maxSymbols`: when a file has more distinct symbols than
 * that, all state is dropped and tracking starts again (counted in `resets`). Dropping state can only
 * miss an order or jump flag, never raise a wrong one.
 */
export class SymbolStates {
  private readonly ids: ByteKeyTable;
  /** Indexed by symbol id; -1 seconds means "no accepted record yet". */
  lastSeconds = new Float64Array(1024).fill(-1);
  lastNanos = new Int32Array(1024);
  lastPrice = new Float64Array(1024);
  resets = 0;

  constructor(maxSymbols: number) {
    this.ids = new ByteKeyTable(maxSymbols);
  }

  /** The symbol's id, adding it (with empty state) when new. */
  idOf(buf: Uint8Array, start: number, end: number, hash: number): number {
    const found = this.ids.find(buf, start, end, hash);
    if (found >= 0) return found;
    if (this.ids.full) {
      this.ids.clear();
      this.lastSeconds.fill(-1);
      this.resets++;
    }
    const id = this.ids.insertIfAbsent(buf, start, end, hash);
    if (id >= this.lastSeconds.length) this.grow();
    return id;
  }

  private grow(): void {
    const size = this.lastSeconds.length * 2;
    const lastSeconds = new Float64Array(size).fill(-1);
    lastSeconds.set(this.lastSeconds);
    const lastNanos = new Int32Array(size);
    lastNanos.set(this.lastNanos);
    const lastPrice = new Float64Array(size);
    lastPrice.set(this.lastPrice);
    this.lastSeconds = lastSeconds;
    this.lastNanos = lastNanos;
    this.lastPrice = lastPrice;
  }
}
