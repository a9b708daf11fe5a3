"""Validated JSON lines -> typed rows of the processed schema.

Timestamps: the validator writes `2026-11-20T14:30:00.123456789Z` (UTC, exactly nine fraction
digits). Spark timestamps hold microseconds, so each row keeps both `ts` (TimestampType, truncated
to the microsecond: truncation, unlike rounding, never moves a record into the next minute or day)
and `ts_ns` (epoch nanoseconds, exact; sortable; fits a long until 2262). The text is parsed with
integer arithmetic only, independent of the session time zone.

A record the validator could not have written (not JSON of the schema, a required field missing,
a timestamp not in that form) fails the job with the object and line: `validated/` is a contract,
and a silent drop would break "accepted = processed rows + duplicates dropped".
"""

from __future__ import annotations

from datetime import date

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

from .schemas import CORRUPT_RECORD, FIELDS, SOURCE_FIELDS, processed_schema, required_fields, validated_schema
from .parquet_io import union_all
from .session import require_settings
from .storage import StoredObject

_ROW_INDEX_BITS = (1 << 33) - 1  # monotonically_increasing_id: task id above bit 33, row index below
_TIMESTAMP_FORM = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$"


def read_validated(spark: SparkSession, objects_by_date: dict[date, list[StoredObject]], dataset: str) -> DataFrame:
    """The records of the validated objects of `dataset`, by partition date, with their source
    columns: `source_object` (path), `source_line` (1-based line), `source_modified` (when the
    object was written) and `date` (the partition's `date=`, YYYY-MM-DD)."""
    require_settings(spark)
    schema = validated_schema(dataset)
    reads = [_read_date(spark, schema, day, objects) for day, objects in sorted(objects_by_date.items()) if objects]
    return union_all(reads) if reads else spark.createDataFrame([], _with_sources(schema))


def _with_sources(schema: StructType) -> StructType:
    fields = schema.fields + list(SOURCE_FIELDS) + [StructField("_block_start", LongType()), StructField("date", StringType())]
    return StructType(fields)


def _read_date(spark: SparkSession, schema: StructType, day: date, objects: list[StoredObject]) -> DataFrame:
    raw = (
        spark.read.schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
        .json([o.path for o in objects])
    )
    # Spark names the file by its percent-encoded URI; decode it back to the object's key
    # (url_decode is form decoding, so a literal '+' is protected first), only when it has a '%'.
    encoded = F.col("_metadata.file_path")
    decoded = F.when(F.instr(encoded, "%") > 0, F.expr("url_decode(replace(_metadata.file_path, '+', '%2B'))")).otherwise(encoded)
    return raw.select(
        *schema.fieldNames(),
        decoded.alias("source_object"),
        ((F.monotonically_increasing_id().bitwiseAND(_ROW_INDEX_BITS)) + 1).alias("source_line"),
        F.col("_metadata.file_modification_time").alias("source_modified"),
        F.col("_metadata.file_block_start").alias("_block_start"),
        F.lit(day.isoformat()).alias("date"),
    )


_DAY = "make_date(cast(substring(ts, 1, 4) as int), cast(substring(ts, 6, 2) as int), cast(substring(ts, 9, 2) as int))"
_HOUR, _MINUTE, _SECOND = (f"cast(substring(ts, {i}, 2) as int)" for i in (12, 15, 18))
# make_date of 2026-02-30 is null (ANSI mode off); the time fields are checked by range.
_NOT_CALENDAR_TIME = f"{_DAY} is null or {_HOUR} > 23 or {_MINUTE} > 59 or {_SECOND} > 59"


def _epoch_seconds() -> Column:
    """Whole seconds of `ts` since the epoch, by arithmetic on its digits."""
    return F.expr(f"cast(unix_date({_DAY}) as bigint) * 86400 + {_HOUR} * 3600 + {_MINUTE} * 60 + {_SECOND}")


def _problem(dataset: str) -> Column:
    """Why a record is malformed, or null when it is not."""
    checks: list[tuple[Column, str]] = [
        (F.col(CORRUPT_RECORD).isNotNull(), f"not a JSON object of the {dataset} schema"),
        (F.col("_block_start") != 0, "object was split across read tasks (only whole gzip objects are read)"),
    ]
    checks += [(F.col(name).isNull(), f"required field {name} is missing") for name in required_fields(dataset)]
    checks += [
        (~F.col("ts").rlike(_TIMESTAMP_FORM), "ts is not YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ"),
        (F.expr(_NOT_CALENDAR_TIME), "ts is not a calendar time"),
    ]
    problem = F.lit(None).cast(StringType())
    for condition, text in reversed(checks):
        problem = F.when(condition, F.lit(text)).otherwise(problem)
    return problem


def _fail_on(problem: Column) -> Column:
    return F.raise_error(
        F.concat(
            F.lit("malformed record in validated object "),
            F.col("source_object"),
            F.lit(" line "),
            F.col("source_line").cast("string"),
            F.lit(": "),
            problem,
        )
    )


def to_processed(records: DataFrame, dataset: str) -> DataFrame:
    """Typed rows in the processed schema's column order, plus `date`; a malformed record makes
    the first action on the result fail, naming the object, line and problem."""
    seconds = _epoch_seconds()
    nanos = F.substring("ts", 21, 9).cast("long")
    ts_ns = seconds * F.lit(1_000_000_000) + nanos
    micros = seconds * F.lit(1_000_000) + F.expr("cast(substring(ts, 21, 6) as long)")
    bad = F.col("_problem").isNotNull()
    typed = records.withColumn("_problem", _problem(dataset)).select(
        *[F.col(f.name) for f in FIELDS[dataset] if f.kind != "timestamp"],
        F.when(bad, _fail_on(F.col("_problem"))).otherwise(F.timestamp_micros(micros)).alias("ts"),
        F.when(bad, _fail_on(F.col("_problem"))).otherwise(ts_ns).alias("ts_ns"),
        F.coalesce(F.col("flags"), F.array().cast(ArrayType(StringType()))).alias("flags"),
        "source_object",
        "source_line",
        "source_modified",
        "date",
    )
    return typed.select(*processed_schema(dataset).fieldNames(), "date")
