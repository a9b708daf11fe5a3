"""Generates (once per size and seed) a validated/ tree for the Glue benchmark, in exactly the shape
the validation function writes: `validated/dataset=<d>/date=<D>/<file>.jsonl.gz`, gzip level 1
(handlers/validation/output-compressor.ts), one normalised JSON object a line, fields in schema order
(market_lake/schemas.py), timestamps `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`, `flags` only when non-empty.

Realism: trades and quotes over several trading days, 40 symbols of skewed activity, a vendor file
per hour slice of the session (timestamps ascending within a file, random walks of prices), trade
ids unique per partition, and per partition one later "resend" object repeating ~4% of the first
file's records (for trades ~1 in 50 of those resent with another price: conflicting duplicates).
Everything comes from seeded generators, so the same (size, seed) gives the same bytes; the tree
is cached under build/bench/glue/validated-<gb>gb-seed<seed>/ with manifest.json (the expected
records in, duplicates and rows of every partition, and the compressed and uncompressed bytes).

Run: .venv/bin/python bench/glue/generate_validated.py --gb 1 [--seed 20261120] [--root build/bench/glue]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

DATES = [date(2026, 11, 16) + timedelta(days=i) for i in range(4)]  # Mon-Thu
SHARE = {"trades": 0.4, "quotes": 0.6}  # of the compressed bytes
SYMBOLS = [f"{a}{b}{c}" for a, b, c in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN", "XYZQRSTUVWMNOPKLGHIJXYZQRSTUVWMNOPKLGHIJ", "AEIOUAEIOUAEIOUAEIOUBCDFGBCDFGBCDFGBCDFG")]
WEIGHTS = [1.0 / (i + 1) for i in range(len(SYMBOLS))]  # Zipf-like activity
EXCHANGES = ["XNAS", "XNYS", "ARCX", "BATS", "EDGX", "IEXG"]
CONDITIONS = ["@", "F", "I", "T", "@FT", "B", "Z"]
SESSION_START, SESSION_SECONDS = 14 * 3600 + 30 * 60, int(6.5 * 3600)  # 09:30-16:00 New York = 14:30-21:00 UTC
RESEND_SHARE, CONFLICT_SHARE = 0.04, 0.02
OBJECT_BYTES = 24 << 20  # most compressed bytes per vendor file (estimated from a calibration object)
MARGIN = 1.1  # over the size asked for: the calibration sample compresses ~6% better than whole files


def _record_lines(dataset: str, day: date, index: int, objects: int, count: int, seed: int) -> list[str]:
    """The `count` lines of vendor file `index` (of `objects`) of a partition: its slice of the session."""
    rng = random.Random(f"{seed}/{dataset}/{day}/{index}")
    prices = {s: 20.0 + 480.0 * random.Random(f"{seed}/{s}").random() for s in SYMBOLS}
    start_ns = (SESSION_START + SESSION_SECONDS * index // objects) * 1_000_000_000
    step = SESSION_SECONDS * 1_000_000_000 // objects // count
    prefix = f"{day.isoformat()}T"
    symbols = rng.choices(SYMBOLS, WEIGHTS, k=count)
    lines = []
    ns = start_ns
    for i, symbol in enumerate(symbols):
        ns += rng.randint(1, 2 * step - 1)
        seconds, frac = divmod(ns, 1_000_000_000)
        ts = f"{prefix}{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{frac:09d}Z"
        price = prices[symbol] = max(1.0, prices[symbol] * (1 + rng.gauss(0, 0.0004)))
        exchange = EXCHANGES[rng.randrange(6)]
        flags = ',"flags":["timestamp-order"]' if rng.random() < 0.002 else ""
        if dataset == "trades":
            size = rng.choice((100, 100, 100, 200, 300, 500, 1000)) if rng.random() < 0.8 else rng.randint(1, 99)
            cond = f',"conditions":"{CONDITIONS[rng.randrange(7)]}"' if rng.random() < 0.25 else ""
            trade_id = f"{index:03d}{i:09d}"
            lines.append(f'{{"trade_id":"{trade_id}","symbol":"{symbol}","ts":"{ts}","price":{price:.2f},"size":{size},"exchange":"{exchange}"{cond}{flags}}}\n')
        else:
            half = max(0.01, round(price * rng.uniform(0.00005, 0.0005), 2))
            bid, ask = price - half, price + half
            lines.append(
                f'{{"symbol":"{symbol}","ts":"{ts}","bid_price":{bid:.2f},"bid_size":{rng.randint(1, 50) * 100},'
                f'"ask_price":{ask:.2f},"ask_size":{rng.randint(1, 50) * 100},"exchange":"{exchange}"{flags}}}\n'
            )
    return lines


def _resend_lines(dataset: str, day: date, objects: int, count: int, seed: int) -> list[str]:
    """Copies of ~4% of file 0's records; some trades with another price (same trade id)."""
    rng = random.Random(f"{seed}/{dataset}/{day}/resend")
    out = []
    for line in _record_lines(dataset, day, 0, objects, count, seed):
        if rng.random() < RESEND_SHARE:
            if dataset == "trades" and rng.random() < CONFLICT_SHARE:
                head, _, rest = line.partition('"price":')
                value, _, tail = rest.partition(",")
                line = f'{head}"price":{float(value) + 0.01:.2f},{tail}'
            out.append(line)
    return out


