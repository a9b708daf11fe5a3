"""Per-date counts taken while a DataFrame is written, without another pass over the data
(Spark's `observe`: the sums ride along with the write and are read once it has finished)."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame, Observation
from pyspark.sql import functions as F


class ReconciliationError(RuntimeError):
    """Counts that must agree (records in and rows out, trade volume and bar volume) do not."""


class DateTotals:
    """Sums of `measures` (name -> numeric column) per value of the `date` column, for `dates`.

    Use `.frame` in place of the input frame; `.totals()` after the action that consumed it."""

    def __init__(self, frame: DataFrame, dates: list[str], measures: dict[str, Column], name: str) -> None:
        self._dates = list(dates)
        self._names = list(measures)
        self._observation = Observation(name)
        sums = [
            F.sum(F.when(F.col("date") == day, column).otherwise(F.lit(0))).alias(f"{measure}#{i}")
            for i, day in enumerate(self._dates)
            for measure, column in measures.items()
        ]
        self.frame = frame.observe(self._observation, *sums) if sums else frame

    def totals(self) -> dict[str, dict[str, int]]:
        """date -> measure -> sum (0 when the date had no rows)."""
        if not self._dates:
            return {}
        got = self._observation.get
        return {
            day: {m: int(got.get(f"{m}#{i}") or 0) for m in self._names} for i, day in enumerate(self._dates)
        }


def count_rows() -> Column:
    return F.lit(1)


def count_where(condition: Column) -> Column:
    return F.when(condition, F.lit(1)).otherwise(F.lit(0))


def date_sums(frame: DataFrame, measures: dict[str, Column]) -> dict[str, dict[str, int]]:
    """date -> measure -> sum over an (already written, small) frame, e.g. a table read back."""
    rows = frame.groupBy("date").agg(*[F.sum(c).alias(m) for m, c in measures.items()]).collect()
    return {str(r["date"]): {m: int(r[m] or 0) for m in measures} for r in rows}
