"""The archive, as a library: ingest many articles, then ask who said what.

    from qawl import archive
    report = archive.ingest(["news/", "feed.rss"], db="archive.sqlite")
    with archive.open_archive("archive.sqlite") as store:
        quotes = archive.search_quotes(store, archive.QuoteFilter(speaker="Macron", since="2025-01-01"))

Ingest reads (qawl.ingest), analyses (qawl.extract) and stores each article in its own
transaction, so a run that is killed keeps every article it committed and no part of the one it
was writing. It is idempotent by content hash: an article already in the archive with the same
content is not analysed again, so running the same command again resumes an interrupted run,
and an article whose content changed (same id, URL or file) is re-analysed and replaced.

What a web application calls (every function takes an open store from :func:`open_archive`):
:func:`search_quotes` / :func:`count_quotes` (filters and pagination), :func:`get_article`,
:func:`list_articles`, :func:`list_speakers`, :func:`get_speaker`, :func:`add_article`,
:func:`explain_entity`, :func:`merge_entities`, :func:`unmerge_entities`, :func:`stats`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import qawl
from qawl.article import Article, BadDocument
from qawl.document import Document
from qawl.errors import QawlError
from qawl.store import (
    ArticleRecord,
    Explanation,
    QuoteFilter,
    QuoteRecord,
    SpeakerDetail,
    SpeakerSummary,
    Store,
    StoreError,
    article_key,
    count_quotes,
    default_db_path,
    explain,
    get_article,
    get_speaker,
    iter_quotes,
    list_articles,
    list_speakers,
    lookup,
    manual_merge,
    open_store,
    save_article,
    search_quotes,
    stats,
    unmerge_name,
)

__all__ = [
    "ArticleRecord",
    "Explanation",
    "IngestReport",
    "QuoteFilter",
    "QuoteRecord",
    "SpeakerDetail",
    "SpeakerSummary",
    "Store",
    "StoreError",
    "add_article",
    "count_quotes",
    "default_db_path",
    "explain_entity",
    "export_quotes",
    "get_article",
    "get_speaker",
    "ingest",
    "ingest_articles",
    "iter_quotes",
    "list_articles",
    "list_speakers",
    "merge_entities",
    "open_archive",
    "quote_row",
    "search_quotes",
    "stats",
    "unmerge_entities",
]

Extractor = Callable[..., Document]
# called after each document with the running report, the document and its outcome:
# added | updated | unchanged | duplicate | bad
ProgressCallback = Callable[["IngestReport", "Article | BadDocument", str], None]

EXPORT_FORMATS = ("jsonl", "csv", "parquet")


def open_archive(db: str | os.PathLike[str] | None = None) -> Store:
    """Open the archive (creating it on first use): a path, ``sqlite:///PATH`` or
    ``postgresql://…``; None means ``$QAWL_DB`` or ``archive.sqlite`` in the user's data dir."""
    return open_store(db)


