"""Object keys and partition directories of the lake (pure string functions).

Layout:
- validated: `<validated root>/dataset=<d>/date=YYYY-MM-DD/<file>.<version>.jsonl.gz`
- processed: `<processed root>/dataset=<d>/date=YYYY-MM-DD/part-*.parquet`
- curated:   `<curated root>/<table>/date=YYYY-MM-DD/part-*.parquet`
Roots are URIs (`s3://bucket/prefix/` in Glue, `file:/...` or a plain path locally).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .schemas import DATASETS

VALIDATED_SUFFIX = ".jsonl.gz"
_PARTITION = re.compile(r"(?:^|/)dataset=([^/]+)/date=(\d{4}-\d{2}-\d{2})/[^/]+$")


@dataclass(frozen=True, order=True)
class Partition:
    """A (dataset, date) partition; `date` is the `date=` value of its objects' keys."""

    dataset: str
    date: date

    @property
    def date_text(self) -> str:
        return self.date.isoformat()


def join(root: str, *parts: str) -> str:
    """`root` and `parts` joined by single slashes (keeps `s3://` and `file:///` intact)."""
    out = root.rstrip("/")
    for part in parts:
        out += "/" + part.strip("/")
    return out


def partition_dir(root: str, partition: Partition) -> str:
    return join(root, f"dataset={partition.dataset}", f"date={partition.date_text}")


def dataset_dir(root: str, dataset: str) -> str:
    return join(root, f"dataset={dataset}")


def table_dir(root: str, table: str) -> str:
    return join(root, table)


def date_dir(root: str, day: date) -> str:
    return join(root, f"date={day.isoformat()}")


def partition_of(path: str) -> Partition | None:
    """The partition of an object path, or None when the path is not `.../dataset=<d>/date=<date>/<file>`
    with a known dataset and a real calendar date."""
    match = _PARTITION.search(path)
    if match is None or match.group(1) not in DATASETS:
        return None
    try:
        day = date.fromisoformat(match.group(2))
    except ValueError:
        return None
    return Partition(match.group(1), day)


@dataclass(frozen=True)
class Classified:
    partitions: tuple[Partition, ...]
    ignored: tuple[str, ...]


def classify_new_objects(paths: list[str], datasets: tuple[str, ...], suffix: str) -> Classified:
    """The partitions the new objects touch (sorted, each once), and the objects that are not
    data (`suffix`) of one of `datasets` (returned so the summary can account for them)."""
    touched: set[Partition] = set()
    ignored: list[str] = []
    for path in paths:
        partition = partition_of(path)
        if partition is None or partition.dataset not in datasets or not path.endswith(suffix):
            ignored.append(path)
        else:
            touched.add(partition)
    return Classified(tuple(sorted(touched)), tuple(sorted(ignored)))
