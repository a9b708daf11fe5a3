"""Validated JSON lines -> typed processed rows: explicit schema, nanosecond time, source columns,
malformed records failing with the object and line."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from py4j.protocol import Py4JJavaError

from conftest import trade, write_jsonl_gz
from market_lake.normalise import read_validated, to_processed
from market_lake.schemas import processed_schema
from market_lake.storage import list_files

DAY = date(2026, 11, 20)


def typed_rows(spark, directory, dataset="trades"):
    objects = list_files(spark, str(directory), ".jsonl.gz")
    return to_processed(read_validated(spark, {DAY: objects}, dataset), dataset)


def test_timestamps_keep_nanoseconds_and_truncate_to_microseconds(spark, tmp_path):
    # Prepare: 2026-11-20 is day 20777 of the epoch: 20777 * 86400 = 1795132800 s at midnight.
    write_jsonl_gz(
        tmp_path / "a.v1.jsonl.gz",
        [
            trade("T1", "AAPL", "2026-11-20T14:30:00.123456789Z", 189.5, 100),
            trade("T2", "AAPL", "2026-11-20T23:59:59.999999999Z", 189.5, 100),
            trade("T3", "AAPL", "2026-11-20T00:00:00.000000001Z", 189.5, 100),
        ],
    )

    # Act
    rows = {r.trade_id: r for r in typed_rows(spark, tmp_path).collect()}

    # Assess: 14:30 is 52200 s after midnight.
    assert rows["T1"].ts_ns == (1795132800 + 52200) * 10**9 + 123456789
    assert rows["T1"].ts == datetime(2026, 11, 20, 14, 30, 0, 123456)
    # Truncated, not rounded: the last nanosecond of the day stays in the day.
    assert rows["T2"].ts_ns == (1795132800 + 86399) * 10**9 + 999999999
    assert rows["T2"].ts == datetime(2026, 11, 20, 23, 59, 59, 999999)
    assert rows["T3"].ts_ns == 1795132800 * 10**9 + 1
    assert rows["T3"].ts == datetime(2026, 11, 20, 0, 0, 0, 0)


def test_schema_is_explicit_and_optional_fields_are_null(spark, tmp_path):
    write_jsonl_gz(
        tmp_path / "a.v1.jsonl.gz",
        [
            trade("T1", "AAPL", "2026-11-20T14:30:00.000000000Z", 189.50, 100, exchange="Q", conditions="@ F", flags=["price.jump"]),
            trade("T2", "MSFT", "2026-11-20T14:30:01.000000000Z", 1e300, 9007199254740991),
        ],
    )

    frame = typed_rows(spark, tmp_path)
    rows = {r.trade_id: r.asDict() for r in frame.collect()}

    assert [(f.name, f.dataType) for f in frame.schema.fields] == [
        (f.name, f.dataType) for f in processed_schema("trades").fields
    ] + [("date", processed_schema("trades")["symbol"].dataType)]
    assert (rows["T1"]["exchange"], rows["T1"]["conditions"], rows["T1"]["flags"]) == ("Q", "@ F", ["price.jump"])
    assert (rows["T2"]["exchange"], rows["T2"]["conditions"], rows["T2"]["flags"]) == (None, None, [])
    # Any finite price the validator accepts, and counts up to 2^53 - 1, survive.
    assert (rows["T2"]["price"], rows["T2"]["size"]) == (1e300, 9007199254740991)


def test_source_columns_name_object_line_and_partition(spark, tmp_path):
    path = write_jsonl_gz(
        tmp_path / "nyse trades+1.v7.jsonl.gz",
        [trade(f"T{i}", "AAPL", "2026-11-20T14:30:00.000000000Z", 10.0, 1) for i in range(1, 4)],
    )

    rows = sorted(typed_rows(spark, tmp_path).collect(), key=lambda r: r.source_line)

    assert [r.trade_id for r in rows] == ["T1", "T2", "T3"]
    assert [r.source_line for r in rows] == [1, 2, 3]
    assert {r.source_object for r in rows} == {f"file:{path}"}  # decoded: space and plus as in the key
    assert {r.date for r in rows} == {"2026-11-20"}
    assert all(r.source_modified is not None for r in rows)


def test_every_object_numbers_its_own_lines(spark, tmp_path):
    for name in ("a.v1", "b.v1", "c.v1"):
        write_jsonl_gz(tmp_path / f"{name}.jsonl.gz", [trade(f"{name}-{i}", "AAPL", "2026-11-20T14:30:00.000000000Z", 10.0, 1) for i in range(1, 6)])

    rows = typed_rows(spark, tmp_path).collect()

    for row in rows:
        assert row.trade_id.endswith(f"-{row.source_line}")
    assert len(rows) == 15


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ('{"trade_id":"T2","symbol":"AAPL","ts":"2026-11-20T14:30:00.000000000Z","size":100}', "required field price is missing"),
        ('{"trade_id":"T2","symbol":"AAPL","ts":"2026-11-20T14:30:00Z","price":1.5,"size":100}', "ts is not YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ"),
        ('{"trade_id":"T2","symbol":"AAPL","ts":"2026-11-20T24:30:00.000000000Z","price":1.5,"size":100}', "ts is not a calendar time"),
        ('{"trade_id":"T2","symbol":"AAPL","ts":"2026-11-20T14:30:00.000000000Z","price":1.5,"size":1.5}', "not a JSON object of the trades schema"),
        ('{"trade_id":"T2", "symbol":', "not a JSON object of the trades schema"),
    ],
)
def test_malformed_record_fails_naming_object_line_and_problem(spark, tmp_path, bad_line, reason):
    path = write_jsonl_gz(tmp_path / "bad.v1.jsonl.gz", [trade("T1", "AAPL", "2026-11-20T14:30:00.000000000Z", 1.5, 100), bad_line])

    with pytest.raises(Py4JJavaError) as failure:
        typed_rows(spark, tmp_path).collect()

    assert f"malformed record in validated object file:{path} line 2: {reason}" in str(failure.value)


def test_no_objects_give_no_rows_in_the_processed_schema(spark):
    frame = to_processed(read_validated(spark, {}, "quotes"), "quotes")

    assert frame.count() == 0
    assert frame.columns == processed_schema("quotes").fieldNames() + ["date"]
