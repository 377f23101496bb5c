"""The Arabic pipeline's work in one process, for comparing two versions on a noisy host.

    python bench/pipeline_work.py [JSONL] [--calls]

Runs `qawl.extract` over the articles (default: SaudiNewsNet's 492 quote-rich ones) on one core,
twice, after a warm-up of 50: the first pass fills the per-word caches, the second runs warm.
Prints articles/s of CPU time for each pass. With ``--calls``, a third pass runs under cProfile
and prints how many Python function calls it made: a count that does not depend on the host's
load, so two versions can be compared where timings are noise (run the older one from its own
checkout with ``PYTHONPATH=<checkout>/src``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/data/saudinewsnet/quote_rich_sample.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jsonl", nargs="?", default=str(DEFAULT))
    ap.add_argument("--calls", action="store_true", help="also count Python function calls (cProfile)")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import qawl

    with open(a.jsonl, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]

    def run() -> float:
        t = time.process_time()
        for r in rows:
            qawl.extract(r["text"], title=r.get("title"))
        return time.process_time() - t

    for r in rows[:50]:
        qawl.extract(r["text"], title=r.get("title"))
    first, warm = run(), run()
    print(f"articles: {len(rows)}, qawl from {Path(qawl.__file__).parent}")
    print(
        f"first pass: {len(rows) / first:.1f} articles/s (CPU), warm: {len(rows) / warm:.1f} articles/s (CPU)"
    )
    if a.calls:
        prof = cProfile.Profile()
        prof.enable()
        run()
        prof.disable()
        print(f"Python function calls, one warm pass: {pstats.Stats(prof).total_calls:,}")


if __name__ == "__main__":
    main()
