"""processed-to-curated over several UTC partitions: a New York trading date read whole."""

from __future__ import annotations

from datetime import date

from conftest import quote, set_mtime, trade, write_jsonl_gz
from market_lake.job_options import parse_processed_to_curated
from market_lake.paths import Partition
from market_lake.processed_to_curated import dates_to_rebuild, run
from market_lake.raw_to_processed import rebuild

T0 = 1_795_200_000


def test_new_york_trading_date_takes_both_utc_partitions(spark, tmp_path):
    # Prepare: New York's 2026-11-20 (EST) runs 05:00Z on the 20th to 05:00Z on the 21st.
    for day, records in {
        "2026-11-20": [trade("A", "AAPL", "2026-11-20T04:59:00.000000000Z", 9.0, 1),  # NY 23:59 on the 19th
                       trade("B", "AAPL", "2026-11-20T14:30:00.000000000Z", 10.0, 10)],
        "2026-11-21": [trade("C", "AAPL", "2026-11-21T00:30:00.000000000Z", 11.0, 20)],  # NY 19:30 on the 20th
    }.items():
        set_mtime(write_jsonl_gz(tmp_path / "validated" / "dataset=trades" / f"date={day}" / "a.v1.jsonl.gz", records), T0)
    write_jsonl_gz(tmp_path / "validated" / "dataset=quotes" / "date=2026-11-21" / "q.v1.jsonl.gz",
                   [quote("AAPL", "2026-11-21T00:30:00.000000000Z", 10.99, 11.01)])
    rebuild(spark, str(tmp_path / "validated"), str(tmp_path / "processed"),
            [Partition("trades", date(2026, 11, 20)), Partition("trades", date(2026, 11, 21)), Partition("quotes", date(2026, 11, 21))],
            256 << 20, 0.7)
    options = parse_processed_to_curated([
        "--processed_path", str(tmp_path / "processed"), "--curated_path", str(tmp_path / "curated"),
        "--partition_time_zone", "America/New_York",
    ])
    new = [f"file:{tmp_path}/processed/dataset=trades/date=2026-11-21/part-0.parquet",
           f"file:{tmp_path}/processed/dataset=quotes/date=2026-11-21/part-0.parquet"]

    # Act: the new UTC partition of the 21st touches New York's 20th and 21st.
    assert dates_to_rebuild(options, new)[:2] == ([date(2026, 11, 20), date(2026, 11, 21)], [date(2026, 11, 20), date(2026, 11, 21)])
    summary = run(spark, options, new)

    # Assess: the 20th has B (from the UTC 20th) and C (from the UTC 21st); A belongs to the 19th.
    daily = {r.date: r for r in spark.read.parquet(str(tmp_path / "curated" / "daily_bars")).collect()}
    assert sorted(str(d) for d in daily) == ["2026-11-20"]
    day = daily[date(2026, 11, 20)]
    assert (day.open, day.close, day.volume, day.trade_count, day.vwap) == (10.0, 11.0, 30, 2, (100.0 + 220.0) / 30)
    assert [(t["table"], t["date"], t["rows"]) for t in summary["tables"]] == [
        ("bars_1m", "2026-11-20", 2), ("bars_1m", "2026-11-21", 0),
        ("daily_bars", "2026-11-20", 1), ("daily_bars", "2026-11-21", 0),
        ("quote_stats", "2026-11-20", 1), ("quote_stats", "2026-11-21", 0),
    ]
