"""The e2e's Glue step: runs the deployed job scripts, one after the other, in one local Spark.

Local Spark cannot read S3 (no hadoop-aws jars offline), so the e2e (scripts/e2e/glue-stage.ts)
downloads what Glue would read from the local AWS server, maps every s3:// argument of the jobs to
a local folder, and calls this with a spec file:

    {"jobs": [{"script": "<downloaded script>", "argv": ["<script>", "--JOB_NAME", ...]}, ...],
     "processed_root": "<local processed bucket>", "curated_root": "<local curated bucket>"}

PYTHONPATH must hold the downloaded library zip (--extra-py-files) and the test-only awsglue
stand-in and local_spark (glue-scripts/tests/awsglue_standin). Prints each job's own summary line, then one line
{"event": "e2e.glue.outputs", ...} with what the written Parquet holds, read back by Spark, for the
caller's reconciliation.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from local_spark import local_spark  # glue-scripts/tests/awsglue_standin, on PYTHONPATH
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def run_script(script: str, argv: list[str]) -> dict[str, Any]:
    """Loads the downloaded script as a module (not via `import`: its file name is the object's)."""
    spec = importlib.util.spec_from_file_location(f"glue_job_{Path(script).stem}", script)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load job script {script}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(argv)


def table(spark: SparkSession, path: Path):
    return spark.read.parquet(str(path)) if path.exists() else None


def sums(frame, *columns: str) -> dict[str, int]:
    if frame is None:
        return {c: 0 for c in ("rows", *columns)}
    row = frame.agg(F.count(F.lit(1)).alias("rows"), *[F.coalesce(F.sum(c), F.lit(0)).alias(c) for c in columns]).first()
    return {k: int(v) for k, v in row.asDict().items()}


def outputs(spark: SparkSession, processed: Path, curated: Path) -> dict[str, Any]:
    """Row counts and the sums the reconciliation compares, per table, from the Parquet itself."""
    return {
        "processed": {
            "trades": sums(table(spark, processed / "dataset=trades"), "size"),
            "quotes": sums(table(spark, processed / "dataset=quotes")),
            "bars": sums(table(spark, processed / "dataset=bars")),
        },
        "curated": {
            "bars_1m": sums(table(spark, curated / "bars_1m"), "volume", "trade_count"),
            "daily_bars": sums(table(spark, curated / "daily_bars"), "volume", "trade_count"),
            "quote_stats": sums(table(spark, curated / "quote_stats"), "quote_count"),
        },
    }


def main(spec_file: str) -> None:
    spec = json.loads(Path(spec_file).read_text())
    spark = local_spark("e2e-glue-jobs", tempfile.mkdtemp(prefix="e2e-glue-spark-"))
    try:
        for job in spec["jobs"]:
            run_script(job["script"], job["argv"])  # each prints its own summary line
        facts = outputs(spark, Path(spec["processed_root"]), Path(spec["curated_root"]))
        print(json.dumps({"event": "e2e.glue.outputs", **facts}, sort_keys=True), flush=True)
    finally:
        spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: run_glue_jobs.py <spec.json>")
    main(sys.argv[1])
