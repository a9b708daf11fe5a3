"""Output file sizing: how many Parquet files each rebuilt partition gets, and the shuffle that
makes exactly that many.

Rule: files(partition) = max(1, ceil(input bytes x output_bytes_ratio / target file bytes)), from
the gzip bytes of the partition's validated objects (known from the listing before any data is
read) and the measured Parquet-per-input-byte ratio.

Every row gets a bucket in [0, files(date)) from a hash of its dedup key (so all copies of a record
meet in one task), and every (date, bucket) is one "slot" of the dataset's N = sum(files) slots.
A plain `repartition(N, date, bucket)` would hash slots onto tasks at random: about a third of
the tasks empty and others holding two or three slots (files of 2-3x the target, an uneven write
stage). Instead each slot gets a key `k` with pmod(hash(k), N) == slot, found by evaluating
Spark's own `hash` (the Murmur3 its HashPartitioning uses) over candidate longs, so
`repartition(N, k)` puts exactly one slot in each task and each task writes exactly one file.
"""

from __future__ import annotations

import math

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType

SLOT_KEY = "_slot_key"
_SLOTS = StructType(
    [
        StructField("date", StringType(), False),
        StructField("_bucket", IntegerType(), False),
        StructField(SLOT_KEY, LongType(), False),
    ]
)


def file_count(input_bytes: int, output_bytes_ratio: float, target_file_bytes: int) -> int:
    """Parquet files for a partition whose validated objects hold `input_bytes` (gzip)."""
    if target_file_bytes <= 0 or output_bytes_ratio <= 0:
        raise ValueError("target_file_bytes and output_bytes_ratio must be positive")
    return max(1, math.ceil(input_bytes * output_bytes_ratio / target_file_bytes))


_KEYS: dict[int, list[int]] = {}  # Spark's hash is fixed (Murmur3, seed 42): keys depend on N only


def partition_keys(spark: SparkSession, partitions: int) -> list[int]:
    """For each task index i in [0, partitions): a long k with pmod(hash(k), partitions) == i."""
    if partitions in _KEYS:
        return _KEYS[partitions]
    found: dict[int, int] = {}
    candidates = 8 * partitions
    while len(found) < partitions:
        rows = (
            spark.range(0, candidates)
            .select(F.col("id"), F.expr(f"pmod(hash(id), {partitions})").alias("task"))
            .groupBy("task")
            .agg(F.min("id").alias("id"))
            .collect()
        )
        found = {row["task"]: row["id"] for row in rows}
        candidates *= 4
    _KEYS[partitions] = [found[i] for i in range(partitions)]
    return _KEYS[partitions]


def slot_table(spark: SparkSession, files_by_date: dict[str, int]) -> tuple[DataFrame, int]:
    """(date, _bucket, _slot_key) for every slot of the dataset, and the number of slots N."""
    slots = [(day, bucket) for day in sorted(files_by_date) for bucket in range(files_by_date[day])]
    keys = partition_keys(spark, len(slots)) if slots else []
    rows = [(day, bucket, key) for (day, bucket), key in zip(slots, keys)]
    return spark.createDataFrame(rows, _SLOTS), len(slots)


def lay_out(rows: DataFrame, dedup_key: tuple[str, ...], files_by_date: dict[str, int]) -> DataFrame:
    """`rows` (with a `date` column) shuffled so that each task holds one (date, bucket) slot;
    adds `_slot_key`. Dates missing from `files_by_date` are an error (they would have no slot)."""
    spark = rows.sparkSession
    slots, total = slot_table(spark, files_by_date)
    if total == 0:
        return rows.withColumn(SLOT_KEY, F.lit(None).cast(LongType()))
    files = F.create_map(*[x for day, n in sorted(files_by_date.items()) for x in (F.lit(day), F.lit(n))])
    bucket = F.pmod(F.xxhash64(*dedup_key), F.element_at(files, F.col("date")).cast("long")).cast("int")
    keyed = rows.withColumn("_bucket", bucket).join(F.broadcast(slots), ["date", "_bucket"], "left")
    checked = keyed.withColumn(
        SLOT_KEY,
        F.when(F.col(SLOT_KEY).isNull(), F.raise_error(F.concat(F.lit("no output slot for date "), F.col("date")))).otherwise(
            F.col(SLOT_KEY)
        ),
    )
    return checked.drop("_bucket").repartition(total, SLOT_KEY)