def _write(task: tuple) -> tuple[str, int, int, int]:
    path, dataset, day, index, objects, count, seed, mtime = task
    lines = _resend_lines(dataset, day, objects, count, seed) if index < 0 else _record_lines(dataset, day, index, objects, count, seed)
    data = "".join(lines).encode("ascii")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path + ".tmp", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as out:
        out.write(data)
    os.replace(path + ".tmp", path)
    os.utime(path, (mtime, mtime))
    return path, os.path.getsize(path), len(data), len(lines)


def _layout(gb: float, seed: int) -> tuple[dict[str, int], dict[str, int]]:
    """Records per file and files per partition of each dataset, from a calibration file's bytes."""
    per_file, files = {}, {}
    for dataset, share in SHARE.items():
        sample = "".join(_record_lines(dataset, DATES[0], 0, 12, 20_000, seed)).encode("ascii")
        compressed_per_record = len(gzip.compress(sample, compresslevel=1)) / 20_000
        partition_bytes = MARGIN * gb * (1 << 30) * share / len(DATES)
        files[dataset] = max(2, math.ceil(partition_bytes / OBJECT_BYTES))
        per_file[dataset] = int(partition_bytes / files[dataset] / compressed_per_record)
    return per_file, files


def ensure(gb: float, seed: int, root: Path, workers: int) -> Path:
    """The cached tree's directory (validated/ and manifest.json), generating it when missing."""
    base = root / f"validated-{gb:g}gb-seed{seed}"
    manifest_path = base / "manifest.json"
    if manifest_path.exists():
        return base
    per_file, files = _layout(gb, seed)
    tasks = []
    for dataset in SHARE:
        for day in DATES:
            directory = base / "validated" / f"dataset={dataset}" / f"date={day.isoformat()}"
            arrival = 1_763_000_000 + DATES.index(day) * 86_400
            n = files[dataset]
            for index in range(n):
                name = f"{dataset}-{day:%Y%m%d}-{index:03d}.1.jsonl.gz"
                tasks.append((str(directory / name), dataset, day, index, n, per_file[dataset], seed, arrival + 60 * index))
            tasks.append((str(directory / f"{dataset}-{day:%Y%m%d}-resend.1.jsonl.gz"), dataset, day, -1, n, per_file[dataset], seed, arrival + 60 * n + 3600))
    partitions: dict[str, dict] = {}
    with ProcessPoolExecutor(workers) as pool:
        for path, size, raw_bytes, lines in pool.map(_write, tasks):
            rel = Path(path).relative_to(base / "validated")
            key = f"{rel.parts[0]}/{rel.parts[1]}"
            p = partitions.setdefault(key, {"objects": 0, "compressed_bytes": 0, "uncompressed_bytes": 0, "records_in": 0, "duplicates": 0})
            p["objects"] += 1
            p["compressed_bytes"] += size
            p["uncompressed_bytes"] += raw_bytes
            p["records_in"] += lines
            if "resend" in rel.name:
                p["duplicates"] += lines
    for p in partitions.values():
        p["rows"] = p["records_in"] - p["duplicates"]
    manifest = {
        "gb": gb,
        "seed": seed,
        "partitions": dict(sorted(partitions.items())),
        "compressed_bytes": sum(p["compressed_bytes"] for p in partitions.values()),
        "uncompressed_bytes": sum(p["uncompressed_bytes"] for p in partitions.values()),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return base


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20261120)
    parser.add_argument("--root", type=Path, default=Path("build/bench/glue"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    print(ensure(args.gb, args.seed, args.root, args.workers))


if __name__ == "__main__":
    main(sys.argv[1:])
