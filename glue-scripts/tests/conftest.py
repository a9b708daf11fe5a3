"""Shared fixtures: one local SparkSession for the whole run, and literal-row helpers.

A test that cannot run (no Java, no PySpark) fails with the reason; nothing is skipped."""

from __future__ import annotations

import calendar
import gzip
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def _require_java() -> None:
    java = Path(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else shutil.which("java")
    if not java:
        pytest.fail("Spark needs Java 17: no java on PATH and JAVA_HOME unset", pytrace=False)
    probe = subprocess.run([str(java), "-version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(f"{java} -version failed: {probe.stderr.strip()}", pytrace=False)


@pytest.fixture(scope="session")
def spark():
    _require_java()
    try:
        from local_spark import local_spark
    except ImportError as error:
        pytest.fail(f"PySpark is not installed ({error}); run: bash scripts/python-env.sh", pytrace=False)
    from market_lake.session import configure_session

    scratch = tempfile.mkdtemp(prefix="glue-tests-spark-")
    session = local_spark("glue-scripts-tests", scratch)
    configure_session(session)
    yield session
    session.stop()
    shutil.rmtree(scratch, ignore_errors=True)


def write_jsonl_gz(path: Path, records: list[dict | str]) -> Path:
    """Writes records (dicts, or raw lines as str) as gzip JSON lines, like the validator does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for record in records:
            out.write((record if isinstance(record, str) else json.dumps(record, separators=(",", ":"))) + "\n")
    return path


def set_mtime(path: Path, epoch_seconds: float) -> None:
    """Sets a file's modification time (the arrival order of validated objects)."""
    os.utime(path, (epoch_seconds, epoch_seconds))


def epoch_ns(iso: str) -> int:
    """Epoch nanoseconds of 'YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ', by calendar arithmetic (independent
    of the Spark code under test)."""
    whole, fraction = iso.rstrip("Z").split(".")
    seconds = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
    return seconds * 1_000_000_000 + int(fraction.ljust(9, "0"))


def trade(trade_id: str, symbol: str, iso: str, price: float, size: int, **extra) -> dict:
    """A validated trade record as the validator writes it (optional fields only when given)."""
    return {"trade_id": trade_id, "symbol": symbol, "ts": iso, "price": price, "size": size, **extra}


def quote(symbol: str, iso: str, bid: float, ask: float, bid_size: int = 100, ask_size: int = 100, **extra) -> dict:
    return {"symbol": symbol, "ts": iso, "bid_price": bid, "bid_size": bid_size, "ask_price": ask, "ask_size": ask_size, **extra}


def processed_frame(spark, dataset: str, records: list[dict]):
    """A DataFrame in the processed schema from literal records: `ts` given as the validator's
    text (ts and ts_ns derived with epoch_ns), source columns defaulting to object "a", line = position."""
    from datetime import datetime, timedelta

    from market_lake.schemas import processed_schema

    schema = processed_schema(dataset)
    rows = []
    for line, record in enumerate(records, start=1):
        ns = epoch_ns(record["ts"])
        values = {
            "flags": [],
            "source_object": "file:/validated/a.jsonl.gz",
            "source_line": line,
            "source_modified": datetime(2026, 11, 20, 23, 0),
            **record,
            "ts": datetime(1970, 1, 1) + timedelta(microseconds=ns // 1000),
            "ts_ns": ns,
        }
        rows.append(tuple(values.get(name) for name in schema.fieldNames()))
    return spark.createDataFrame(rows, schema)