@dataclass
class IngestReport:
    """What an ingest run did. ``bad`` lists the documents skipped, each with its reason."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    quotes: int = 0
    bad: list[BadDocument] = field(default_factory=list)
    seconds: float = 0.0
    analysed_seconds: float = 0.0

    @property
    def read(self) -> int:
        return self.added + self.updated + self.unchanged + self.duplicates + len(self.bad)

    @property
    def stored(self) -> int:
        return self.added + self.updated

    @property
    def rate(self) -> float:
        """Documents handled per second (all outcomes)."""
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "skipped": len(self.bad),
            "quotes": self.quotes,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.rate, 2),
            "bad": [{"origin": b.origin, "reason": b.reason} for b in self.bad],
        }


def _default_extract() -> Extractor:
    return qawl.extract


def _analyse(extract: Extractor, article: Article) -> Document:
    return extract(article.text, published=article.published, title=article.title)


def _extractor_version(extract: Extractor) -> str:
    return (
        f"qawl {qawl.__version__}" if extract is qawl.extract else getattr(extract, "__qualname__", "custom")
    )


def add_article(
    store: Store, article: Article, *, extract: Extractor | None = None, force: bool = False
) -> tuple[str, int | None]:
    """Analyse and store one article; returns (outcome, archive id): outcome is added, updated,
    unchanged (same content already there: not analysed again) or duplicate (the same content
    under another id or URL). Raises on failure: a single run raises, a batch skips."""
    extract = extract or _default_extract()
    key = article_key(article)
    known = lookup(store, key, article.content_hash)
    if not force and known.status in ("unchanged", "duplicate"):
        return known.status, known.article_id
    doc = _analyse(extract, article)
    return save_article(store, article, doc, key=key, extractor=_extractor_version(extract), force=force)


def ingest(
    sources: Iterable[str],
    db: str | os.PathLike[str] | None = None,
    *,
    store: Store | None = None,
    progress: ProgressCallback | None = None,
    follow_urls: bool = True,
    fetcher: Any = None,
    extract: Extractor | None = None,
    force: bool = False,
    jobs: int = 1,
) -> IngestReport:
    """Read every source (files, directories, URLs, feeds: see :mod:`qawl.ingest`), analyse
    each article and store it in the archive ``db`` (or the open ``store``), one transaction per
    article. Documents that cannot be read or analysed are skipped and listed in the report.
    ``force`` re-analyses articles already stored; ``jobs`` > 1 analyses in that many processes."""
    from qawl.ingest import iter_articles

    items = iter_articles(sources, follow_urls=follow_urls, fetcher=fetcher)
    if store is not None:
        return ingest_articles(items, store, progress=progress, extract=extract, force=force, jobs=jobs)
    with open_store(db) as own:
        return ingest_articles(items, own, progress=progress, extract=extract, force=force, jobs=jobs)


def ingest_articles(
    items: Iterable[Article | BadDocument],
    store: Store,
    *,
    progress: ProgressCallback | None = None,
    extract: Extractor | None = None,
    force: bool = False,
    jobs: int = 1,
) -> IngestReport:
    """Store already-read articles (see :func:`ingest`)."""
    extract = extract or _default_extract()
    version = _extractor_version(extract)
    report = IngestReport()
    start = time.perf_counter()

    def done(item: Article | BadDocument, outcome: str) -> None:
        report.seconds = time.perf_counter() - start
        if progress is not None:
            progress(report, item, outcome)

    for item, key, result in _analysed(items, store, extract, force, jobs):
        if isinstance(item, BadDocument):
            report.bad.append(item)
            done(item, "bad")
            continue
        if isinstance(result, str):  # unchanged | duplicate, decided before analysis
            if result == "unchanged":
                report.unchanged += 1
            else:
                report.duplicates += 1
            done(item, result)
            continue
        if isinstance(result, BaseException):
            bad = BadDocument(item.origin or key, f"analysis failed: {type(result).__name__}: {result}")
            report.bad.append(bad)
            done(bad, "bad")
            continue
        try:
            outcome, _ = save_article(store, item, result, key=key, extractor=version, force=force)
        except StoreError:
            raise
        except QawlError as e:
            bad = BadDocument(item.origin or key, f"cannot store: {e}")
            report.bad.append(bad)
            done(bad, "bad")
            continue
        if outcome == "added":
            report.added += 1
            report.quotes += len(result.quotes)
        elif outcome == "updated":
            report.updated += 1
            report.quotes += len(result.quotes)
        else:
            report.unchanged += 1
        done(item, outcome)
    report.seconds = time.perf_counter() - start
    return report


def _analysed(
    items: Iterable[Article | BadDocument], store: Store, extract: Extractor, force: bool, jobs: int
) -> Iterator[tuple[Article | BadDocument, str, Document | BaseException | str | None]]:
    """(item, key, Document | exception | 'unchanged' | 'duplicate'), in input order. Articles
    already stored are not analysed; with jobs > 1 the analysis runs in worker processes."""

    def precheck(item: Article) -> tuple[str, str | None]:
        key = article_key(item)
        if force:
            return key, None
        known = lookup(store, key, item.content_hash)
        return key, (known.status if known.status in ("unchanged", "duplicate") else None)

    if jobs <= 1:
        for item in items:
            if isinstance(item, BadDocument):
                yield item, "", None
                continue
            key, skip = precheck(item)
            if skip:
                yield item, key, skip
                continue
            try:
                doc: Document | BaseException = _analyse(extract, item)
            except Exception as e:  # noqa: BLE001 - a batch skips what it cannot analyse
                doc = e
            yield item, key, doc
        return

    window: deque[tuple[Article | BadDocument, str, Future | str | None]] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:

        def drain(limit: int) -> Iterator[tuple[Article | BadDocument, str, Any]]:
            while len(window) > limit:
                item, key, fut = window.popleft()
                if isinstance(fut, Future):
                    try:
                        yield item, key, fut.result()
                    except Exception as e:  # noqa: BLE001
                        yield item, key, e
                else:
                    yield item, key, fut

        for item in items:
            if isinstance(item, BadDocument):
                window.append((item, "", None))
            else:
                key, skip = precheck(item)
                window.append((item, key, skip if skip else pool.submit(_analyse, extract, item)))
            yield from drain(jobs * 4)
        yield from drain(0)


# -- entities ----------------------------------------------------------------------------------


def explain_entity(store: Store, name: str) -> Explanation:
    """The records that make up the person or organisation ``name`` and why they were merged."""
    return explain(store, name)


def merge_entities(store: Store, name: str, other: str) -> int:
    """Merge ``other`` into ``name`` by hand (a manual merge); returns the merge id."""
    return manual_merge(store, name, other)


def unmerge_entities(store: Store, ref: str) -> tuple[int, int]:
    """Undo a merge, given its id or the name of the record it attached; returns both roots."""
    return unmerge_name(store, ref)


# -- export ------------------------------------------------------------------------------------

QUOTE_COLUMNS = (
    "id", "article", "article_id", "date", "source", "url", "title", "speaker", "speaker_id",
    "speaker_canonical", "text", "start", "end", "cue", "cue_start", "cue_end", "kind", "lang",
    "confidence", "resolution", "same_as",
)  # fmt: skip


def quote_row(q: QuoteRecord) -> dict[str, Any]:
    """A quote as one flat row (CSV, Parquet)."""
    return {
        "id": q.id,
        "article": q.article,
        "article_id": q.article_id,
        "date": q.date,
        "source": q.source,
        "url": q.url,
        "title": q.title,
        "speaker": q.speaker,
        "speaker_id": q.speaker_id,
        "speaker_canonical": q.speaker_canonical,
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "cue": q.cue["text"] if q.cue else None,
        "cue_start": q.cue["start"] if q.cue else None,
        "cue_end": q.cue["end"] if q.cue else None,
        "kind": q.kind,
        "lang": q.lang,
        "confidence": q.confidence,
        "resolution": q.resolution,
        "same_as": json.dumps(q.same_as),
    }


def quotes_csv(quotes: Iterable[QuoteRecord], out: io.TextIOBase | Any) -> int:
    w = csv.DictWriter(out, fieldnames=list(QUOTE_COLUMNS))
    w.writeheader()
    n = 0
    for q in quotes:
        w.writerow(quote_row(q))
        n += 1
    return n


def export_quotes(
    store: Store, output: str | os.PathLike[str], fmt: str, f: QuoteFilter | None = None
) -> int:
    """Write every quote matching ``f`` to ``output`` as jsonl, csv or parquet; returns how many.
    The file is written next to its destination and renamed at the end, so a failed export never
    leaves a truncated file behind."""
    if fmt not in EXPORT_FORMATS:
        raise QawlError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    quotes = iter_quotes(store, f)
    n = 0
    try:
        if fmt == "jsonl":
            with tmp.open("w", encoding="utf-8") as fh:
                for q in quotes:
                    fh.write(json.dumps(q.to_dict(), ensure_ascii=False) + "\n")
                    n += 1
        elif fmt == "csv":
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                n = quotes_csv(quotes, fh)
        else:
            n = _write_parquet(quotes, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return n


def _write_parquet(quotes: Iterable[QuoteRecord], path: Path, batch: int = 5000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:  # pragma: no cover - pyarrow is a dependency
        raise QawlError("Parquet export needs pyarrow: pip install pyarrow") from e
    i64, s, f64 = pa.int64(), pa.string(), pa.float64()
    types = {
        "id": i64, "article_id": i64, "speaker_id": i64, "start": i64, "end": i64, "cue_start": i64,
        "cue_end": i64, "confidence": f64,
    }  # fmt: skip
    schema = pa.schema([(c, types.get(c, s)) for c in QUOTE_COLUMNS])
    n = 0
    rows: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for q in quotes:
            rows.append(quote_row(q))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n


def parse_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise QawlError(f"not a date: {value!r}; write it as YYYY-MM-DD") from e
