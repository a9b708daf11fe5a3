"""The local SparkSession the tests and the e2e run the Glue code in (test-only, never shipped).

Two cores, as on the build machines; no UI or progress bars (they only add noise to captured
output); the driver on loopback (a container's hostname may not resolve); the warehouse and
Derby's metastore in `scratch`, so runs leave nothing in the working directory.
"""

from __future__ import annotations

import os

from pyspark.sql import SparkSession


def local_spark(app_name: str, scratch: str) -> SparkSession:
    session = (
        SparkSession.builder.master("local[2]")
        .appName(app_name)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.warehouse.dir", os.path.join(scratch, "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={scratch}")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session
