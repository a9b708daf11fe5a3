"""Pure helpers: partition paths, trading dates in a time zone, the file count rule."""

from __future__ import annotations

from datetime import date

import pytest
from pyspark.sql import functions as F

from market_lake.file_layout import file_count
from market_lake.paths import Partition, classify_new_objects, join, partition_dir, partition_of
from market_lake.trading_dates import local_date_text

D = date(2026, 11, 20)


def test_partition_of_validated_keys():
    assert partition_of("s3://raw/validated/dataset=trades/date=2026-11-20/nyse trades+1.v3.jsonl.gz") == Partition("trades", D)
    assert partition_of("file:/tmp/v/dataset=quotes/date=2026-11-20/q.null.jsonl.gz") == Partition("quotes", D)
    assert partition_of("s3://raw/validated/dataset=options/date=2026-11-20/x.jsonl.gz") is None  # unknown dataset
    assert partition_of("s3://raw/validated/dataset=trades/date=2026-02-30/x.jsonl.gz") is None  # no such day
    assert partition_of("s3://raw/validated/dataset=trades/x.jsonl.gz") is None
    assert partition_of("s3://raw/validated/dataset=trades/date=2026-11-20/sub/x.jsonl.gz") is None


def test_classify_new_objects_dedupes_partitions_and_keeps_what_it_ignores():
    paths = [
        "s3://raw/validated/dataset=trades/date=2026-11-20/a.1.jsonl.gz",
        "s3://raw/validated/dataset=trades/date=2026-11-20/b.1.jsonl.gz",
        "s3://raw/validated/dataset=quotes/date=2026-11-19/q.1.jsonl.gz",
        "s3://raw/validated/dataset=bars/date=2026-11-20/b.1.jsonl.gz",
        "s3://raw/validated/dataset=trades/date=2026-11-20/notes.txt",
    ]

    got = classify_new_objects(paths, ("trades", "quotes"), ".jsonl.gz")

    assert got.partitions == (Partition("quotes", date(2026, 11, 19)), Partition("trades", D))
    assert got.ignored == (
        "s3://raw/validated/dataset=bars/date=2026-11-20/b.1.jsonl.gz",
        "s3://raw/validated/dataset=trades/date=2026-11-20/notes.txt",
    )


def test_join_keeps_uri_schemes():
    assert join("s3://bucket/validated/", "dataset=trades", "/date=2026-11-20/") == "s3://bucket/validated/dataset=trades/date=2026-11-20"
    assert partition_dir("file:/tmp/v", Partition("bars", D)) == "file:/tmp/v/dataset=bars/date=2026-11-20"


@pytest.mark.parametrize(
    ("instant", "zone", "trading_date"),
    [
        ("2026-11-20T04:59:59Z", "UTC", "2026-11-20"),
        # EST (UTC-5): New York's 20th runs 05:00Z on the 20th to 05:00Z on the 21st.
        ("2026-11-20T04:59:59Z", "America/New_York", "2026-11-19"),
        ("2026-11-20T05:00:00Z", "America/New_York", "2026-11-20"),
        ("2026-11-21T00:30:00Z", "America/New_York", "2026-11-20"),  # a post-market trade, next UTC day
        # EDT (UTC-4) in July.
        ("2026-07-01T03:59:59Z", "America/New_York", "2026-06-30"),
        # UTC+9: Tokyo's 20th starts at 15:00Z on the 19th.
        ("2026-11-19T15:00:00Z", "Asia/Tokyo", "2026-11-20"),
    ],
)
def test_local_date_text_dates_an_instant_in_the_zone(spark, instant, zone, trading_date):
    frame = spark.createDataFrame([(instant,)], "t string").select(F.to_timestamp("t").alias("ts"))

    got = frame.select(local_date_text(F.col("ts"), zone).alias("d")).first()["d"]

    assert got == trading_date


@pytest.mark.parametrize(
    ("input_bytes", "ratio", "target", "files"),
    [
        (0, 0.7, 256 << 20, 1),  # never zero files for a partition that has objects
        (100 << 20, 0.7, 256 << 20, 1),
        (366 << 20, 0.7, 256 << 20, 2),  # 256.2 MB of Parquet: just over one file
        (1 << 40, 0.7, 256 << 20, 2868),  # 1 TiB of gzip JSON lines: ~700 GiB of Parquet
        (1 << 40, 0.7, 512 << 20, 1434),
    ],
)
def test_file_count_rule(input_bytes, ratio, target, files):
    assert file_count(input_bytes, ratio, target) == files
