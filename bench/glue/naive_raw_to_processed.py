"""The naive raw-to-processed the benchmark compares the shipped job with (bench code, never shipped).

Same answer, written the way a first PySpark job usually is:
- schema inference: `spark.read.json(<dataset root>)` with no schema, so Spark parses every object of
  the dataset once to infer the types before the job reads them again;
- no partition pruning: it reads the dataset's whole validated tree and keeps the touched (date)
  partitions with a filter on each row's object path (the listing of touched partitions is not used
  to choose what to read);
- default output: `df.write.partitionBy("date").parquet(...)` after the dedup window, with Spark's
  default shuffle partitions (AQE coalescing), codec (snappy) and no file sizing;
- the same dedup logic as market_lake.dedup: copies share the dataset's DEDUP_KEYS within a date and
  the first arrival (object modification time, object path, line) is kept.
Dynamic partition overwrite is kept (untouched partitions must survive; that is correctness, not
tuning), as is the typed output: ts as a timestamp, ts_ns as epoch nanoseconds, flags never null.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from market_lake.schemas import DEDUP_KEYS, FIELDS, processed_schema


def _read_whole_tree(spark: SparkSession, validated_root: str, dataset: str) -> DataFrame:
    raw = spark.read.json(f"{validated_root.rstrip('/')}/dataset={dataset}")  # infers the schema
    path = F.col("_metadata.file_path")
    return raw.select(
        "*",
        path.alias("source_object"),
        F.monotonically_increasing_id().alias("source_line"),
        F.col("_metadata.file_modification_time").alias("source_modified"),
        F.regexp_extract(path, r"/date=(\d{4}-\d{2}-\d{2})/", 1).alias("_path_date"),
    ).drop("date")


def _typed(frame: DataFrame, dataset: str) -> DataFrame:
    ts_ns = F.unix_micros(F.to_timestamp("ts")) * 1000 + F.substring("ts", 27, 3).cast("long")
    columns = {f.name: F.col(f.name).cast(processed_schema(dataset)[f.name].dataType) for f in FIELDS[dataset] if f.kind != "timestamp"}
    flags = F.coalesce(F.col("flags"), F.array().cast("array<string>")) if "flags" in frame.columns else F.array().cast("array<string>")
    for name in ("exchange", "conditions"):
        if name in columns and name not in frame.columns:
            columns[name] = F.lit(None).cast("string")
    typed = frame.select(
        *columns.values(),
        F.to_timestamp("ts").alias("ts"),
        ts_ns.alias("ts_ns"),
        flags.alias("flags"),
        "source_object",
        "source_line",
        "source_modified",
        F.col("_path_date").alias("date"),
    )
    return typed.select(*processed_schema(dataset).fieldNames(), "date")


def run_naive(spark: SparkSession, validated_root: str, processed_root: str, partitions: list[tuple[str, str]]) -> None:
    """Rebuilds `partitions` ((dataset, YYYY-MM-DD) pairs) of processed/ from validated/."""
    for dataset in sorted({d for d, _ in partitions}):
        dates = sorted({day for d, day in partitions if d == dataset})
        records = _read_whole_tree(spark, validated_root, dataset).where(F.col("_path_date").isin(dates))
        key = ["date", *("ts_ns" if k == "ts_ns" else k for k in DEDUP_KEYS[dataset])]
        window = Window.partitionBy(*key).orderBy("source_modified", "source_object", "source_line")
        kept = _typed(records, dataset).withColumn("_copy", F.row_number().over(window)).where("_copy = 1").drop("_copy")
        (
            kept.write.mode("overwrite")
            .option("partitionOverwriteMode", "dynamic")
            .partitionBy("date")
            .parquet(f"{processed_root.rstrip('/')}/dataset={dataset}")
        )
