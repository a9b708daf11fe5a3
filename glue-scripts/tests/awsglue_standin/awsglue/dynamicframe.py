"""Stand-in for awsglue.dynamicframe.DynamicFrame (TEST-ONLY): wraps a Spark DataFrame."""

from __future__ import annotations

from pyspark.sql import DataFrame


class DynamicFrame:
    def __init__(self, frame: DataFrame, name: str = "") -> None:
        self._frame = frame
        self.name = name

    def toDF(self) -> DataFrame:  # noqa: N802 - Glue's name
        return self._frame

    def count(self) -> int:
        return self._frame.count()
