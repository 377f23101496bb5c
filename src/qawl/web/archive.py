"""The archive as the web layer sees it: a thin adapter over :mod:`qawl.archive`.

qawl.archive's functions take an open Store, and a Store must not be shared between threads;
FastAPI runs the endpoints in a pool of worker threads. So the adapter keeps a small pool of
open stores and lends one per call. Everything it returns is plain JSON-ready data (the
records' ``to_dict()``), shaped for the API's response models and the page templates.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

from qawl import archive as qarchive
from qawl.article import Article
from qawl.web.settings import Settings

COUNT_CAP = 10_000  # search totals are exact below this, "at least" above


def open_archive(settings: Settings) -> WebArchive:
    """Open the archive named by ``settings.db`` (None: ``$QAWL_DB`` or the default file)."""
    return WebArchive(settings.db)


def _parse_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class WebArchive:
    """Read and write the archive from many threads. ``close()`` closes every open store."""

    def __init__(self, db: str | None = None, *, pool_size: int = 16, extract: Any = None):
        self.db = db
        self.extract = extract
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._pool_size = pool_size
        self._lock = threading.Lock()
        self._open = 0
        self._closed = False
        # open one now: a wrong --db fails at start-up, with the store's message
        self._idle.put(self._new())

    def _new(self) -> Any:
        store = qarchive.open_archive(self.db)
        with self._lock:
            self._open += 1
        return store

    @contextlib.contextmanager
    def store(self) -> Iterator[Any]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = self._new()
        ok = False
        try:
            yield store
            ok = True
        finally:
            if ok and not self._closed and self._idle.qsize() < self._pool_size:
                self._idle.put(store)
            else:
                with contextlib.suppress(Exception):
                    store.close()
                with self._lock:
                    self._open -= 1

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                store = self._idle.get_nowait()
            except queue.Empty:
                return
            with contextlib.suppress(Exception):
                store.close()

    # -- articles --------------------------------------------------------------------------

    def list_articles(
        self, *, limit: int, offset: int = 0, source: str | None = None, since: Any = None, until: Any = None
    ) -> tuple[list[dict[str, Any]], bool]:
        """A page of articles (without text), newest first, and whether more follow."""
        with self.store() as st:
            recs = qarchive.list_articles(
                st, source=source, since=since, until=until, limit=limit + 1, offset=offset
            )
        return [_article_summary(r) for r in recs[:limit]], len(recs) > limit

    def count_articles(self) -> int:
        with self.store() as st:
            return int(qarchive.stats(st)["articles"])

    def get_article(self, ref: str) -> dict[str, Any] | None:
        """One article: its text, its stored analysis, and a FORMAT.md ``document`` rebuilt from it."""
        with self.store() as st:
            rec = qarchive.get_article(st, int(ref) if ref.isdigit() else ref)
        if rec is None:
            return None
        out = rec.to_dict()
        out["document"] = _document(rec)
        links: dict[str, int] = {}
        for e in rec.entities:
            if e.get("entity_id") is not None and e.get("type") in ("PER", "ORG"):
                links.setdefault(e["name"], e["entity_id"])
        for q in rec.quotes:
            if q.speaker and q.speaker_id is not None:
                links[q.speaker] = q.speaker_id
        out["speaker_ids"] = links
        return out

    def add_articles(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Analyse and store each article; one transaction each. Raises on the first failure."""
        out = []
        with self.store() as st:
            for it in items:
                art = Article(
                    text=it["text"],
                    title=it.get("title"),
                    published=_parse_date(it.get("published")),
                    url=it.get("url"),
                    source=it.get("source"),
                    id=it.get("id"),
                    author=it.get("author"),
                    origin="http",
                )
                outcome, article_id = qarchive.add_article(st, art, extract=self.extract)
                n = st.scalar("SELECT n_quotes FROM articles WHERE id = ?", (article_id,))
                out.append(
                    {
                        "id": article_id,
                        "article": it.get("id") or it.get("url"),
                        "outcome": outcome,
                        "created": outcome in ("added", "updated"),
                        "quote_count": int(n) if n is not None else None,
                    }
                )
        return out

    # -- quotes ----------------------------------------------------------------------------
    # totals are counted up to this many: the exact count of a common word is a scan

    def search_quotes(
        self, f: qarchive.QuoteFilter, *, limit: int, offset: int = 0, count: bool = True
    ) -> tuple[list[dict[str, Any]], int | None]:
        with self.store() as st:
            recs = qarchive.search_quotes(st, f, limit=limit, offset=offset)
            cap = max(COUNT_CAP, offset + limit + 1)
            total = qarchive.count_quotes(st, f, cap=cap) if count else None
        return [r.to_dict() for r in recs], total

    def iter_quotes(self, f: qarchive.QuoteFilter, limit: int) -> Iterator[Any]:
        """Every matching quote record (for exports), newest first, at most ``limit``."""
        offset, batch, sent = 0, 1000, 0
        while sent < limit:
            with self.store() as st:
                recs = qarchive.search_quotes(st, f, limit=min(batch, limit - sent), offset=offset)
            yield from recs
            sent += len(recs)
            offset += len(recs)
            if len(recs) < batch:
                return

    # -- speakers --------------------------------------------------------------------------

    def list_speakers(
        self, *, limit: int, offset: int = 0, name: str | None = None, type: str | None = None
    ) -> tuple[list[dict[str, Any]], bool]:
        with self.store() as st:
            recs = qarchive.list_speakers(st, limit=limit + 1, offset=offset, name=name, type=type)
        return [r.to_dict() for r in recs[:limit]], len(recs) > limit

    def get_speaker(self, ref: str, *, recent: int = 20) -> dict[str, Any] | None:
        """A speaker by record id (``12``) or by any of their names; None when there is none."""
        key: str | int = int(ref.lstrip("#")) if ref.lstrip("#").isdigit() else ref
        with self.store() as st:
            try:
                rec = qarchive.get_speaker(st, key, recent=recent)
            except qarchive.StoreError as exc:
                if "no person or organisation" in str(exc):
                    return None
                raise
            except TypeError:  # an id that is no record
                return None
        return rec.to_dict()


