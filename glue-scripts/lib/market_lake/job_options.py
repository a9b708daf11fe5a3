"""The arguments of the two jobs, parsed into typed options (see arguments.py for the rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import arguments as a
from .schemas import DATASETS

MAX_BACKFILL_DAYS = 366

# Sale conditions whose trades count toward volume but set no price (open/high/low/close/VWAP),
# after the consolidated tape's "update last sale: no" codes (CTA and UTP, one character each):
# B, W average price; Z sold out of sequence; U extended hours sold out of sequence; T extended
# hours (Form T); I odd lot; C cash; N next day; R seller; H price variation; P prior reference
# price; 4 derivatively priced; 7 qualified contingent trade.
DEFAULT_NO_PRICE_CONDITIONS = "B,W,Z,U,T,I,C,N,R,H,P,4,7"

# Parquet bytes written per byte of gzip (level 1) JSON lines read: sizes the file count before
# anything is written. Measured on validator output of generated data: trades 0.73, quotes 0.62,
# bars 0.65. A run's summary has both byte counts, so the ratio can be re-measured on real data.
DEFAULT_OUTPUT_BYTES_RATIO = "0.7"

_MODE = a.Option("mode", a.choice("incremental", "backfill"), default="incremental")
_FROM = a.Option("from_date", a.calendar_date)
_TO = a.Option("to_date", a.calendar_date)
_SUMMARY = a.Option("summary_path", a.uri)


@dataclass(frozen=True)
class _RunOptions:
    """What both jobs take: incremental or a backfill of from_date..to_date, and where the summary goes."""

    mode: str
    from_date: date | None
    to_date: date | None
    summary_path: str | None


@dataclass(frozen=True)
class RawToProcessedOptions(_RunOptions):
    validated_path: str
    processed_path: str
    datasets: tuple[str, ...]
    target_file_mb: int
    output_bytes_ratio: float


RAW_TO_PROCESSED = (
    a.Option("validated_path", a.uri, required=True),
    a.Option("processed_path", a.uri, required=True),
    _MODE,
    a.Option("datasets", a.subset(*DATASETS), default=",".join(DATASETS)),
    _FROM,
    _TO,
    a.Option("target_file_mb", a.integer(128, 512), default="256"),
    a.Option("output_bytes_ratio", a.number(0.0, 10.0), default=DEFAULT_OUTPUT_BYTES_RATIO),
    _SUMMARY,
)


def parse_raw_to_processed(argv: list[str]) -> RawToProcessedOptions:
    values = a.parse(argv, RAW_TO_PROCESSED)
    a.date_range(values, MAX_BACKFILL_DAYS)
    return RawToProcessedOptions(**values)


@dataclass(frozen=True)
class ProcessedToCuratedOptions(_RunOptions):
    processed_path: str
    curated_path: str
    no_price_conditions: frozenset[str]
    partition_time_zone: str


PROCESSED_TO_CURATED = (
    a.Option("processed_path", a.uri, required=True),
    a.Option("curated_path", a.uri, required=True),
    _MODE,
    _FROM,
    _TO,
    a.Option("no_price_conditions", a.condition_codes, default=DEFAULT_NO_PRICE_CONDITIONS),
    a.Option("partition_time_zone", a.time_zone, default="UTC"),
    _SUMMARY,
)


def parse_processed_to_curated(argv: list[str]) -> ProcessedToCuratedOptions:
    values = a.parse(argv, PROCESSED_TO_CURATED)
    a.date_range(values, MAX_BACKFILL_DAYS)
    return ProcessedToCuratedOptions(**values)
