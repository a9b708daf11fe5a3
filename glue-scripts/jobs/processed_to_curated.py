"""Glue job processed-to-curated (entry point; the work is in market_lake.processed_to_curated).

Takes the processed Parquet objects job bookmarks report as new (raw-to-processed rewrites a
partition whole, so its new files name the partitions it rebuilt), rebuilds the curated tables of
every trading date they touch (1-minute bars, daily bars, quote statistics), prints (and
optionally stores) a JSON summary, then commits the bookmark.

Arguments (market_lake/job_options.py): --processed_path, --curated_path, [--mode incremental|
backfill, --from_date, --to_date, --no_price_conditions, --partition_time_zone, --summary_path],
plus Glue's own --JOB_NAME.
"""

from __future__ import annotations

import sys
from typing import Any

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions

from market_lake.glue_job import PROCESSED_TO_CURATED_JOB, Glue, run_job


def main(argv: list[str]) -> dict[str, Any]:
    return run_job(argv, PROCESSED_TO_CURATED_JOB, Glue(GlueContext, Job, getResolvedOptions))


if __name__ == "__main__":
    main(sys.argv)
