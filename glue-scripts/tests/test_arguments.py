"""Job arguments: defaults, Glue's own arguments left alone, every bad value named with what is allowed."""

from __future__ import annotations

from datetime import date

import pytest

from market_lake.arguments import ArgumentError
from market_lake.job_options import parse_processed_to_curated, parse_raw_to_processed

RAW = ["--validated_path", "s3://raw-bucket/validated/", "--processed_path", "s3://processed-bucket/"]
CURATED = ["--processed_path", "s3://processed-bucket/", "--curated_path", "s3://curated-bucket/"]
# What Glue itself puts on a job's command line next to the job's arguments.
GLUE_OWN = [
    "--JOB_ID", "j_0123", "--JOB_RUN_ID", "jr_0123", "--JOB_NAME", "raw-to-processed",
    "--job-bookmark-option", "job-bookmark-enable", "--TempDir", "s3://temp-bucket/tmp/",
    "--enable-metrics", "true", "--enable-continuous-cloudwatch-log", "true", "--conf", "spark.x=y",
    "--extra-py-files", "s3://scripts/market_lake.zip",
]


def test_raw_to_processed_defaults_and_glue_arguments_ignored():
    options = parse_raw_to_processed(GLUE_OWN + RAW)

    assert options.validated_path == "s3://raw-bucket/validated/"
    assert options.processed_path == "s3://processed-bucket/"
    assert options.mode == "incremental"
    assert options.datasets == ("trades", "quotes", "bars")
    assert (options.from_date, options.to_date) == (None, None)
    assert options.target_file_mb == 256
    assert options.output_bytes_ratio == pytest.approx(0.7)
    assert options.summary_path is None


def test_backfill_range_and_dataset_subset_in_schema_order():
    options = parse_raw_to_processed(
        RAW + ["--mode", "backfill", "--datasets", "bars,trades", "--from_date", "2026-11-01", "--to_date", "2026-11-20"]
    )

    assert options.datasets == ("trades", "bars")
    assert (options.from_date, options.to_date) == (date(2026, 11, 1), date(2026, 11, 20))


def test_inline_equals_form_is_accepted():
    options = parse_raw_to_processed(["--validated_path=/tmp/validated", "--processed_path=file:/tmp/processed", "--target_file_mb=512"])

    assert (options.validated_path, options.processed_path, options.target_file_mb) == ("/tmp/validated", "file:/tmp/processed", 512)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--target_file_mb", "1000"], "--target_file_mb: got '1000', allowed values are integers from 128 to 512"),
        (["--target_file_mb", "256MB"], "--target_file_mb: got '256MB', allowed values are integers from 128 to 512"),
        (["--mode", "full"], "--mode: got 'full', allowed values are incremental, backfill"),
        (["--datasets", "trades,options"], "--datasets: got 'trades,options', allowed values are a comma-separated list of distinct names from trades, quotes, bars"),
        (["--datasets", "trades,trades"], "--datasets: got 'trades,trades'"),
        (["--output_bytes_ratio", "0"], "--output_bytes_ratio: got '0', allowed values are numbers greater than 0 and at most 10"),
        (["--summary_path", "http://example.com/x"], "--summary_path: got 'http://example.com/x', allowed values are s3://bucket/prefix URIs"),
        (["--target_file_mbb", "300"], "unknown argument --target_file_mbb; this job's arguments are --datasets, --from_date, --mode"),
        (["--mode", "backfill"], "--mode backfill needs --from_date and --to_date (YYYY-MM-DD)"),
        (["--from_date", "2026-11-01", "--to_date", "2026-11-02"], "--from_date/--to_date: allowed only with --mode backfill"),
        (["--mode", "backfill", "--from_date", "2026-11-20", "--to_date", "2026-11-19"], "--to_date: got '2026-11-19', allowed values are dates on or after --from_date 2026-11-20"),
        (["--mode", "backfill", "--from_date", "2025-01-01", "--to_date", "2026-11-19"], "allowed values are at most 366 days from --from_date 2025-01-01"),
        (["--mode", "backfill", "--from_date", "2026-02-30", "--to_date", "2026-03-01"], "--from_date: got '2026-02-30', allowed values are calendar dates as YYYY-MM-DD"),
        (["--mode", "incremental", "--mode", "backfill"], "--mode is given twice"),
    ],
)
def test_raw_to_processed_bad_argument_names_argument_and_allowed_values(extra, message):
    with pytest.raises(ArgumentError) as failure:
        parse_raw_to_processed(RAW + extra)

    assert message in str(failure.value)


def test_missing_required_argument_is_named():
    with pytest.raises(ArgumentError, match="^--processed_path is required$"):
        parse_raw_to_processed(["--validated_path", "s3://raw-bucket/validated/"])


def test_bucket_name_must_be_an_s3_bucket():
    with pytest.raises(ArgumentError, match="--validated_path: got 's3://Bad_Bucket/x'"):
        parse_raw_to_processed(["--validated_path", "s3://Bad_Bucket/x", "--processed_path", "s3://processed-bucket/"])


def test_processed_to_curated_defaults():
    options = parse_processed_to_curated(GLUE_OWN + CURATED)

    assert options.partition_time_zone == "UTC"
    assert options.no_price_conditions == frozenset("BWZUTICNRHP47")
    assert options.mode == "incremental"


def test_processed_to_curated_time_zone_and_conditions():
    options = parse_processed_to_curated(CURATED + ["--partition_time_zone", "America/New_York", "--no_price_conditions", "W, Z"])

    assert options.partition_time_zone == "America/New_York"
    assert options.no_price_conditions == frozenset({"W", "Z"})


def test_empty_condition_list_excludes_nothing():
    assert parse_processed_to_curated(CURATED + ["--no_price_conditions", ""]).no_price_conditions == frozenset()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--partition_time_zone", "Mars/Olympus"], "--partition_time_zone: got 'Mars/Olympus', allowed values are IANA time zone names"),
        (["--partition_time_zone", "EST5"], "--partition_time_zone: got 'EST5'"),
        (["--no_price_conditions", "W,ZZ"], "--no_price_conditions: got 'W,ZZ', allowed values are a comma-separated list of single-character condition codes"),
        (["--datasets", "trades"], "unknown argument --datasets; this job's arguments are --curated_path"),
    ],
)
def test_processed_to_curated_bad_argument(extra, message):
    with pytest.raises(ArgumentError) as failure:
        parse_processed_to_curated(CURATED + extra)

    assert message in str(failure.value)


def test_positional_argument_is_refused():
    with pytest.raises(ArgumentError, match="unexpected argument 'trades'"):
        parse_raw_to_processed(RAW + ["trades"])
