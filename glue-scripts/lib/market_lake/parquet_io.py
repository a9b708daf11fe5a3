"""Reading and writing date-partitioned Parquet tables (`<table root>/date=YYYY-MM-DD/part-*.parquet`).

Writes replace exactly the date partitions present in the data (dynamic partition overwrite, set on
the write itself, so the session's `spark.sql.sources.partitionOverwriteMode` does not matter):
a partition the run does not produce is left as it is, and an empty DataFrame changes nothing.
Reads name the partition directories instead of discovering every partition under the root.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

from .paths import date_dir
from .storage import list_files


def write_dates(frame: DataFrame, table_root: str) -> None:
    """Writes `frame` (with a string `date` column) under `table_root`, replacing its dates."""
    (
        frame.write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("date")
        .parquet(table_root)
    )


def existing_dates(spark: SparkSession, table_root: str, dates: list[date]) -> list[date]:
    """The dates among `dates` that have Parquet files under `table_root`."""
    return [d for d in dates if list_files(spark, date_dir(table_root, d), ".parquet")]


def read_dates(spark: SparkSession, table_root: str, dates: list[date], schema: StructType) -> DataFrame:
    """Rows of the given date partitions (those that exist), with `date` as YYYY-MM-DD text."""
    present = existing_dates(spark, table_root, dates)
    if not present:
        return spark.createDataFrame([], schema).withColumn("date", F.lit("").cast("string"))
    return union_all([spark.read.schema(schema).parquet(date_dir(table_root, d)).withColumn("date", F.lit(d.isoformat())) for d in present])


def union_all(frames: list[DataFrame]) -> DataFrame:
    """The rows of all `frames` (same columns), at least one frame."""
    union = frames[0]
    for frame in frames[1:]:
        union = union.unionByName(frame)
    return union


@dataclass(frozen=True)
class WrittenPartition:
    rows: int
    files: int
    bytes: int


def written_partitions(spark: SparkSession, table_root: str, dates: list[date]) -> dict[date, WrittenPartition]:
    """Rows (from the Parquet footers), files and bytes now stored in each of `dates`."""
    listed = {d: list_files(spark, date_dir(table_root, d), ".parquet") for d in dates}
    present = [d for d in dates if listed[d]]
    counts: dict[str, int] = {}
    if present:
        frame = spark.read.option("basePath", table_root).parquet(*[date_dir(table_root, d) for d in present])
        counts = {str(r["date"]): r["count"] for r in frame.groupBy("date").count().collect()}
    return {
        d: WrittenPartition(counts.get(d.isoformat(), 0), len(listed[d]), sum(o.size for o in listed[d]))
        for d in dates
    }
