"""Trading dates: the calendar date of an instant in the partition time zone.

The validator files every record under its trading date in the dataset's zone (the object's
`date=` is that trading date, and a record of another trading date is quarantined), and
raw-to-processed keeps those partitions. So a processed `date=` partition holds exactly one trading
date: the jobs rebuild and read the dates they are given, and use the zone only to date what they
compute (a bar belongs to the trading date of its start) and to check that a row's partition and
its trading date agree.
"""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F


def local_date_text(ts: Column, zone: str) -> Column:
    """YYYY-MM-DD of timestamp `ts` in `zone` (the session zone must be UTC: session.require_settings)."""
    local = ts if zone == "UTC" else F.from_utc_timestamp(ts, zone)
    return F.date_format(local, "yyyy-MM-dd")
