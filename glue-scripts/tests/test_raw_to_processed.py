"""raw-to-processed rebuilds: retries and resends deduplicated, late objects, whole-record keys,
file sizing, reconciliation, empty input."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from conftest import quote, set_mtime, trade, write_jsonl_gz
from market_lake.paths import Partition
from market_lake.raw_to_processed import rebuild

DAY = date(2026, 11, 20)
T0 = 1_795_200_000  # an epoch second to date the validated objects from (arrival order)
MB = 1 << 20


def validated(root: Path, dataset: str, day: str, name: str, records: list, written_at: float) -> Path:
    path = write_jsonl_gz(root / "validated" / f"dataset={dataset}" / f"date={day}" / f"{name}.jsonl.gz", records)
    set_mtime(path, written_at)
    return path


def run(spark, root: Path, *partitions: Partition, target_bytes: int = 256 * MB, ratio: float = 0.7):
    return rebuild(spark, str(root / "validated"), f"file:{root}/processed", list(partitions), target_bytes, ratio)


def processed(spark, root: Path, dataset: str, day: str = "2026-11-20"):
    return spark.read.parquet(str(root / "processed" / f"dataset={dataset}" / f"date={day}")).collect()


def parquet_files(root: Path, dataset: str, day: str = "2026-11-20") -> list[str]:
    return sorted(p.name for p in (root / "processed" / f"dataset={dataset}" / f"date={day}").glob("*.parquet"))


def test_resent_trades_keep_the_first_arrival_and_are_counted(spark, tmp_path):
    # Prepare: the vendor resends T2 and T3 in a later object; T3's resend has another price.
    validated(tmp_path, "trades", "2026-11-20", "morning.v1", [
        trade("T1", "AAPL", "2026-11-20T14:30:00.000000000Z", 189.5, 100),
        trade("T2", "AAPL", "2026-11-20T14:30:01.000000000Z", 189.6, 200),
        trade("T3", "AAPL", "2026-11-20T14:30:02.000000000Z", 189.7, 300),
    ], T0)
    validated(tmp_path, "trades", "2026-11-20", "resend.v1", [
        trade("T2", "AAPL", "2026-11-20T14:30:01.000000000Z", 189.6, 200, flags=["timestamp.order"]),
        trade("T3", "AAPL", "2026-11-20T14:30:02.000000000Z", 190.0, 300),
        trade("T4", "AAPL", "2026-11-20T14:30:03.000000000Z", 189.8, 400),
    ], T0 + 60)

    # Act
    [report] = run(spark, tmp_path, Partition("trades", DAY))

    # Assess
    rows = {r.trade_id: r for r in processed(spark, tmp_path, "trades")}
    assert sorted(rows) == ["T1", "T2", "T3", "T4"]
    assert rows["T2"].source_object.endswith("morning.v1.jsonl.gz") and rows["T2"].flags == []
    assert (rows["T3"].price, rows["T3"].source_line) == (189.7, 3)
    assert (report.records_in, report.rows_written, report.duplicates_dropped, report.conflicting_duplicates) == (6, 4, 2, 1)
    assert report.records_in == report.rows_written + report.duplicates_dropped


def test_identical_trades_with_different_ids_are_distinct_and_ids_are_per_symbol(spark, tmp_path):
    same = dict(exchange="Q", conditions="@")
    validated(tmp_path, "trades", "2026-11-20", "a.v1", [
        trade("T1", "AAPL", "2026-11-20T14:30:00.123000000Z", 189.5, 100, **same),
        trade("T2", "AAPL", "2026-11-20T14:30:00.123000000Z", 189.5, 100, **same),
        trade("T1", "MSFT", "2026-11-20T14:30:00.123000000Z", 189.5, 100, **same),
    ], T0)

    [report] = run(spark, tmp_path, Partition("trades", DAY))

    assert sorted((r.symbol, r.trade_id) for r in processed(spark, tmp_path, "trades")) == [("AAPL", "T1"), ("AAPL", "T2"), ("MSFT", "T1")]
    assert report.duplicates_dropped == 0


def test_a_retry_rewriting_an_object_changes_nothing(spark, tmp_path):
    records = [trade(f"T{i}", "AAPL", f"2026-11-20T14:30:0{i}.000000000Z", 10.0 + i, i) for i in range(1, 5)]
    path = validated(tmp_path, "trades", "2026-11-20", "a.v1", records, T0)
    [first] = run(spark, tmp_path, Partition("trades", DAY))
    before = sorted(tuple(r) for r in processed(spark, tmp_path, "trades"))

    # The validation function retries: same key, same bytes, later modification time.
    validated(tmp_path, "trades", "2026-11-20", "a.v1", records, T0 + 3600)
    assert path.stat().st_mtime == T0 + 3600
    [second] = run(spark, tmp_path, Partition("trades", DAY))

    after = sorted(tuple(r) for r in processed(spark, tmp_path, "trades"))
    assert [r[:-1] for r in after] == [r[:-1] for r in before]  # all but source_modified
    assert (first.rows_written, second.rows_written, second.duplicates_dropped) == (4, 4, 0)


def test_a_late_object_rebuilds_its_partition_whole_and_leaves_other_days_alone(spark, tmp_path):
    validated(tmp_path, "trades", "2026-11-19", "a.v1", [trade("T1", "AAPL", "2026-11-19T15:00:00.000000000Z", 10.0, 1)], T0)
    validated(tmp_path, "trades", "2026-11-20", "a.v1", [trade("T2", "AAPL", "2026-11-20T15:00:00.000000000Z", 11.0, 2)], T0)
    run(spark, tmp_path, Partition("trades", date(2026, 11, 19)), Partition("trades", DAY))
    untouched = {p: os.stat(p).st_mtime_ns for p in (tmp_path / "processed" / "dataset=trades" / "date=2026-11-19").glob("*.parquet")}

    # A late object for the 20th arrives; only that partition is rebuilt, from both its objects.
    validated(tmp_path, "trades", "2026-11-20", "late.v1", [trade("T3", "AAPL", "2026-11-20T09:00:00.000000000Z", 12.0, 3)], T0 + 86400)
    [report] = run(spark, tmp_path, Partition("trades", DAY))

    assert sorted(r.trade_id for r in processed(spark, tmp_path, "trades")) == ["T2", "T3"]
    assert (report.objects, report.records_in, report.rows_written) == (2, 2, 2)
    assert {p: os.stat(p).st_mtime_ns for p in untouched} == untouched
    assert [r.trade_id for r in processed(spark, tmp_path, "trades", "2026-11-19")] == ["T1"]


def test_quotes_dedupe_on_the_whole_record_but_not_on_flags(spark, tmp_path):
    q = quote("AAPL", "2026-11-20T14:30:00.000000100Z", 189.50, 189.52)
    validated(tmp_path, "quotes", "2026-11-20", "a.v1", [q, quote("AAPL", "2026-11-20T14:30:00.000000101Z", 189.50, 189.52)], T0)
    # The resent copy carries a flag the first did not (the validator flags from a file's neighbours).
    validated(tmp_path, "quotes", "2026-11-20", "b.v1", [{**q, "flags": ["price.jump"]}, {**q, "ask_size": 200}], T0 + 1)

    [report] = run(spark, tmp_path, Partition("quotes", DAY))

    rows = sorted((r.ts_ns % 1000, r.ask_size, tuple(r.flags), r.source_object[-12:]) for r in processed(spark, tmp_path, "quotes"))
    # Kept: the first copy (no flags), the quote one nanosecond later, the one with another ask size.
    assert rows == [(100, 100, (), "a.v1.jsonl.gz"[-12:]), (100, 200, (), "b.v1.jsonl.gz"[-12:]), (101, 100, (), "a.v1.jsonl.gz"[-12:])]
    assert (report.records_in, report.rows_written, report.duplicates_dropped, report.conflicting_duplicates) == (4, 3, 1, 0)


def test_bars_with_and_without_optional_fields_are_different_records(spark, tmp_path):
    bar = {"symbol": "AAPL", "ts": "2026-11-20T14:30:00.000000000Z", "open": 10.0, "high": 11.0, "low": 9.5, "close": 10.5, "volume": 1000}
    validated(tmp_path, "bars", "2026-11-20", "a.v1", [bar, {**bar, "vwap": 10.25, "trade_count": 7}, bar], T0)

    [report] = run(spark, tmp_path, Partition("bars", DAY))

    assert sorted(str(r.vwap) for r in processed(spark, tmp_path, "bars")) == ["10.25", "None"]
    assert (report.rows_written, report.duplicates_dropped) == (2, 1)


def test_files_are_sized_from_the_input_bytes(spark, tmp_path):
    records = [trade(f"T{i}", f"S{i % 7}", f"2026-11-20T14:{i % 60:02d}:00.000000000Z", 10.0 + i / 8, i) for i in range(400)]
    path = validated(tmp_path, "trades", "2026-11-20", "a.v1", records, T0)
    size = path.stat().st_size

    # A target of a quarter of the input (ratio 1) asks for exactly 4 files.
    [report] = run(spark, tmp_path, Partition("trades", DAY), target_bytes=size // 4 + 1, ratio=1.0)

    assert len(parquet_files(tmp_path, "trades")) == 4 == report.output_files
    assert report.rows_written == 400


def test_partitions_of_several_datasets_and_days_in_one_run(spark, tmp_path):
    validated(tmp_path, "trades", "2026-11-19", "a.v1", [trade("T1", "AAPL", "2026-11-19T15:00:00.000000000Z", 10.0, 1)], T0)
    validated(tmp_path, "trades", "2026-11-20", "a.v1", [trade("T1", "AAPL", "2026-11-20T15:00:00.000000000Z", 10.0, 1)] * 2, T0)
    validated(tmp_path, "quotes", "2026-11-20", "a.v1", [quote("AAPL", "2026-11-20T15:00:00.000000000Z", 10.0, 10.01)], T0)

    reports = run(spark, tmp_path, Partition("trades", date(2026, 11, 19)), Partition("trades", DAY), Partition("quotes", DAY))

    assert [(r.dataset, r.date, r.records_in, r.rows_written, r.duplicates_dropped, r.output_files) for r in reports] == [
        ("quotes", "2026-11-20", 1, 1, 0, 1),
        ("trades", "2026-11-19", 1, 1, 0, 1),
        ("trades", "2026-11-20", 2, 1, 1, 1),
    ]


def test_empty_input(spark, tmp_path):
    assert run(spark, tmp_path) == []
    # A touched partition whose only object holds no records writes nothing and reconciles at 0.
    validated(tmp_path, "trades", "2026-11-20", "empty.v1", [], T0)
    [report] = run(spark, tmp_path, Partition("trades", DAY))
    assert (report.objects, report.records_in, report.rows_written, report.output_files) == (1, 0, 0, 0)
    assert not (tmp_path / "processed" / "dataset=trades" / "date=2026-11-20").exists()
