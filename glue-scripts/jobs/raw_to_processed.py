"""Glue job raw-to-processed (entry point; the work is in market_lake.raw_to_processed).

Takes the validated objects job bookmarks report as new, rebuilds every (dataset, date) partition
they touch from all of that partition's validated objects into processed Parquet, prints (and
optionally stores) a JSON summary, then commits the bookmark.

Arguments (market_lake/job_options.py): --validated_path, --processed_path, [--mode incremental|
backfill, --datasets, --from_date, --to_date, --target_file_mb, --output_bytes_ratio,
--summary_path], plus Glue's own --JOB_NAME.
"""

from __future__ import annotations

import sys
from typing import Any

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions

from market_lake.glue_job import RAW_TO_PROCESSED_JOB, Glue, run_job


def main(argv: list[str]) -> dict[str, Any]:
    return run_job(argv, RAW_TO_PROCESSED_JOB, Glue(GlueContext, Job, getResolvedOptions))


if __name__ == "__main__":
    main(sys.argv)
