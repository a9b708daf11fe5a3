"""The run summary: one JSON object, logged as a single line (so a CloudWatch Logs metric filter on
`{ $.event = "<job>.summary" }` can turn its totals into metrics) and optionally stored as a file."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from pyspark.sql import SparkSession

from .storage import write_text


def totals(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> dict[str, int]:
    return {f: sum(int(r[f]) for r in rows) for f in fields}


def emit(spark: SparkSession, summary: dict[str, Any], path: str | None, out: TextIO | None = None) -> str:
    """Prints the summary as one JSON line and writes it (pretty) to `path` when given; returns the line."""
    line = json.dumps(summary, sort_keys=True, separators=(",", ":"))
    print(line, file=out or sys.stdout, flush=True)
    if path:
        write_text(spark, path, json.dumps(summary, sort_keys=True, indent=2) + "\n")
    return line
