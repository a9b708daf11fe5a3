"""New objects under a prefix, as Glue job bookmarks see them.

Glue tracks what a job has read per `transformation_ctx` of a DynamicFrame source and commits it
at `job.commit()`; for S3 sources it goes by the objects' modification times. This module only
asks that source for the paths of the objects it returns (their records are not used: the jobs
rebuild whole partitions from listings). It takes the GlueContext as an argument and imports
nothing from `awsglue`, so the tests drive it with the stand-in.

Paths come from the frame's `attachFilename` column when Glue fills it, else from Spark's
`input_file_name()`; a frame that has rows but yields no path fails the run rather than skipping
the data.
"""

from __future__ import annotations

from typing import Any

from pyspark.sql import functions as F

FILE_COLUMN = "source_object"


class BookmarkSourceError(RuntimeError):
    """The bookmarked source returned rows without their object paths."""


def new_object_paths(glue_context: Any, root: str, data_format: str, transformation_ctx: str) -> list[str]:
    """Paths of the objects under `root` that no committed run of this job has read (all objects
    when bookmarks are disabled), sorted."""
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [root], "recurse": True, "groupFiles": "none", "attachFilename": FILE_COLUMN},
        format=data_format,
        transformation_ctx=transformation_ctx,
    ).toDF()
    column = F.col(FILE_COLUMN) if FILE_COLUMN in frame.columns else F.input_file_name()
    paths = sorted({row[0] for row in frame.select(column).distinct().collect()})
    if "" in paths or None in paths:
        raise BookmarkSourceError(
            f"the bookmarked {data_format} source under {root} returned rows without an object path; "
            "the run cannot tell which partitions are new"
        )
    return paths
