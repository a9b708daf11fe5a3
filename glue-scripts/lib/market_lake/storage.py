"""Listing and small writes through the Hadoop FileSystem of the Spark session: `s3://` in Glue
(EMRFS), `file:` locally. Listing a partition directory costs one LIST per directory, instead of
Spark's discovery of every partition under a root."""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import SparkSession


@dataclass(frozen=True, order=True)
class StoredObject:
    path: str
    size: int
    modified_ms: int


def _fs_and_path(spark: SparkSession, uri: str):  # noqa: ANN202 - py4j objects
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path


def _statuses(spark: SparkSession, uri: str) -> list:
    fs, path = _fs_and_path(spark, uri)
    if not fs.exists(path):
        return []
    return list(fs.listStatus(path))


def list_files(spark: SparkSession, directory: str, suffix: str = "") -> list[StoredObject]:
    """The files directly in `directory` whose names end with `suffix` (none if it does not exist),
    sorted by path. Names starting with `_` or `.` (Spark's and S3 tools' markers) are left out."""
    found = []
    for status in _statuses(spark, directory):
        name = status.getPath().getName()
        if status.isFile() and name.endswith(suffix) and not name.startswith(("_", ".")):
            found.append(StoredObject(status.getPath().toString(), status.getLen(), status.getModificationTime()))
    return sorted(found)


def list_subdirectories(spark: SparkSession, directory: str) -> list[str]:
    """Names (not paths) of the directories directly in `directory`, sorted."""
    return sorted(s.getPath().getName() for s in _statuses(spark, directory) if s.isDirectory())


def write_text(spark: SparkSession, uri: str, text: str) -> None:
    """Writes `text` (UTF-8) to `uri`, replacing it."""
    fs, path = _fs_and_path(spark, uri)
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()
