"""Glue benchmark driver: raw-to-processed (shipped) against the naive job on the same generated
validated/ tree, in the same run; prints one JSON result (bench/glue/glue-bench.ts makes the table).

Cases, each run by both jobs on identical input:
- full: every object is new (a first run, or bookmarks reset): all 8 partitions rebuilt;
- incremental: one late object in trades and one in quotes of the last day: 2 of 8 partitions
  rebuilt (the shipped job lists and reads only those; the naive one reads the whole tree).
Fairness: every file of the tree is read once before the first run (warm page cache), every run is
a fresh JVM, and the order alternates (full: shipped first; incremental: naive first); with
--runs N each run is repeated and the median taken. MB = 10^6 bytes of gzip validated input of the
partitions rebuilt (the uncompressed bytes are reported too); MB/s per core divides by the cores
Spark's local[*] used. A run whose stored rows differ from the generator's manifest (or from the
other job's) is reported as a mismatch.

  .venv/bin/python bench/glue/glue_bench.py [--gb 1] [--seed 20261120] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from generate_validated import DATES, ensure  # noqa: E402

TARGET_FILE_BYTES = 256 << 20


def warm(validated: Path) -> int:
    total = 0
    for path in sorted(validated.rglob("*.jsonl.gz")):
        with open(path, "rb") as f:
            while chunk := f.read(16 << 20):
                total += len(chunk)
    return total


def one_run(job: str, base: Path, objects: list[str], memory: str) -> dict:
    command = [
        sys.executable, str(HERE / "run_once.py"), "--job", job, "--validated", str(base / "validated"),
        "--processed", str(base / f"processed-{job}"), "--new-objects", ",".join(objects), "--driver-memory", memory,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{job} run failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summarise(job: str, runs: list[dict], manifest: dict, keys: list[str]) -> dict:
    seconds = statistics.median(r["seconds"] for r in runs)
    cores = runs[0]["cores"]
    stored = runs[-1]["partitions"]
    input_mb = sum(manifest["partitions"][k]["compressed_bytes"] for k in keys) / 1e6
    files = [stored[k]["files"] for k in keys]
    out_mb = sum(stored[k]["bytes"] for k in keys) / 1e6
    allowed = [max(1, -(-stored[k]["bytes"] // TARGET_FILE_BYTES)) for k in keys]
    return {
        "job": job,
        "seconds": seconds,
        "all_seconds": [r["seconds"] for r in runs],
        "cores": cores,
        "spark": runs[0]["spark"],
        "input_mb": input_mb,
        "input_uncompressed_mb": sum(manifest["partitions"][k]["uncompressed_bytes"] for k in keys) / 1e6,
        "mb_per_s_per_core": input_mb / seconds / cores,
        "files_per_partition": {"min": min(files), "max": max(files), "mean": sum(files) / len(files)},
        "mb_per_file": out_mb / sum(files),
        "output_mb": out_mb,
        "files_within_rule": all(f <= a for f, a in zip(files, allowed)),
        "rows": {k: stored[k]["rows"] for k in keys},
        "rows_match_manifest": all(stored[k]["rows"] == manifest["partitions"][k]["rows"] for k in keys),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gb", type=float, default=0.2, help="GiB of gzip validated input to generate (default 0.2 = 1.2 GiB uncompressed)")
    parser.add_argument("--seed", type=int, default=20261120)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--driver-memory", default="8g")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "bench" / "glue")
    args = parser.parse_args(argv)
    print(f"glue bench: input {args.gb:g} GiB seed {args.seed} under {args.cache}", file=sys.stderr)
    base = ensure(args.gb, args.seed, args.cache, workers=2)
    manifest = json.loads((base / "manifest.json").read_text())
    validated = base / "validated"
    warmed = warm(validated)
    every = sorted(str(p.relative_to(validated)) for p in validated.rglob("*.jsonl.gz"))
    last = DATES[-1].isoformat()
    late = [p for p in every if f"date={last}/" in p and "resend" in p]
    cases = {"full": (every, ("shipped", "naive")), "incremental": (late, ("naive", "shipped"))}
    results = {}
    for case, (objects, order) in cases.items():
        keys = sorted({str(Path(p).parent) for p in objects})
        runs: dict[str, list[dict]] = {job: [] for job in order}
        for _ in range(args.runs):
            for job in order:
                print(f"glue bench: {case} {job} ({len(keys)} partitions)...", file=sys.stderr)
                runs[job].append(one_run(job, base, objects, args.driver_memory))
        jobs = {job: summarise(job, runs[job], manifest, keys) for job in order}
        results[case] = {
            "partitions": len(keys),
            "of_partitions": len(manifest["partitions"]),
            "jobs": jobs,
            "speedup": jobs["naive"]["seconds"] / jobs["shipped"]["seconds"],
            "rows_agree": jobs["naive"]["rows"] == jobs["shipped"]["rows"],
            "order": list(order),
        }
    print(json.dumps({
        "gb": args.gb, "seed": args.seed, "warmed_bytes": warmed, "runs": args.runs,
        "compressed_bytes": manifest["compressed_bytes"], "uncompressed_bytes": manifest["uncompressed_bytes"],
        "cases": results,
    }))  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