def _article_summary(rec: Any) -> dict[str, Any]:
    d = rec.to_dict()
    d.pop("text", None)
    d.pop("entities", None)
    d.pop("quotes", None)
    return d


def _document(rec: Any) -> dict[str, Any]:
    """The FORMAT.md document of a stored article (dates are not stored, so none)."""
    text = rec.text or ""
    entities = []
    for e in rec.entities:
        mentions = []
        for m in e.get("mentions") or []:
            s, t = int(m["start"]), int(m["end"])
            mentions.append({"start": s, "end": t, "text": text[s:t]})
        ent = {
            "id": e.get("id"),
            "name": e.get("name"),
            "type": e.get("type"),
            "titles": e.get("titles") or [],
            "mentions": mentions,
        }
        if e.get("aliases"):
            ent["aliases"] = e["aliases"]
        if e.get("entity_id") is not None:
            ent["archive_id"] = e["entity_id"]
        entities.append(ent)
    quotes = []
    for q in rec.quotes:
        local_entity = None
        if q.speaker_id is not None:
            local_entity = next((e["id"] for e in rec.entities if e.get("entity_id") == q.speaker_id), None)
        quotes.append(
            {
                "id": q.local_id or str(q.id),
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "kind": q.kind,
                "lang": q.lang,
                "speaker": {"entity": local_entity, "name": q.speaker, "archive_id": q.speaker_id}
                if q.speaker
                else None,
                "cue": q.cue,
                "confidence": q.confidence,
                "same_as": list(q.same_as),
                "archive_id": q.id,
            }
        )
    return {
        "id": rec.article,
        "lang": rec.lang,
        "published": rec.published,
        "entities": entities,
        "quotes": quotes,
        "dates": [],
    }
