"""Archive benchmark: ingest SaudiNewsNet end to end, then time the queries a user runs.

    .venv/bin/python bench/ingest_bench.py [--limit N] [--db PATH] [--data FILE] [--jobs N]
                                           [--queries N] [--keep] [--json OUT]

Ingest goes through the same path as `qawl ingest`: the JSON Lines reader (date_extracted is
the publication date), qawl.extract at its full quality, one transaction per article. It prints
articles/s (end to end, and the share spent in analysis), the database size and the peak memory
(RSS) of the process, then p50/p95 latency (ms) of quote searches by speaker (names sampled from
the archive's people, in either script), by entity mentioned (about), by words (full text), and
of the speakers list. Goals (issue 5): >= 30 articles/s into SQLite on one core, query p95 < 50 ms.

The default --db is a fresh file in a temporary folder, removed afterwards unless --keep.
A PostgreSQL URL works too (its database must be empty or hold an earlier bench run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def timed(fn, args_list) -> dict[str, float]:
    times, hits = [], []
    for args in args_list:
        t = time.perf_counter()
        out = fn(*args)
        times.append((time.perf_counter() - t) * 1000)
        hits.append(len(out))
    return {
        "n": len(times),
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "max_ms": round(max(times), 2) if times else float("nan"),
        "mean_hits": round(statistics.fmean(hits), 1) if hits else 0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="SaudiNewsNet JSON Lines (.gz)")
    ap.add_argument("--limit", type=int, default=None, help="ingest only the first N articles")
    ap.add_argument("--db", default=None, help="archive path or postgresql:// URL (default: a temp file)")
    ap.add_argument("--jobs", type=int, default=1, help="analysis processes (the goal is for 1)")
    ap.add_argument("--queries", type=int, default=200, help="queries of each kind to time")
    ap.add_argument("--keep", action="store_true", help="keep the temporary archive")
    ap.add_argument("--json", default=None, help="also write the figures to this JSON file")
    ap.add_argument("--queries-only", action="store_true", help="time the queries on an existing --db")
    args = ap.parse_args(argv)

    import qawl
    from qawl import archive

    tmpdir = None
    db = args.db
    if db is None:
        tmpdir = tempfile.mkdtemp(prefix="qawl-bench-")
        db = os.path.join(tmpdir, "archive.sqlite")

    # time the analysis separately from reading and storing
    analysis = [0.0]

    def extract(text, published=None, title=None):
        t = time.perf_counter()
        try:
            return qawl.extract(text, published=published, title=title)
        finally:
            analysis[0] += time.perf_counter() - t

    extract.__qualname__ = f"qawl {qawl.__version__}"
    # warm up (loads models and lexicons once, as a long ingest would)
    t0 = time.perf_counter()
    qawl.extract("قال الرئيس: «نعم».")
    warmup = time.perf_counter() - t0

    last = [time.perf_counter()]

    def progress(report, item, outcome):
        now = time.perf_counter()
        if now - last[0] >= 10:
            last[0] = now
            print(
                f"  {report.read} documents, {report.rate:.1f}/s, {report.quotes} quotes",
                file=sys.stderr,
                flush=True,
            )

    store = archive.open_archive(db)
    if args.queries_only:
        ingest = {
            "db_mb": round(store.size_bytes() / 1e6, 1),
            **{f"archive_{k}": v for k, v in archive.stats(store).items()},
        }
    else:
        ingest = run_ingest(args, store, extract, progress, analysis, warmup)
    print(json.dumps({"ingest": ingest}, ensure_ascii=False, indent=1))

    # -- queries ---------------------------------------------------------------------------
    rng = random.Random(5)
    n = args.queries
    speakers = [r[0] for r in store.all(
        "SELECT n.name FROM entity_names n JOIN entities e ON e.id = n.entity_id "
        "WHERE e.id IN (SELECT DISTINCT speaker_entity_id FROM quotes WHERE speaker_entity_id IS NOT NULL)"
    )]  # fmt: skip
    entities = [r[0] for r in store.all(
        "SELECT n.name FROM entity_names n WHERE n.entity_id IN (SELECT DISTINCT entity_id FROM quote_about)"
    )]  # fmt: skip
    words = [w for (t,) in store.all("SELECT text FROM quotes LIMIT 20000") for w in t.split() if len(w) > 3]
    top_speakers = archive.list_speakers(store, limit=20)
    top = [s.name for s in top_speakers]
    top_ids = [s.id for s in top_speakers]

    def sample(pool: list[str], k: int) -> list[str]:
        return [rng.choice(pool) for _ in range(k)] if pool else []

    F = archive.QuoteFilter

    def q(f):
        return archive.search_quotes(store, f, limit=50)

    queries = {
        "speaker": timed(lambda s: q(F(speaker=s)), [(s,) for s in sample(speakers, n)]),
        "speaker_top": timed(lambda s: q(F(speaker=s)), [(s,) for s in sample(top, n)]),
        "about": timed(lambda s: q(F(about=s)), [(s,) for s in sample(entities, n)]),
        "text_1word": timed(lambda s: q(F(text=s)), [(s,) for s in sample(words, n)]),
        "text_2words": timed(lambda a, b: q(F(text=f"{a} {b}")), list(zip(sample(words, n), sample(words, n), strict=True))),
        "speaker+text+since": timed(
            lambda s, w: q(F(speaker=s, text=w, since="2015-08-01")),
            list(zip(sample(top, n), sample(words, n), strict=True)),
        ),
        "latest_page": timed(lambda o: q(F()) if o == 0 else archive.search_quotes(store, F(), limit=50, offset=o),
                             [(rng.randrange(0, 2000),) for _ in range(min(n, 50))]),
        "speakers_list": timed(lambda: archive.list_speakers(store, limit=50), [() for _ in range(20)]),
        "get_speaker": timed(lambda s: [archive.get_speaker(store, s)], [(s,) for s in sample(top_ids, min(n, 50))]),
    }  # fmt: skip
    print(json.dumps({"queries": queries}, ensure_ascii=False, indent=1))
    store.close()

    print(
        (
            f"\nSUMMARY ingest {ingest['documents']} docs in {ingest['seconds']} s = {ingest['articles_per_s']} "
            f"articles/s (analysis {ingest['analysis_share']:.0%}, read+store {ingest['read_store_ms_per_article']} "
            f"ms/article); db {ingest['db_mb']} MB; peak RSS {ingest['peak_rss_mb']} MB; quotes {ingest['quotes']}; "
            if not args.queries_only
            else f"\nSUMMARY archive {ingest}; "
        )
        + "; ".join(f"{k} p50 {v['p50_ms']} / p95 {v['p95_ms']} ms" for k, v in queries.items())
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"ingest": ingest, "queries": queries}, indent=1), encoding="utf-8"
        )
    if tmpdir and not args.keep:
        for f in Path(tmpdir).iterdir():
            f.unlink()
        os.rmdir(tmpdir)
    elif tmpdir:
        print(f"archive kept at {db}", file=sys.stderr)
    return 0


def run_ingest(args, store, extract, progress, analysis, warmup) -> dict:
    from qawl import archive
    from qawl.ingest import iter_articles

    items = iter_articles([args.data])
    if args.limit:
        items = islice(items, args.limit)
    print(
        f"ingesting {args.data} into {store.url} (limit {args.limit or 'none'}, jobs {args.jobs})",
        file=sys.stderr,
    )
    t = time.perf_counter()
    report = archive.ingest_articles(
        items, store, extract=extract if args.jobs == 1 else None, progress=progress, jobs=args.jobs
    )
    wall = time.perf_counter() - t
    if store.dialect == "sqlite":
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = store.size_bytes()
    st = archive.stats(store)

    ingest = {
        "documents": report.read,
        "stored": report.stored,
        "unchanged": report.unchanged,
        "duplicates": report.duplicates,
        "skipped": len(report.bad),
        "quotes": report.quotes,
        "seconds": round(wall, 2),
        "articles_per_s": round(report.read / wall, 2) if wall else 0,
        "analysis_s": round(analysis[0], 2),
        "analysis_share": round(analysis[0] / wall, 3) if wall else 0,
        "read_store_ms_per_article": round((wall - analysis[0]) * 1000 / max(report.read, 1), 2),
        "warmup_s": round(warmup, 2),
        "db_mb": round(size / 1e6, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        **{f"archive_{k}": v for k, v in st.items()},
    }
    return ingest


if __name__ == "__main__":
    sys.exit(main())
