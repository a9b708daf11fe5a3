"""Quote statistics per symbol and day against hand-computed values."""

from __future__ import annotations

import pytest

from conftest import processed_frame, quote
from market_lake.quote_stats import quote_statistics


def test_spread_statistics_with_crossed_and_locked_quotes(spark):
    quotes = [
        quote("AAPL", "2026-11-20T14:30:00.000000000Z", 100.00, 100.01),  # 0.01
        quote("AAPL", "2026-11-20T14:30:01.000000000Z", 100.00, 100.03),  # 0.03
        quote("AAPL", "2026-11-20T14:30:02.000000000Z", 100.02, 100.04),  # 0.02 (float: 0.0200000000000102)
        quote("AAPL", "2026-11-20T14:30:03.000000000Z", 100.00, 100.04),  # 0.04
        quote("AAPL", "2026-11-20T14:30:04.000000000Z", 100.05, 100.05),  # locked: 0
        quote("AAPL", "2026-11-20T14:30:05.000000000Z", 100.06, 100.05),  # crossed: no spread
        quote("MSFT", "2026-11-20T14:30:00.000000000Z", 400.00, 400.01),  # 0.01
        quote("MSFT", "2026-11-20T14:31:00.000000000Z", 400.00, 400.03),  # 0.03
    ]

    stats = {r.symbol: r for r in quote_statistics(processed_frame(spark, "quotes", quotes), "UTC").collect()}

    aapl = stats["AAPL"]
    assert (aapl.date, aapl.quote_count, aapl.crossed_count, aapl.locked_count) == ("2026-11-20", 6, 1, 1)
    # Not crossed: 0, 0.01, 0.02, 0.03, 0.04 -> mean 0.02, median 0.02 (middle value), max 0.04.
    assert aapl.mean_spread == pytest.approx(0.02)
    assert aapl.median_spread == 0.02  # exact after rounding to 10 decimals
    assert aapl.max_spread == 0.04
    msft = stats["MSFT"]
    # An even count: the median is the mean of the two middle values, (0.01 + 0.03) / 2.
    assert (msft.quote_count, msft.crossed_count, msft.locked_count) == (2, 0, 0)
    assert msft.median_spread == pytest.approx(0.02)
    assert msft.mean_spread == pytest.approx(0.02)


def test_quotes_fall_on_the_trading_date_of_their_time_zone(spark):
    quotes = [quote("AAPL", "2026-11-21T00:30:00.000000000Z", 10.00, 10.01)]

    [row] = quote_statistics(processed_frame(spark, "quotes", quotes), "America/New_York").collect()

    assert row.date == "2026-11-20"


def test_only_crossed_quotes_leave_the_spread_statistics_empty(spark):
    quotes = [quote("AAPL", "2026-11-20T14:30:00.000000000Z", 10.02, 10.01)]

    [row] = quote_statistics(processed_frame(spark, "quotes", quotes), "UTC").collect()

    assert (row.quote_count, row.crossed_count, row.mean_spread, row.median_spread, row.max_spread) == (1, 1, None, None, None)
