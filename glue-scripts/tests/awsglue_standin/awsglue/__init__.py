"""TEST-ONLY stand-in for the parts of AWS Glue's `awsglue` package the job entry points use
(GlueContext, Job, getResolvedOptions, DynamicFrame sources with job bookmarks), on local paths.

`awsglue` exists only inside Glue (it is on no package index); this stand-in lets the tests run
each entry point end to end in local Spark. It is never shipped: the deployment zip holds
glue-scripts/lib/market_lake only.

Bookmarks: set GLUE_STANDIN_BOOKMARKS to a directory to enable them (as a job run with
`--job-bookmark-option job-bookmark-enable`); unset, every run sees every object (bookmarks
disabled, Glue's default). State is kept per job name and transformation_ctx, as in Glue, and
written at Job.commit(). An object counts as new when its path is unknown or its modification time
changed since the last commit: Glue goes by modification times too, so an object the validation
function rewrites on a retry is new again.
"""
