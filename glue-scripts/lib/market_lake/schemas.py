"""Explicit Spark schemas of every table the jobs read or write; nothing is inferred.

The validated schemas mirror `handlers/validation/core/datasets.ts` (SCHEMAS): field order, names and
kinds. Kinds map to Spark types as follows:
- trade-id, symbol, text -> string (copied as bytes by the validator);
- timestamp -> read as string (ISO-8601 UTC, exactly nine fraction digits), written as `ts`
  (TimestampType, microseconds, truncated) plus `ts_ns` (epoch nanoseconds, exact);
- price -> double: the validator accepts any finite JSON number > 0, i.e. any IEEE double, so a
  decimal of fixed precision could not hold every accepted price (1e300 is valid there);
- count -> long (the validator's range is 0..2^53-1).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql.types import (
    ArrayType,
    DataType,
    DoubleType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

DATASETS = ("trades", "quotes", "bars")
CORRUPT_RECORD = "_corrupt_record"

_KIND_TYPES: dict[str, DataType] = {
    "trade-id": StringType(),
    "symbol": StringType(),
    "timestamp": StringType(),
    "price": DoubleType(),
    "count": LongType(),
    "text": StringType(),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool


def _required(name: str, kind: str) -> Field:
    return Field(name, kind, True)


def _optional(name: str, kind: str) -> Field:
    return Field(name, kind, False)


FIELDS: dict[str, tuple[Field, ...]] = {
    "trades": (
        _required("trade_id", "trade-id"),
        _required("symbol", "symbol"),
        _required("ts", "timestamp"),
        _required("price", "price"),
        _required("size", "count"),
        _optional("exchange", "text"),
        _optional("conditions", "text"),
    ),
    "quotes": (
        _required("symbol", "symbol"),
        _required("ts", "timestamp"),
        _required("bid_price", "price"),
        _required("bid_size", "count"),
        _required("ask_price", "price"),
        _required("ask_size", "count"),
        _optional("exchange", "text"),
    ),
    "bars": (
        _required("symbol", "symbol"),
        _required("ts", "timestamp"),
        _required("open", "price"),
        _required("high", "price"),
        _required("low", "price"),
        _required("close", "price"),
        _required("volume", "count"),
        _optional("vwap", "price"),
        _optional("trade_count", "count"),
    ),
}

# Where a processed row came from. Arrival order of a record is (source_modified, source_object,
# source_line): when its validated object was written, the object's path, its line in the object.
SOURCE_FIELDS = (
    StructField("source_object", StringType(), False),
    StructField("source_line", LongType(), False),
    StructField("source_modified", TimestampType(), False),
)
ARRIVAL_ORDER = ("source_modified", "source_object", "source_line")


def record_columns(dataset: str) -> tuple[str, ...]:
    """The processed columns that hold the record's own fields (not flags, not its source); the
    timestamp as `ts_ns` (exact), not `ts` (microseconds)."""
    return tuple("ts_ns" if f.kind == "timestamp" else f.name for f in FIELDS[dataset])


# What identifies a record when deduplicating. Trades: the trade id per symbol (identical
# price/size/venue/time trades are real and distinct). Quotes and bars have no id: the whole
# record, i.e. every schema field; not `flags` (the validator derives them from the record's
# neighbours in its file, so a resent copy may carry other flags) and not the source columns.
DEDUP_KEYS: dict[str, tuple[str, ...]] = {
    "trades": ("symbol", "trade_id"),
    "quotes": record_columns("quotes"),
    "bars": record_columns("bars"),
}


def validated_schema(dataset: str) -> StructType:
    """Schema to read `validated/` JSON lines with: every field nullable (a missing required field
    must surface as a malformed record, not as a reader error), plus the corrupt-record column."""
    fields = [StructField(f.name, _KIND_TYPES[f.kind], True) for f in FIELDS[dataset]]
    fields.append(StructField("flags", ArrayType(StringType(), True), True))
    fields.append(StructField(CORRUPT_RECORD, StringType(), True))
    return StructType(fields)


def processed_schema(dataset: str) -> StructType:
    """Schema of `processed/dataset=<d>/date=<date>/` Parquet (the partition column `date` is the
    directory, not a column of the files)."""
    fields: list[StructField] = []
    for f in FIELDS[dataset]:
        if f.kind == "timestamp":
            fields.append(StructField("ts", TimestampType(), False))
            fields.append(StructField("ts_ns", LongType(), False))
        else:
            fields.append(StructField(f.name, _KIND_TYPES[f.kind], not f.required))
    fields.append(StructField("flags", ArrayType(StringType(), True), False))
    fields.extend(SOURCE_FIELDS)
    return StructType(fields)


def required_fields(dataset: str) -> tuple[str, ...]:
    return tuple(f.name for f in FIELDS[dataset] if f.required)


# What a bar (1-minute or daily) holds: prices of the price-setting trades (null when there was
# none), all trades' volume and count, and the priced volume and notional VWAP is computed from.
_OHLCV = [
    StructField("open", DoubleType(), True),
    StructField("high", DoubleType(), True),
    StructField("low", DoubleType(), True),
    StructField("close", DoubleType(), True),
    StructField("vwap", DoubleType(), True),
    StructField("volume", LongType(), False),
    StructField("trade_count", LongType(), False),
    StructField("priced_volume", LongType(), False),
    StructField("notional", DoubleType(), True),
]

BARS_1M = StructType(
    [StructField("symbol", StringType(), False), StructField("bar_start", TimestampType(), False), *_OHLCV]
)

DAILY_BARS = StructType(
    [
        StructField("symbol", StringType(), False),
        *_OHLCV,
        StructField("bar_count", LongType(), False),
        StructField("first_bar_start", TimestampType(), False),
        StructField("last_bar_start", TimestampType(), False),
    ]
)

QUOTE_STATS = StructType(
    [
        StructField("symbol", StringType(), False),
        StructField("quote_count", LongType(), False),
        StructField("crossed_count", LongType(), False),
        StructField("locked_count", LongType(), False),
        StructField("mean_spread", DoubleType(), True),
        StructField("median_spread", DoubleType(), True),
        StructField("max_spread", DoubleType(), True),
    ]
)

# Curated tables: name -> schema of its Parquet files (each partitioned by `date`).
CURATED_TABLES: dict[str, StructType] = {
    "bars_1m": BARS_1M,
    "daily_bars": DAILY_BARS,
    "quote_stats": QUOTE_STATS,
}
