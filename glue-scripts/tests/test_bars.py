"""1-minute bars and daily bars against hand-computed values."""

from __future__ import annotations

from datetime import datetime

import pytest

from conftest import processed_frame
from market_lake.bars import condition_pattern, daily_bars, one_minute_bars, sets_price

NO_PRICE = frozenset({"W", "Z"})  # average price, sold out of sequence
LATER = datetime(2026, 11, 20, 23, 30)  # object b was written after object a


def t(trade_id, symbol, iso, price, size, conditions=None, obj="a", line=None, modified=None):
    row = {"trade_id": trade_id, "symbol": symbol, "ts": iso, "price": price, "size": size, "conditions": conditions,
           "source_object": f"file:/validated/{obj}.jsonl.gz"}
    if line is not None:
        row["source_line"] = line
    if modified is not None:
        row["source_modified"] = modified
    return row


TRADES = [
    t("T1", "AAPL", "2026-11-20T14:30:05.000000000Z", 10.00, 100, "@"),
    t("T2", "AAPL", "2026-11-20T14:30:10.000000000Z", 10.50, 200),
    t("T3", "AAPL", "2026-11-20T14:30:20.000000000Z", 50.00, 300, "@ W"),  # average price: volume only
    t("T4", "AAPL", "2026-11-20T14:30:30.000000000Z", 9.75, 100, "F"),
    t("T5", "AAPL", "2026-11-20T14:30:59.999999999Z", 10.25, 400),  # last nanosecond of the minute
    # Three trades at the same nanosecond: arrival order is object a line 6, a line 7, then b line 1.
    t("T6", "AAPL", "2026-11-20T14:31:00.000000000Z", 11.00, 50, line=6),
    t("T7", "AAPL", "2026-11-20T14:31:00.000000000Z", 11.50, 50, obj="b", line=1, modified=LATER),
    t("T8", "AAPL", "2026-11-20T14:31:00.000000000Z", 11.25, 50, line=7),
    t("T9", "AAPL", "2026-11-20T14:32:10.000000000Z", 12.00, 10, "Z"),  # the minute's only trade sets no price
    t("M1", "MSFT", "2026-11-20T14:30:00.500000000Z", 400.25, 10),
]
COLUMNS = ("open", "high", "low", "close", "vwap", "volume", "trade_count", "priced_volume", "notional")


def bars_by_key(frame):
    return {(r.symbol, r.bar_start.strftime("%H:%M"), r.date): tuple(r[c] for c in COLUMNS) for r in frame.collect()}


def test_one_minute_bars(spark):
    # Act
    bars = bars_by_key(one_minute_bars(processed_frame(spark, "trades", TRADES), NO_PRICE, "UTC"))

    # Assess. 14:30 priced: 10.00x100, 10.50x200, 9.75x100, 10.25x400 -> notional 1000+2100+975+4100
    # = 8175 over 800 shares: VWAP 10.21875; volume adds T3's 300: 1100.
    assert bars[("AAPL", "14:30", "2026-11-20")] == (10.00, 10.50, 9.75, 10.25, 10.21875, 1100, 5, 800, 8175.0)
    # 14:31: open is T6 (a line 6), close T7 (object b, written later); notional 550+562.5+575.
    assert bars[("AAPL", "14:31", "2026-11-20")] == (11.00, 11.50, 11.00, 11.50, 11.25, 150, 3, 150, 1687.5)
    # 14:32: no price-setting trade: no price, no VWAP, but the volume counts.
    assert bars[("AAPL", "14:32", "2026-11-20")] == (None, None, None, None, None, 10, 1, 0, None)
    assert bars[("MSFT", "14:30", "2026-11-20")] == (400.25, 400.25, 400.25, 400.25, 400.25, 10, 1, 10, 4002.5)
    assert len(bars) == 4


def test_daily_bars_from_the_minute_bars(spark):
    minute = one_minute_bars(processed_frame(spark, "trades", TRADES), NO_PRICE, "UTC")

    daily = {r.symbol: r for r in daily_bars(minute).collect()}

    aapl = daily["AAPL"]
    assert (aapl.date, aapl.open, aapl.high, aapl.low, aapl.close) == ("2026-11-20", 10.00, 11.50, 9.75, 11.50)
    assert (aapl.volume, aapl.trade_count, aapl.priced_volume, aapl.notional, aapl.bar_count) == (1260, 9, 950, 9862.5, 3)
    assert aapl.vwap == pytest.approx(9862.5 / 950)
    assert (aapl.first_bar_start, aapl.last_bar_start) == (datetime(2026, 11, 20, 14, 30), datetime(2026, 11, 20, 14, 32))
    assert (daily["MSFT"].open, daily["MSFT"].close, daily["MSFT"].vwap) == (400.25, 400.25, 400.25)


def test_ties_without_conditions_list_and_same_object(spark):
    trades = [t("A", "X", "2026-11-20T10:00:00.000000001Z", 1.0, 1, line=2), t("B", "X", "2026-11-20T10:00:00.000000001Z", 2.0, 1, line=1)]

    [bar] = one_minute_bars(processed_frame(spark, "trades", trades), frozenset(), "UTC").collect()

    assert (bar.open, bar.close) == (2.0, 1.0)  # line 1 arrived before line 2


def test_bar_date_is_the_trading_date_in_the_partition_time_zone(spark):
    # 00:30 UTC on the 21st is 19:30 on the 20th in New York (EST, UTC-5): a post-market trade.
    trades = [t("P1", "AAPL", "2026-11-21T00:30:00.000000000Z", 10.0, 1)]

    [utc] = one_minute_bars(processed_frame(spark, "trades", trades), NO_PRICE, "UTC").collect()
    [new_york] = one_minute_bars(processed_frame(spark, "trades", trades), NO_PRICE, "America/New_York").collect()

    assert (utc.date, new_york.date) == ("2026-11-21", "2026-11-20")
    assert utc.bar_start == new_york.bar_start == datetime(2026, 11, 21, 0, 30)  # bar time stays UTC


def test_conditions_are_one_character_codes(spark):
    frame = spark.createDataFrame([("@ W",), ("@F",), (None,), ("",), ("Z",), ("@,T",)], "conditions string")

    got = [r.p for r in frame.select(sets_price(NO_PRICE).alias("p")).collect()]
    everything = [r.p for r in frame.select(sets_price(frozenset()).alias("p")).collect()]

    assert got == [False, True, True, True, False, True]
    assert everything == [True] * 6
    assert condition_pattern(frozenset({"4", "@", "]"})) == "[4\\@\\]]"  # regex metacharacters escaped
