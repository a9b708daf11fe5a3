"""The shuffle that gives each output file its own task."""

from __future__ import annotations

from pyspark.sql import functions as F

from market_lake.file_layout import SLOT_KEY, lay_out, partition_keys


def test_partition_keys_hash_to_every_task_exactly_once(spark):
    for n in (1, 2, 3, 7, 64, 257):
        keys = partition_keys(spark, n)
        tasks = spark.createDataFrame([(k,) for k in keys], "k long").select(F.expr(f"pmod(hash(k), {n})").alias("t")).collect()
        assert sorted(r.t for r in tasks) == list(range(n))


def test_each_task_holds_one_date_and_bucket_and_copies_meet(spark):
    # Prepare: 3 files for the 20th, 2 for the 21st; each record twice (copies must share a task).
    rows = [(day, f"T{i}") for day in ("2026-11-20", "2026-11-21") for i in range(60)] * 2
    frame = spark.createDataFrame(rows, "date string, trade_id string")

    # Act
    laid = lay_out(frame, ("trade_id",), {"2026-11-20": 3, "2026-11-21": 2})
    per_task = laid.select(F.spark_partition_id().alias("task"), "date", SLOT_KEY, "trade_id").collect()

    # Assess: 5 tasks, each with a single (date, slot) and every task non-empty here.
    assert laid.rdd.getNumPartitions() == 5
    slots_by_task: dict[int, set] = {}
    tasks_by_record: dict[tuple, set] = {}
    for r in per_task:
        slots_by_task.setdefault(r.task, set()).add((r.date, r[SLOT_KEY]))
        tasks_by_record.setdefault((r.date, r.trade_id), set()).add(r.task)
    assert all(len(s) == 1 for s in slots_by_task.values())
    assert sorted(d for s in slots_by_task.values() for d, _ in s) == ["2026-11-20"] * 3 + ["2026-11-21"] * 2
    assert all(len(t) == 1 for t in tasks_by_record.values())
