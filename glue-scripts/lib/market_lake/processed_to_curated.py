"""processed-to-curated: for each touched trading date, rebuild
- `bars_1m` and `daily_bars` from processed trades, and
- `quote_stats` from processed quotes,
each under `<curated root>/<table>/date=YYYY-MM-DD/` with dynamic partition overwrite (one file
per date: a day of bars for every US symbol is well under 512 MB of Parquet).

A processed `date=` partition is one trading date in `--partition_time_zone` (the validator files
each record under its trading date in the same configured zone), so a touched partition rebuilds
its own date only, from that partition only. Each run reconciles, per date: trades read = the bars'
trade counts, trade volume read = bar volume = daily volume, quotes read = quote counts; and no row
of a partition has another trading date (that would mean the validator and this job were given
different zones).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from .bars import daily_bars, one_minute_bars
from .counting import DateTotals, ReconciliationError, count_rows, count_where, date_sums
from .job_options import ProcessedToCuratedOptions
from .parquet_io import read_dates, write_dates, written_partitions
from .paths import classify_new_objects, dataset_dir, table_dir
from .quote_stats import quote_statistics
from .schemas import BARS_1M, DAILY_BARS, QUOTE_STATS, processed_schema
from .session import require_settings
from .summary import totals
from .trading_dates import local_date_text


@dataclass(frozen=True)
class TableReport:
    table: str
    date: str
    rows: int
    files: int
    bytes: int


#: Measure of rows whose trading date is not their partition's (left out, and the run fails).
_OTHER_DATE = "other_trading_date"


def _partition_rows(
    spark: SparkSession, processed_root: str, dataset: str, days: list[date], zone: str, measures: dict[str, Column], name: str
) -> tuple[DateTotals, DataFrame]:
    """Processed rows of `dataset` in the partitions `days`, summed per date by `measures`.

    Only rows whose trading date in `zone` is their partition's go on; the others are counted as
    _OTHER_DATE and fail the run in `_check_dates`, rather than being written into a partition the
    run was not asked to rebuild."""
    frame = read_dates(spark, dataset_dir(processed_root, dataset), days, processed_schema(dataset))
    own_date = local_date_text(F.col("ts"), zone) == F.col("date")
    sums = {m: F.when(own_date, column).otherwise(F.lit(0)) for m, column in measures.items()}
    counted = DateTotals(frame, [d.isoformat() for d in days], {**sums, _OTHER_DATE: count_where(~own_date)}, name)
    return counted, counted.frame.where(own_date)


def _check_dates(dataset: str, zone: str, read_in: dict[str, dict[str, int]]) -> None:
    for day, sums in read_in.items():
        if sums[_OTHER_DATE]:
            raise ReconciliationError(
                f"processed {dataset} date={day}: {sums[_OTHER_DATE]} rows have another trading date in {zone}; "
                "the validation function's PARTITION_TIME_ZONES and this job's --partition_time_zone must name the same zone"
            )


def _write(spark: SparkSession, frame: DataFrame, curated_root: str, table: str, days: list[date]) -> list[TableReport]:
    root = table_dir(curated_root, table)
    write_dates(frame.repartition("date"), root)
    stored = written_partitions(spark, root, days)
    return [TableReport(table, d.isoformat(), stored[d].rows, stored[d].files, stored[d].bytes) for d in days]


def _check(table: str, day: str, what: str, expected: int, actual: int) -> None:
    if expected != actual:
        raise ReconciliationError(f"{table} {day}: {what} {actual}, expected {expected} from the processed rows")


def curate_trades(
    spark: SparkSession, processed_root: str, curated_root: str, days: list[date], zone: str, no_price_codes: frozenset[str]
) -> list[TableReport]:
    """Rebuilds bars_1m and daily_bars for the trading dates `days`."""
    require_settings(spark)
    if not days:
        return []
    texts = [d.isoformat() for d in days]
    trades, rows = _partition_rows(spark, processed_root, "trades", days, zone, {"trades": count_rows(), "volume": F.col("size")}, "trades-in")
    reports = _write(spark, one_minute_bars(rows, no_price_codes, zone), curated_root, "bars_1m", days)
    stored_bars = read_dates(spark, table_dir(curated_root, "bars_1m"), days, BARS_1M)
    reports += _write(spark, daily_bars(stored_bars), curated_root, "daily_bars", days)

    read_in = trades.totals()
    _check_dates("trades", zone, read_in)
    bar_sums = date_sums(stored_bars, {"trades": F.col("trade_count"), "volume": F.col("volume")})
    stored_daily = read_dates(spark, table_dir(curated_root, "daily_bars"), days, DAILY_BARS)
    daily_sums = date_sums(stored_daily, {"trades": F.col("trade_count"), "volume": F.col("volume")})
    for day in texts:
        for table, sums in (("bars_1m", bar_sums), ("daily_bars", daily_sums)):
            got = sums.get(day, {"trades": 0, "volume": 0})
            _check(table, day, "trade count", read_in[day]["trades"], got["trades"])
            _check(table, day, "volume", read_in[day]["volume"], got["volume"])
    return reports


def curate_quotes(spark: SparkSession, processed_root: str, curated_root: str, days: list[date], zone: str) -> list[TableReport]:
    """Rebuilds quote_stats for the trading dates `days`."""
    require_settings(spark)
    if not days:
        return []
    texts = [d.isoformat() for d in days]
    quotes, rows = _partition_rows(spark, processed_root, "quotes", days, zone, {"quotes": count_rows()}, "quotes-in")
    reports = _write(spark, quote_statistics(rows, zone), curated_root, "quote_stats", days)
    read_in = quotes.totals()
    _check_dates("quotes", zone, read_in)
    stats = date_sums(
        read_dates(spark, table_dir(curated_root, "quote_stats"), days, QUOTE_STATS),
        {"quotes": F.col("quote_count")},
    )
    for day in texts:
        _check("quote_stats", day, "quote count", read_in[day]["quotes"], stats.get(day, {"quotes": 0})["quotes"])
    return reports


def dates_to_rebuild(options: ProcessedToCuratedOptions, new_paths: list[str]) -> tuple[list[date], list[date], tuple[str, ...]]:
    """Trading dates whose trade tables and whose quote table to rebuild, and the new objects
    that feed no curated table (processed bars, anything else)."""
    if options.mode == "backfill":
        assert options.from_date is not None and options.to_date is not None
        days = [options.from_date + timedelta(days=i) for i in range((options.to_date - options.from_date).days + 1)]
        return days, days, ()
    classified = classify_new_objects(new_paths, ("trades", "quotes"), ".parquet")
    touched = {ds: [p.date for p in classified.partitions if p.dataset == ds] for ds in ("trades", "quotes")}
    return touched["trades"], touched["quotes"], classified.ignored


def run(spark: SparkSession, options: ProcessedToCuratedOptions, new_paths: list[str]) -> dict[str, Any]:
    """One run; returns the summary (raises ReconciliationError when the counts disagree)."""
    trade_days, quote_days, ignored = dates_to_rebuild(options, new_paths)
    zone = options.partition_time_zone
    reports = curate_trades(spark, options.processed_path, options.curated_path, trade_days, zone, options.no_price_conditions)
    reports += curate_quotes(spark, options.processed_path, options.curated_path, quote_days, zone)
    rows = [asdict(r) for r in reports]
    return {
        "event": "processed-to-curated.summary",
        "mode": options.mode,
        "partition_time_zone": zone,
        "new_objects": len(new_paths),
        "ignored_objects": list(ignored),
        "trade_dates": [d.isoformat() for d in trade_days],
        "quote_dates": [d.isoformat() for d in quote_days],
        "tables": rows,
        "totals": totals(rows, ("rows", "files", "bytes")),
    }
