"""Stand-in for awsglue.job.Job and its bookmark state (TEST-ONLY, see awsglue/__init__.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class Bookmarks:
    """Per transformation_ctx: objects (URI -> mtime ns) read by committed runs; pending until commit."""

    def __init__(self, job_name: str | None, directory: str | None) -> None:
        self._dir = Path(directory, job_name) if directory and job_name else None
        self._pending: dict[str, dict[str, int]] = {}

    def _file(self, ctx: str) -> Path:
        assert self._dir is not None
        return self._dir / f"{ctx}.json"

    def new_objects(self, ctx: str, objects: dict[str, int]) -> dict[str, int]:
        if self._dir is None or not ctx:  # bookmarks disabled, or a source without a context
            return dict(objects)
        seen = json.loads(self._file(ctx).read_text()) if self._file(ctx).exists() else {}
        self._pending[ctx] = objects
        return {uri: mtime for uri, mtime in objects.items() if seen.get(uri) != mtime}

    def commit(self) -> None:
        if self._dir is None:
            return
        self._dir.mkdir(parents=True, exist_ok=True)
        for ctx, objects in self._pending.items():
            seen = json.loads(self._file(ctx).read_text()) if self._file(ctx).exists() else {}
            seen.update(objects)
            self._file(ctx).write_text(json.dumps(seen, sort_keys=True))
        self._pending = {}


class Job:
    def __init__(self, glue_context: Any) -> None:
        self._context = glue_context
        self._initialised = False

    def init(self, job_name: str, args: dict[str, str] | None = None) -> None:
        self._context._bookmarks = Bookmarks(job_name, os.environ.get("GLUE_STANDIN_BOOKMARKS"))
        self._initialised = True

    def commit(self) -> None:
        if not self._initialised:
            raise RuntimeError("Job.commit() before Job.init()")
        self._context._bookmarks.commit()
