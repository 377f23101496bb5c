"""Speed and memory of `qawl extract` batch mode on one core.

    python bench/extract_speed.py [JSONL] [--cores 1]

Default input: ../shared/data/saudinewsnet/quote_rich_sample.jsonl (492 articles). Runs the real
CLI in a child process pinned to one core and prints articles/second (wall clock, model loading
included and excluded) and the child's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/data/saudinewsnet/quote_rich_sample.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jsonl", nargs="?", default=str(DEFAULT))
    ap.add_argument("--cores", type=int, default=1, help="CPU cores the child may use (default 1)")
    a = ap.parse_args()
    with open(a.jsonl, encoding="utf-8") as fh:
        n = sum(1 for line in fh if line.strip())

    def pin() -> None:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: a.cores]))

    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    # start-up alone (imports, model loading), to report the steady rate too
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "qawl", "extract", "-", "--format", "json"],
        input=b"x",
        capture_output=True,
        env=env,
        preexec_fn=pin,
        check=True,
    )
    startup = time.perf_counter() - t0
    # output to a file, not a pipe: a busy parent reading a pipe could throttle the child
    with tempfile.TemporaryFile() as sink, tempfile.TemporaryFile() as errs:
        t0 = time.perf_counter()
        rc = subprocess.call(
            [sys.executable, "-m", "qawl", "extract", a.jsonl, "--format", "jsonl", "--no-progress"],
            stdout=sink,
            stderr=errs,
            env=env,
            preexec_fn=pin,
        )
        wall = time.perf_counter() - t0
        if rc not in (0, 8):
            errs.seek(0)
            sys.exit(f"extract failed ({rc}): {errs.read().decode()[-500:]}")
        sink.seek(0)
        rows = [json.loads(x) for x in sink.read().decode().splitlines()]
    errors = sum("error" in r for r in rows)
    quotes = sum(len(r.get("quotes", [])) for r in rows)
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"articles: {n} ({errors} failed), quotes: {quotes}, cores: {a.cores}")
    print(f"wall: {wall:.1f} s, start-up: {startup:.1f} s")
    print(f"articles/s: {n / wall:.1f} (including start-up), {n / max(wall - startup, 1e-9):.1f} (steady)")
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
