"""Each job's entry point end to end on local paths, through the awsglue stand-in: real gzip JSON
lines in, Parquet out, bookmarks across runs, the summary line and file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import processed_to_curated as curated_job
import raw_to_processed as raw_job
from conftest import quote, set_mtime, trade, write_jsonl_gz
from market_lake.arguments import ArgumentError

T0 = 1_795_200_000
GLUE = ["--job-bookmark-option", "job-bookmark-enable", "--TempDir", "s3://temp-bucket/tmp/", "--enable-metrics", "true"]


@pytest.fixture
def lake(tmp_path, monkeypatch):
    monkeypatch.setenv("GLUE_STANDIN_BOOKMARKS", str(tmp_path / "bookmarks"))
    return tmp_path


def put(lake: Path, dataset: str, day: str, name: str, records: list, written_at: float) -> None:
    set_mtime(write_jsonl_gz(lake / "validated" / f"dataset={dataset}" / f"date={day}" / f"{name}.jsonl.gz", records), written_at)


def raw_args(lake: Path, *extra: str) -> list[str]:
    return ["raw_to_processed.py", "--JOB_NAME", "raw-to-processed", *GLUE, "--validated_path", f"file:{lake}/validated",
            "--processed_path", f"file:{lake}/processed", "--summary_path", f"file:{lake}/summaries/r2p.json", *extra]


def curated_args(lake: Path, *extra: str) -> list[str]:
    return ["processed_to_curated.py", "--JOB_NAME", "processed-to-curated", *GLUE, "--processed_path", f"file:{lake}/processed",
            "--curated_path", f"file:{lake}/curated", "--summary_path", f"file:{lake}/summaries/p2c.json", *extra]


def first_day(lake: Path) -> None:
    put(lake, "trades", "2026-11-20", "nyse trades+1.v1", [
        trade("T1", "AAPL", "2026-11-20T14:30:00.000000000Z", 10.00, 100, exchange="N", conditions="@"),
        trade("T2", "AAPL", "2026-11-20T14:30:30.000000000Z", 10.50, 300, exchange="N", conditions="@ W"),
        trade("T3", "AAPL", "2026-11-20T14:31:00.000000000Z", 11.00, 100),
    ], T0)
    put(lake, "trades", "2026-11-20", "resend.v1", [trade("T3", "AAPL", "2026-11-20T14:31:00.000000000Z", 11.00, 100)], T0 + 10)
    put(lake, "quotes", "2026-11-20", "quotes.v1", [
        quote("AAPL", "2026-11-20T14:30:00.000000000Z", 9.99, 10.01),
        quote("AAPL", "2026-11-20T14:30:01.000000000Z", 10.00, 10.00),
    ], T0)
    put(lake, "bars", "2026-11-20", "bars-1m.v1", [
        {"symbol": "AAPL", "ts": "2026-11-20T14:30:00.000000000Z", "open": 10.0, "high": 10.5, "low": 10.0, "close": 10.5, "volume": 400},
    ], T0)


def test_raw_to_processed_entry_point_with_bookmarks(spark, lake, capsys):
    first_day(lake)

    # First run: every object is new.
    summary = raw_job.main(raw_args(lake))

    assert summary["new_objects"] == 4
    assert [(p["dataset"], p["date"], p["records_in"], p["rows_written"], p["duplicates_dropped"]) for p in summary["partitions"]] == [
        ("bars", "2026-11-20", 1, 1, 0), ("quotes", "2026-11-20", 2, 2, 0), ("trades", "2026-11-20", 4, 3, 1)
    ]
    assert summary["totals"]["records_in"] == summary["totals"]["rows_written"] + summary["totals"]["duplicates_dropped"] == 7
    trades = spark.read.parquet(f"{lake}/processed/dataset=trades").collect()
    assert sorted(r.trade_id for r in trades) == ["T1", "T2", "T3"]
    assert {r.source_object for r in trades if r.trade_id == "T3"} == {f"file:{lake}/validated/dataset=trades/date=2026-11-20/nyse trades+1.v1.jsonl.gz"}
    line = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")][-1]
    assert line == summary and line["event"] == "raw-to-processed.summary"
    assert line["job_name"] == "raw-to-processed"  # the metric filters' dimension
    assert json.loads((lake / "summaries" / "r2p.json").read_text()) == summary

    # Second run: the bookmark has them all, nothing to do.
    assert raw_job.main(raw_args(lake))["partitions"] == []

    # A late object for the 20th and a first object for the 21st: only those partitions.
    put(lake, "trades", "2026-11-20", "late.v1", [trade("T4", "AAPL", "2026-11-20T15:00:00.000000000Z", 12.00, 50)], T0 + 3600)
    put(lake, "trades", "2026-11-21", "a.v1", [trade("T1", "AAPL", "2026-11-21T14:30:00.000000000Z", 13.00, 5)], T0 + 3600)
    third = raw_job.main(raw_args(lake))
    assert [(p["dataset"], p["date"], p["objects"], p["rows_written"]) for p in third["partitions"]] == [
        ("trades", "2026-11-20", 3, 4), ("trades", "2026-11-21", 1, 1)
    ]


def test_a_failed_run_commits_no_bookmark(spark, lake):
    put(lake, "trades", "2026-11-20", "a.v1", [trade("T1", "AAPL", "2026-11-20T14:30:00.000000000Z", 10.0, 1)], T0)
    put(lake, "trades", "2026-11-20", "bad.v1", ['{"trade_id":"T2","symbol":"AAPL","ts":"2026-11-20T14:30:00Z","price":1,"size":1}'], T0)

    with pytest.raises(Exception, match="malformed record in validated object .*bad.v1.jsonl.gz line 1"):
        raw_job.main(raw_args(lake))

    assert not (lake / "bookmarks").exists()
    (lake / "validated" / "dataset=trades" / "date=2026-11-20" / "bad.v1.jsonl.gz").unlink()
    assert raw_job.main(raw_args(lake))["new_objects"] == 1  # the next run sees the object again


def test_processed_to_curated_entry_point(spark, lake):
    first_day(lake)
    raw_job.main(raw_args(lake))

    summary = curated_job.main(curated_args(lake))

    assert (summary["trade_dates"], summary["quote_dates"]) == (["2026-11-20"], ["2026-11-20"])
    assert len(summary["ignored_objects"]) == 1 and "dataset=bars" in summary["ignored_objects"][0]
    assert [(t["table"], t["date"], t["rows"], t["files"]) for t in summary["tables"]] == [
        ("bars_1m", "2026-11-20", 2, 1), ("daily_bars", "2026-11-20", 1, 1), ("quote_stats", "2026-11-20", 1, 1)
    ]
    bars = {r.bar_start.strftime("%H:%M"): r for r in spark.read.parquet(f"{lake}/curated/bars_1m").collect()}
    # 14:30: T1 priced (10.00 x 100), T2 average price (W): volume 400, no price.
    assert (bars["14:30"].open, bars["14:30"].close, bars["14:30"].vwap, bars["14:30"].volume, bars["14:30"].trade_count) == (10.0, 10.0, 10.0, 400, 2)
    assert (bars["14:31"].open, bars["14:31"].volume) == (11.0, 100)  # T3 once: its resend was dropped
    [stats] = spark.read.parquet(f"{lake}/curated/quote_stats").collect()
    assert (stats.quote_count, stats.locked_count, stats.max_spread) == (2, 1, 0.02)

    # Nothing new: nothing rebuilt. Then a backfill rebuilds the day again to the same rows.
    assert curated_job.main(curated_args(lake))["tables"] == []
    before = sorted(tuple(r) for r in spark.read.parquet(f"{lake}/curated/bars_1m").collect())
    backfill = curated_job.main(curated_args(lake, "--mode", "backfill", "--from_date", "2026-11-20", "--to_date", "2026-11-20"))
    assert [t["table"] for t in backfill["tables"]] == ["bars_1m", "daily_bars", "quote_stats"]
    assert sorted(tuple(r) for r in spark.read.parquet(f"{lake}/curated/bars_1m").collect()) == before


def test_raw_to_processed_backfill_ignores_the_bookmark(spark, lake):
    first_day(lake)
    raw_job.main(raw_args(lake))

    summary = raw_job.main(raw_args(lake, "--mode", "backfill", "--datasets", "trades", "--from_date", "2026-11-01", "--to_date", "2026-11-30"))

    assert [(p["dataset"], p["date"], p["rows_written"]) for p in summary["partitions"]] == [("trades", "2026-11-20", 3)]
    assert summary["new_objects"] == 0


def test_a_bad_argument_fails_before_spark_work(spark, lake):
    with pytest.raises(ArgumentError, match="--target_file_mb: got '64', allowed values are integers from 128 to 512"):
        raw_job.main(raw_args(lake, "--target_file_mb", "64"))
    with pytest.raises(ArgumentError, match="--partition_time_zone: got 'Nowhere'"):
        curated_job.main(curated_args(lake, "--partition_time_zone", "Nowhere"))
    assert not (lake / "processed").exists()


def test_job_name_is_required_as_in_glue(spark, lake):
    from awsglue.utils import GlueArgumentError

    with pytest.raises(GlueArgumentError, match="--JOB_NAME"):
        raw_job.main([a for a in raw_args(lake) if a not in ("--JOB_NAME", "raw-to-processed")])
