"""market_lake: the transforms of the lake's Glue jobs, as plain functions over Spark DataFrames.

Shipped to Glue as the zip given to `--extra-py-files` (the zip holds `market_lake/` at its root);
the job scripts in glue-scripts/jobs/ are thin entry points around it.
"""
