"""Trading dates: the calendar date of an instant in the partition time zone.

Today every partition date is the UTC date (the validator's `date=`). With another zone, one
trading date spans two UTC days (America/New_York: a post-market trade after 19:00 New York time
in winter is already the next UTC day), so a job that rebuilds trading date T reads every UTC
partition overlapping T, and a new UTC partition D touches every trading date overlapping D.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from pyspark.sql import Column
from pyspark.sql import functions as F

_ONE_MICROSECOND = timedelta(microseconds=1)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def local_dates_of_utc_date(day: date, zone: str) -> list[date]:
    """Trading dates in `zone` that instants of the UTC day `day` fall on."""
    start = datetime.combine(day, time(0), timezone.utc)
    end = start + timedelta(days=1) - _ONE_MICROSECOND
    tz = ZoneInfo(zone)
    return _days(start.astimezone(tz).date(), end.astimezone(tz).date())


def utc_dates_of_local_date(day: date, zone: str) -> list[date]:
    """UTC days that instants of the trading date `day` in `zone` fall on."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tz).astimezone(timezone.utc)
    end = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(timezone.utc) - _ONE_MICROSECOND
    return _days(start.date(), end.date())


def affected_local_dates(utc_days: list[date], zone: str) -> list[date]:
    return sorted({local for day in utc_days for local in local_dates_of_utc_date(day, zone)})


def needed_utc_dates(local_days: list[date], zone: str) -> list[date]:
    return sorted({utc for day in local_days for utc in utc_dates_of_local_date(day, zone)})


def local_date_text(ts: Column, zone: str) -> Column:
    """YYYY-MM-DD of timestamp `ts` in `zone` (the session zone must be UTC: session.require_settings)."""
    local = ts if zone == "UTC" else F.from_utc_timestamp(ts, zone)
    return F.date_format(local, "yyyy-MM-dd")
