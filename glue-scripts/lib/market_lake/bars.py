"""1-minute OHLCV bars and daily per-symbol aggregates from processed trades.

- Bar time: the start of the UTC minute of the trade (`bar_start`), from `ts_ns`, so no time
  zone enters; a bar belongs to the trading date of its start (trading_dates.local_date_text).
- Every trade counts toward `volume` and `trade_count`. A trade whose sale conditions contain a
  code of the configured no-price list (average price, out of sequence, ...) sets no price: it is
  left out of open, high, low, close, VWAP, `priced_volume` and `notional`, as the consolidated
  tape does. Conditions are one-character codes (CTA/UTP), separators (space, comma) ignored.
- Open/close: the priced trade first/last by (ts_ns, arrival order), arrival order being
  (source_modified, source_object, source_line); so trades at the same nanosecond resolve in the
  order their objects were written and, within an object, by line.
- VWAP = notional / priced_volume, notional = sum(price x size) of the priced trades; null when
  the minute (or day) has no priced volume.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from .schemas import ARRIVAL_ORDER, BARS_1M, DAILY_BARS
from .trading_dates import local_date_text

_MINUTE_NS = 60_000_000_000


def condition_pattern(codes: frozenset[str]) -> str | None:
    """A Java regex character class matching any of `codes` (None for an empty list)."""
    if not codes:
        return None
    return "[" + "".join(c if c.isalnum() else "\\" + c for c in sorted(codes)) + "]"


def sets_price(codes: frozenset[str]) -> Column:
    """True for a trade whose conditions contain none of `codes` (no conditions: true)."""
    pattern = condition_pattern(codes)
    if pattern is None:
        return F.lit(True)
    return ~F.coalesce(F.col("conditions").rlike(pattern), F.lit(False))


def _vwap(notional: Column, volume: Column) -> Column:
    return F.when(volume > 0, notional / volume)


def one_minute_bars(trades: DataFrame, no_price_codes: frozenset[str], zone: str) -> DataFrame:
    """Bars (schemas.BARS_1M) per symbol and minute, plus `date` (trading date of bar_start)."""
    priced = sets_price(no_price_codes)
    order = F.when(priced, F.struct("ts_ns", *ARRIVAL_ORDER))  # null: not a price-setting trade
    price = F.when(priced, F.col("price"))
    bar_start = F.expr(f"timestamp_micros((ts_ns - pmod(ts_ns, {_MINUTE_NS})) div 1000)")
    bars = (
        trades.withColumn("bar_start", bar_start)
        .groupBy("symbol", "bar_start")
        .agg(
            F.min_by("price", order).alias("open"),
            F.max(price).alias("high"),
            F.min(price).alias("low"),
            F.max_by("price", order).alias("close"),
            F.sum("size").alias("volume"),
            F.count(F.lit(1)).alias("trade_count"),
            F.sum(F.when(priced, F.col("size")).otherwise(F.lit(0))).alias("priced_volume"),
            F.sum(price * F.col("size")).alias("notional"),
        )
        .withColumn("vwap", _vwap(F.col("notional"), F.col("priced_volume")))
    )
    return bars.select(*BARS_1M.fieldNames(), local_date_text(F.col("bar_start"), zone).alias("date"))


def daily_bars(bars: DataFrame) -> DataFrame:
    """Per symbol and trading date (schemas.DAILY_BARS, plus `date`), from that date's 1-minute bars."""
    daily = (
        bars.groupBy("date", "symbol")
        .agg(
            F.min_by("open", F.when(F.col("open").isNotNull(), F.col("bar_start"))).alias("open"),
            F.max("high").alias("high"),
            F.min("low").alias("low"),
            F.max_by("close", F.when(F.col("close").isNotNull(), F.col("bar_start"))).alias("close"),
            F.sum("volume").alias("volume"),
            F.sum("trade_count").alias("trade_count"),
            F.sum("priced_volume").alias("priced_volume"),
            F.sum("notional").alias("notional"),
            F.count(F.lit(1)).alias("bar_count"),
            F.min("bar_start").alias("first_bar_start"),
            F.max("bar_start").alias("last_bar_start"),
        )
        .withColumn("vwap", _vwap(F.col("notional"), F.col("priced_volume")))
    )
    return daily.select(*DAILY_BARS.fieldNames(), "date")
