"""One measured run of raw-to-processed (the shipped job or the naive one) in a fresh Spark session
of its own (a new JVM, so neither job inherits the other's JIT warm-up or cached listings); prints
one JSON line: seconds, cores, and what is stored in every rebuilt partition afterwards.

The shipped job runs through market_lake.raw_to_processed.run, incremental, with the given objects
as the bookmark's "new" ones: everything the Glue entry point does except the awsglue wiring
(GlueContext, the bookmarked DynamicFrame, job.commit), which exists only in Glue.

  .venv/bin/python bench/glue/run_once.py --job shipped|naive --validated DIR --processed DIR \
      --new-objects a.jsonl.gz,b.jsonl.gz [--driver-memory 8g] [--event-log DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "glue-scripts" / "lib")]

from pyspark.sql import SparkSession  # noqa: E402

from market_lake.job_options import parse_raw_to_processed  # noqa: E402
from market_lake.paths import partition_of  # noqa: E402
from market_lake.raw_to_processed import run  # noqa: E402
from market_lake.session import configure_session  # noqa: E402
from naive_raw_to_processed import run_naive  # noqa: E402


def session(driver_memory: str, event_log: str | None) -> SparkSession:
    builder = (
        SparkSession.builder.master("local[*]")
        .appName("glue-bench")
        .config("spark.driver.memory", driver_memory)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if event_log:
        os.makedirs(event_log, exist_ok=True)
        builder = builder.config("spark.eventLog.enabled", "true").config("spark.eventLog.dir", f"file:{event_log}")
    else:
        builder = builder.config("spark.ui.enabled", "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def stored(spark: SparkSession, processed: Path, partitions: list[tuple[str, str]]) -> dict[str, dict]:
    """Files, bytes and rows (Parquet footers) of each rebuilt partition."""
    out = {}
    for dataset, day in partitions:
        directory = processed / f"dataset={dataset}" / f"date={day}"
        files = sorted(p for p in directory.glob("*.parquet"))
        rows = spark.read.parquet(*[str(p) for p in files]).count() if files else 0
        out[f"dataset={dataset}/date={day}"] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "rows": rows}
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--job", choices=("shipped", "naive"), required=True)
    parser.add_argument("--validated", type=Path, required=True)
    parser.add_argument("--processed", type=Path, required=True)
    parser.add_argument("--new-objects", required=True, help="comma-separated paths under --validated")
    parser.add_argument("--driver-memory", default="8g")
    parser.add_argument("--event-log")
    args = parser.parse_args(argv)
    new_objects = [f"file:{(args.validated / p).resolve()}" for p in args.new_objects.split(",")]
    touched = sorted({(p.dataset, p.date_text) for p in map(partition_of, new_objects) if p is not None})
    shutil.rmtree(args.processed, ignore_errors=True)
    spark = session(args.driver_memory, args.event_log)
    validated_uri, processed_uri = f"file:{args.validated.resolve()}", f"file:{args.processed.resolve()}"
    if args.job == "shipped":
        configure_session(spark)
        options = parse_raw_to_processed(["--validated_path", validated_uri, "--processed_path", processed_uri])
        started = time.perf_counter()
        summary = run(spark, options, new_objects)
        seconds = time.perf_counter() - started
        reported = {f"dataset={r['dataset']}/date={r['date']}": r for r in summary["partitions"]}
    else:
        started = time.perf_counter()
        run_naive(spark, validated_uri, processed_uri, touched)
        seconds = time.perf_counter() - started
        reported = {}
    partitions = stored(spark, args.processed, touched)
    for key, r in reported.items():
        partitions[key]["duplicates_dropped"] = r["duplicates_dropped"]
    cores = spark.sparkContext.defaultParallelism
    print(json.dumps({"job": args.job, "seconds": seconds, "cores": cores, "spark": spark.version, "partitions": partitions}))
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
