"""The pinned environment: the tests run on the Spark, Python and Java of Glue 5.0."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyspark

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements.txt"


def test_pyspark_is_the_pinned_glue_5_spark():
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)$", REQUIREMENTS.read_text(), re.MULTILINE))
    assert pins["pyspark"] == "3.5.4"  # Glue 5.0 runs Spark 3.5.4
    assert pyspark.__version__ == pins["pyspark"]


def test_python_is_glue_5_python():
    assert sys.version_info[:2] == (3, 11)


def test_java_is_17(spark):
    version = spark.sparkContext._jvm.java.lang.System.getProperty("java.specification.version")
    assert version == "17", f"Spark runs on Java {version}; Glue 5.0 runs Java 17 ({shutil.which('java')})"


def test_the_setup_script_is_idempotent():
    script = Path(__file__).resolve().parents[2] / "scripts" / "python-env.sh"
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stderr
