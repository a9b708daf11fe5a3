"""processed-to-curated: a touched partition is one New York trading date, rebuilt from itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import quote, set_mtime, trade, write_jsonl_gz
from market_lake.counting import ReconciliationError
from market_lake.job_options import parse_processed_to_curated
from market_lake.paths import Partition
from market_lake.processed_to_curated import dates_to_rebuild, run
from market_lake.raw_to_processed import rebuild

T0 = 1_795_200_000


def _process(spark, root: Path, validated: dict[tuple[str, str], list[dict]]) -> None:
    """Writes validated objects per (dataset, date) and runs raw-to-processed over them."""
    for (dataset, day), records in validated.items():
        set_mtime(write_jsonl_gz(root / "validated" / f"dataset={dataset}" / f"date={day}" / "a.v1.jsonl.gz", records), T0)
    partitions = [Partition(dataset, date.fromisoformat(day)) for dataset, day in validated]
    rebuild(spark, str(root / "validated"), str(root / "processed"), partitions, 256 << 20, 0.7)


def _options(root: Path):
    return parse_processed_to_curated([
        "--processed_path", str(root / "processed"), "--curated_path", str(root / "curated"),
        "--partition_time_zone", "America/New_York",
    ])


def _new(root: Path, *partitions: str) -> list[str]:
    return [f"file:{root}/processed/{p}/part-0.parquet" for p in partitions]


def test_a_touched_partition_rebuilds_its_own_trading_date_only(spark, tmp_path):
    # Prepare: New York's 2026-11-20 (EST) runs 05:00Z on the 20th to 05:00Z on the 21st, so the
    # validator filed the 00:30Z post-market trade of the 21st under date=2026-11-20.
    _process(spark, tmp_path, {
        ("trades", "2026-11-20"): [trade("B", "AAPL", "2026-11-20T14:30:00.000000000Z", 10.0, 10),
                                   trade("C", "AAPL", "2026-11-21T00:30:00.000000000Z", 11.0, 20)],  # NY 19:30 on the 20th
        ("trades", "2026-11-21"): [trade("D", "AAPL", "2026-11-21T14:30:00.000000000Z", 12.0, 5)],
        ("quotes", "2026-11-20"): [quote("AAPL", "2026-11-21T00:30:00.000000000Z", 10.99, 11.01)],
    })
    options = _options(tmp_path)
    new = _new(tmp_path, "dataset=trades/date=2026-11-20", "dataset=quotes/date=2026-11-20")

    # Act
    rebuilt = dates_to_rebuild(options, new)[:2]
    summary = run(spark, options, new)

    # Assess: only the 20th, from its own partition (B and C); the 21st's partition is not read.
    assert rebuilt == ([date(2026, 11, 20)], [date(2026, 11, 20)])
    daily = {r.date: r for r in spark.read.parquet(str(tmp_path / "curated" / "daily_bars")).collect()}
    assert sorted(str(d) for d in daily) == ["2026-11-20"]
    day = daily[date(2026, 11, 20)]
    assert (day.open, day.close, day.volume, day.trade_count, day.vwap) == (10.0, 11.0, 30, 2, (100.0 + 220.0) / 30)
    assert [(t["table"], t["date"], t["rows"]) for t in summary["tables"]] == [
        ("bars_1m", "2026-11-20", 2), ("daily_bars", "2026-11-20", 1), ("quote_stats", "2026-11-20", 1),
    ]


def test_a_row_of_another_trading_date_fails_the_run_and_names_the_zones(spark, tmp_path):
    # Prepare: a partition written under UTC dates (the validator configured with another zone):
    # 03:00Z on the 21st is New York's 20th, not the partition's 21st.
    _process(spark, tmp_path, {
        ("trades", "2026-11-21"): [trade("E", "AAPL", "2026-11-21T03:00:00.000000000Z", 10.0, 1),
                                   trade("F", "AAPL", "2026-11-21T15:00:00.000000000Z", 10.5, 2)],
    })
    options = _options(tmp_path)

    # Act / Assess
    with pytest.raises(ReconciliationError, match=r"processed trades date=2026-11-21: 1 rows have another trading date in America/New_York.*PARTITION_TIME_ZONES"):
        run(spark, options, _new(tmp_path, "dataset=trades/date=2026-11-21"))
    # The other date's curated partition was not written with the stray row.
    assert not (tmp_path / "curated" / "daily_bars" / "date=2026-11-20").exists()
