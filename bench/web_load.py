"""Load test of the HTTP API on loopback: /api/quotes searches on a full archive.

    .venv/bin/python bench/web_load.py [--db ARCHIVE] [--requests 4000] [--concurrency 20]
                                       [--time-cap 120] [--p95-target 100] [--json OUT]

It starts `qawl serve` (one uvicorn process, as a user runs it) on 127.0.0.1 with a free port,
samples search parameters from the archive itself (speakers' names, entities they talk about,
words from quotes, date ranges, outlets), then sends --requests GET /api/quotes requests from
--concurrency client threads (keep-alive connections), stopping early at --time-cap seconds.
It prints requests/s and p50/p95/p99 latency (ms) and exits 1 when p95 > --p95-target.

Without --db it first builds an archive of SaudiNewsNet's 31,030 articles
(../shared/data/saudinewsnet) in a temporary folder. With --extract quick (the default) the
articles are analysed by a tiny regex extractor («…» after a speech verb, the next two words as
the speaker), which fills a realistic archive in minutes; --extract full uses qawl.extract
(hours on one core). What is measured is the server and the archive's queries, not extraction.
--keep keeps the built archive and prints its path, for a second run with --db.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"

_VERB = r"(و?(?:قال|أكد|أضاف|أوضح|صرح|أشار|شدد|لفت|ذكر|بين|أعلن))"
_QUOTE_MARKS = re.compile(r"«([^»\n]{8,600})»|\"([^\"\n]{8,600})\"")
_SPEAKER_BEFORE = re.compile(_VERB + r"\s+(\S+\s+\S+)[^.\n]{0,80}$")
_INDIRECT = re.compile(_VERB + r"\s+(\S+\s+\S+)\s+(?:إن|أن|بأن)\s+([^.«\"\n]{20,400})")


def quick_extract(text, published=None, title=None):
    """A regex extractor good enough to fill an archive for a load test (not for quality):
    every «…» or "…" stretch is a direct quote, spoken by the two words after the nearest speech
    verb before it (else an unnamed source); «قال فلان إن …» is an indirect one."""
    from qawl.document import Document, Entity, Quote, Span, Speaker

    doc = Document(text=text, published=published, title=title, lang="ar")
    names: dict[str, Entity] = {}

    def entity(name: str, start: int) -> Entity:
        ent = names.get(name)
        if ent is None:
            ent = Entity(id=f"e{len(names) + 1}", name=name, type="PER")
            names[name] = ent
            doc.entities.append(ent)
        ent.mentions.append(Span.of(text, start, start + len(name)))
        return ent

    found: list[tuple[int, int, str, Span | None, str | None, int]] = []
    for m in _QUOTE_MARKS.finditer(text):
        before = _SPEAKER_BEFORE.search(text, max(0, m.start() - 140), m.start())
        if before:
            name = before.group(2).strip("،.:\"'")
            found.append(
                (
                    m.start(),
                    m.end(),
                    "direct",
                    Span.of(text, before.start(1), before.end(1)),
                    name,
                    before.start(2),
                )
            )
        else:
            found.append((m.start(), m.end(), "direct", None, None, -1))
    for m in _INDIRECT.finditer(text):
        if not any(s <= m.start(3) < e for s, e, *_ in found):
            name = m.group(2).strip("،.:\"'")
            found.append(
                (m.start(3), m.end(3), "indirect", Span.of(text, m.start(1), m.end(1)), name, m.start(2))
            )
    found.sort()
    for i, (start, end, kind, cue, name, at) in enumerate(found, start=1):
        speaker = (
            Speaker(name=name, entity=entity(name, at).id)
            if name
            else Speaker(name="مصدر", resolution="description")
        )
        doc.quotes.append(
            Quote(id=f"q{i}", start=start, end=end, text=text[start:end], kind=kind, lang="ar",
                  speaker=speaker, cue=cue, confidence=0.5)
        )  # fmt: skip
    return doc


def build_archive(db: str, data: Path, limit: int | None, extract: str, jobs: int) -> dict:
    from itertools import islice

    from qawl import archive
    from qawl.ingest import iter_articles

    fn = quick_extract if extract == "quick" else None
    t0 = time.perf_counter()
    last = [t0]

    def progress(report, item, outcome) -> None:
        if time.perf_counter() - last[0] > 15:
            last[0] = time.perf_counter()
            print(f"  built {report.read} articles, {report.quotes} quotes", file=sys.stderr, flush=True)

    items = iter_articles([str(data)])
    if limit:
        items = islice(items, limit)
    with archive.open_archive(db) as store:
        report = archive.ingest_articles(items, store, extract=fn, progress=progress, jobs=jobs)
        stats = archive.stats(store)
    return {**report.to_dict(), "archive": stats, "build_seconds": round(time.perf_counter() - t0, 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(port: int, path: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    if resp.status != 200:
        raise RuntimeError(f"GET {path}: {resp.status} {body[:200]!r}")
    return json.loads(body)


def sample_queries(port: int, n: int, rng: random.Random) -> list[str]:
    """Search URLs drawn from what the archive holds, in the mix a reader would use."""
    speakers = get_json(port, "/api/speakers?limit=200")["items"]
    names = [s["name"] for s in speakers if s.get("name")] or ["x"]
    quotes = get_json(port, "/api/quotes?limit=200")["items"]
    words = [w for q in quotes for w in re.findall(r"[\u0621-\u064A]{4,}", q["text"])] or ["السلام"]
    articles = get_json(port, "/api/articles?limit=200")["items"]
    sources = sorted({a["source"] for a in articles if a.get("source")}) or [None]
    dates = sorted({a["published"] for a in articles if a.get("published")}) or ["2015-07-21"]
    abouts: list[str] = []
    for s in speakers[:10]:
        abouts += [
            a["name"] for a in get_json(port, f"/api/speakers/{s['id']}?recent=1").get("about", [])[:3]
        ]
    abouts = abouts or names
    out = []
    for _ in range(n):
        kind = rng.random()
        p: dict[str, str] = {"limit": "20"}
        if kind < 0.30:
            p["speaker"] = rng.choice(names)
        elif kind < 0.55:
            p["text"] = rng.choice(words)
        elif kind < 0.65:
            p["text"] = " ".join(rng.sample(words, 2))
        elif kind < 0.75:
            p["about"] = rng.choice(abouts)
        elif kind < 0.85:
            p["speaker"] = rng.choice(names)
            p["since"] = rng.choice(dates)
        elif kind < 0.93:
            if sources[0]:
                p["source"] = rng.choice(sources)
            p["offset"] = str(rng.choice([0, 20, 40, 200]))
        else:
            p["text"] = rng.choice(words)
            p["since"], p["until"] = sorted(rng.sample(dates, 2)) if len(dates) > 1 else (dates[0], dates[0])
        out.append("/api/quotes?" + urlencode(p))
    return out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def run_load(port: int, urls: list[str], concurrency: int, time_cap: float) -> dict:
    lock = threading.Lock()
    next_i = [0]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    deadline = time.monotonic() + time_cap

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = next_i[0]
                if i >= len(urls) or time.monotonic() > deadline:
                    break
                next_i[0] += 1
            t = time.perf_counter()
            try:
                conn.request("GET", urls[i])
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            ms = (time.perf_counter() - t) * 1000
            with lock:
                latencies.append(ms)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "statuses": statuses,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1) if latencies else float("nan"),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else float("nan"),
        "capped": len(latencies) + len(errors) < len(urls),
        "first_errors": errors[:3],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="an existing archive (path or URL); default: build one from SaudiNewsNet")
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="articles to build the archive from")
    ap.add_argument("--build-limit", type=int, default=None, help="build from only this many articles")
    ap.add_argument("--extract", choices=("quick", "full"), default="quick")
    ap.add_argument("--jobs", type=int, default=1, help="processes for --extract full")
    ap.add_argument("--keep", action="store_true", help="keep the built archive")
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--time-cap", type=float, default=120.0, help="stop sending after this many seconds")
    ap.add_argument("--workers", type=int, default=1, help="server processes (qawl serve --workers)")
    ap.add_argument("--warmup", type=int, default=200, help="requests sent first and not measured")
    ap.add_argument("--p95-target", type=float, default=100.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)

    tmp = None
    result: dict = {"concurrency": args.concurrency, "workers": args.workers}
    db = args.db
    if db is None:
        tmp = tempfile.mkdtemp(prefix="qawl-web-load-")
        db = os.path.join(tmp, "archive.sqlite")
        print(f"building the archive in {db} ({args.extract} extractor)…", file=sys.stderr, flush=True)
        result["build"] = build_archive(db, Path(args.data), args.build_limit, args.extract, args.jobs)
        print(
            f"  {json.dumps(result['build']['archive'])} in {result['build']['build_seconds']} s",
            file=sys.stderr,
        )

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("QAWL_TOKEN",)}
    server = subprocess.Popen(
        [sys.executable, "-c", "from qawl.cli import main; main()", "serve", "--db", db,
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--workers", str(args.workers)],
        env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get_json(port, "/healthz")
                break
            except (OSError, RuntimeError):
                if server.poll() is not None or time.monotonic() > deadline:
                    print("the server did not start", file=sys.stderr)
                    return 2
                time.sleep(0.2)
        rng = random.Random(args.seed)
        page = get_json(port, "/api/quotes?limit=1")
        quotes = page["total"] if page.get("total_exact", True) else f"{page['total']}+"
        result["archive"] = {"articles": get_json(port, "/api/articles?limit=1")["total"], "quotes": quotes}
        urls = sample_queries(port, args.requests + args.warmup, rng)
        if args.warmup:
            run_load(port, urls[: args.warmup], args.concurrency, args.time_cap)
        result["load"] = run_load(port, urls[args.warmup :], args.concurrency, args.time_cap)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if tmp and not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            print(f"archive kept: {db}", file=sys.stderr)

    load = result["load"]
    print(
        f"/api/quotes on {result['archive']['articles']} articles / {result['archive']['quotes']} quotes, "
        f"{args.concurrency} concurrent clients, {args.workers} server process(es): {load['requests']} requests in {load['seconds']} s = "
        f"{load['requests_per_second']} req/s; p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, "
        f"p99 {load['p99_ms']} ms, max {load['max_ms']} ms; errors {load['errors']}; statuses {load['statuses']}"
        + (" (stopped at the time cap)" if load["capped"] else "")
    )
    ok = load["p95_ms"] < args.p95_target and load["errors"] == 0 and set(load["statuses"]) == {200}
    print(f"p95 target {args.p95_target:g} ms: {'PASS' if ok else 'FAIL'}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
