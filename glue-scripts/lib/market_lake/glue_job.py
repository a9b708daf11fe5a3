"""The Glue wiring both entry points share: arguments, GlueContext, Job with bookmarks, the run,
the summary, and the bookmark commit after the summary (a failed run commits nothing, so the next
run sees the same objects again; every rebuild is idempotent).

It takes Glue's classes as arguments and imports nothing from `awsglue` (which exists only inside
Glue), so the tests drive it with a stand-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pyspark.context import SparkContext

from . import processed_to_curated, raw_to_processed
from .bookmarks import new_object_paths
from .job_options import parse_processed_to_curated, parse_raw_to_processed
from .session import configure_session
from .summary import emit


@dataclass(frozen=True)
class JobSpec:
    parse: Callable[[list[str]], Any]  # argv without the script name -> options
    run: Callable[[Any, Any, list[str]], dict[str, Any]]  # (spark, options, new object paths) -> summary
    source_root: Callable[[Any], str]  # options -> the bookmarked prefix
    source_format: str  # "json" | "parquet"
    bookmark_context: str  # the Glue transformation_ctx of the bookmarked source


@dataclass(frozen=True)
class Glue:
    context: Any  # awsglue.context.GlueContext
    job: Any  # awsglue.job.Job
    get_resolved_options: Callable[[list[str], list[str]], dict[str, str]]  # awsglue.utils.getResolvedOptions


def run_job(argv: list[str], spec: JobSpec, glue: Glue) -> dict[str, Any]:
    """Runs one job; `argv` is sys.argv (script name first). Returns the summary."""
    options = spec.parse(argv[1:])  # a bad argument fails here, before Spark starts
    glue_args = glue.get_resolved_options(argv, ["JOB_NAME"])
    glue_context = glue.context(SparkContext.getOrCreate())
    spark = glue_context.spark_session
    configure_session(spark)
    job = glue.job(glue_context)
    job.init(glue_args["JOB_NAME"], glue_args)
    new_paths: list[str] = []
    if options.mode == "incremental":
        new_paths = new_object_paths(glue_context, spec.source_root(options), spec.source_format, spec.bookmark_context)
    # The job name in the line is the dimension of the metrics the stack's log metric filters make
    # of it (one filter per total, GlueEtlJob's summaryMetrics), and it names the environment.
    summary = {**spec.run(spark, options, new_paths), "job_name": glue_args["JOB_NAME"]}
    emit(spark, summary, options.summary_path)
    job.commit()
    return summary


# The two jobs. The bookmark contexts are part of the deployed state: renaming one makes the next
# run see every object as new (a full rebuild: correct, but slow).
RAW_TO_PROCESSED_JOB = JobSpec(
    parse_raw_to_processed, raw_to_processed.run, lambda o: o.validated_path, "json", "validated_objects"
)
PROCESSED_TO_CURATED_JOB = JobSpec(
    parse_processed_to_curated, processed_to_curated.run, lambda o: o.processed_path, "parquet", "processed_objects"
)
