"""Stand-in for awsglue.context.GlueContext (TEST-ONLY, see awsglue/__init__.py).

Only `create_dynamic_frame.from_options(connection_type="s3", ...)` over local directories, with
the options the jobs use: paths, recurse, groupFiles (ignored: local reads group nothing),
attachFilename (the column with each record's object path) and formats json and parquet.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pyspark.context import SparkContext
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

from .dynamicframe import DynamicFrame

_FORMATS = {"json", "parquet"}
_OPTIONS = {"paths", "recurse", "groupFiles", "attachFilename"}


def local_path(uri: str) -> Path:
    if uri.startswith("s3://"):
        raise ValueError(f"the awsglue stand-in reads local paths only, not {uri}")
    return Path(uri[len("file:"):] if uri.startswith("file:") else uri)


def list_objects(root: str, recurse: bool) -> dict[str, int]:
    """file: URI -> modification time (ns) of the data files under `root` (hidden `_`/`.` names
    skipped, as Spark and Glue skip them)."""
    base = local_path(root)
    if not base.exists():
        return {}
    walker = base.rglob("*") if recurse else base.glob("*")
    return {
        "file:" + str(p): p.stat().st_mtime_ns
        for p in walker
        if p.is_file() and not any(part.startswith(("_", ".")) for part in p.relative_to(base).parts)
    }


class _DynamicFrameReader:
    def __init__(self, context: "GlueContext") -> None:
        self._context = context

    def from_options(
        self,
        connection_type: str,
        connection_options: dict[str, Any],
        format: str | None = None,  # noqa: A002 - Glue's parameter name
        format_options: dict[str, Any] | None = None,
        transformation_ctx: str = "",
    ) -> DynamicFrame:
        if connection_type != "s3" or format not in _FORMATS:
            raise ValueError(f"stand-in supports connection_type s3 with formats {sorted(_FORMATS)}, got {connection_type} {format}")
        unknown = set(connection_options) - _OPTIONS
        if unknown:
            raise ValueError(f"stand-in does not implement connection options {sorted(unknown)}")
        objects: dict[str, int] = {}
        for root in connection_options["paths"]:
            objects.update(list_objects(root, bool(connection_options.get("recurse", False))))
        new = self._context._bookmarks.new_objects(transformation_ctx, objects)
        return DynamicFrame(self._read(sorted(new), format, connection_options.get("attachFilename")), transformation_ctx)

    def _read(self, paths: list[str], data_format: str, attach: str | None):
        spark = self._context.spark_session
        if not paths:
            return spark.createDataFrame([], StructType([StructField(attach or "value", StringType())]))
        frame = spark.read.format(data_format).load(paths)
        if attach:
            frame = frame.withColumn(attach, F.expr("url_decode(replace(_metadata.file_path, '+', '%2B'))"))
        return frame


class GlueContext:
    def __init__(self, spark_context: SparkContext) -> None:
        self._sc = spark_context
        self.spark_session = SparkSession.builder.getOrCreate()
        self.create_dynamic_frame = _DynamicFrameReader(self)
        from .job import Bookmarks

        self._bookmarks = Bookmarks(None, os.environ.get("GLUE_STANDIN_BOOKMARKS"))
