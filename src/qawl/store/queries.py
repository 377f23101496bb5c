"""Reading the archive: quotes by speaker, subject, words, date and outlet; articles; speakers.

Every function takes an open :class:`~qawl.store.db.Store` and returns plain dataclasses with a
``to_dict()`` (JSON-ready), so the CLI, the HTTP API and the web pages share them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

from qawl.store.db import Store, StoreError
from qawl.store.entities import display_names, find_roots, resolve_one
from qawl.store.normalize import name_key, normalize


def _qs(n: int) -> str:
    return ", ".join("?" * n)


def _iso(d: date | str | None) -> str | None:
    if d is None or d == "":
        return None
    if isinstance(d, date):
        return d.isoformat()
    try:
        return date.fromisoformat(str(d)[:10]).isoformat()
    except ValueError as e:
        raise StoreError(f"not a date: {d!r}; write it as YYYY-MM-DD") from e


@dataclass
class QuoteFilter:
    """What to look for. Every field is optional; the filters combine with AND.

    speaker: any name of the speaker, in either script (a record id as ``#12`` also works);
    about: an entity mentioned inside the quote; text: words that must all occur in the quote
    (``word*`` matches a prefix); since/until: publication dates, inclusive; source: the outlet.
    """

    speaker: str | None = None
    about: str | None = None
    text: str | None = None
    since: date | str | None = None
    until: date | str | None = None
    source: str | None = None
    kind: str | None = None
    article: str | int | None = None
    speaker_id: int | None = None
    about_id: int | None = None


@dataclass
class QuoteRecord:
    id: int
    article_id: int
    article: str  # the article's id as its source gave it, else its archive key
    url: str | None
    title: str | None
    source: str | None
    date: str | None
    speaker: str | None  # as the article names the speaker
    speaker_id: int | None  # the person's or organisation's record (its merge root)
    speaker_canonical: str | None  # the record's display name
    text: str
    start: int
    end: int
    cue: dict[str, Any] | None
    kind: str
    lang: str | None
    confidence: float | None
    resolution: str | None
    same_as: list[str] = field(default_factory=list)
    local_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # a shallow copy: asdict's recursive deep copy was a quarter of a search request's time
        out = {name: getattr(self, name) for name in _QUOTE_RECORD_FIELDS}
        out["same_as"] = list(self.same_as)
        if self.cue is not None:
            out["cue"] = dict(self.cue)
        return out


@dataclass
class ArticleRecord:
    id: int
    article: str
    key: str
    url: str | None
    source: str | None
    title: str | None
    author: str | None
    published: str | None
    lang: str | None
    origin: str | None
    content_hash: str
    created_at: str
    updated_at: str
    n_quotes: int
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[QuoteRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["quotes"] = [q.to_dict() for q in self.quotes]
        return out


_QUOTE_RECORD_FIELDS = tuple(f.name for f in fields(QuoteRecord))


@dataclass
class SpeakerSummary:
    id: int
    name: str
    type: str
    quotes: int
    articles: int
    first: str | None
    last: str | None
    names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SpeakerDetail(SpeakerSummary):
    timeline: list[dict[str, Any]] = field(default_factory=list)  # [{date, quotes}], oldest first
    about: list[dict[str, Any]] = field(default_factory=list)  # [{id, name, quotes}] most first
    recent: list[QuoteRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["recent"] = [q.to_dict() for q in self.recent]
        return out


# -- quotes ------------------------------------------------------------------------------------

_QUOTE_COLUMNS = (
    "q.id, q.article_id, a.ext_id, a.key, a.url, a.title, q.source, q.published, q.speaker_name, "
    "e.canonical_id, q.text, q.start_offset, q.end_offset, q.cue_start, q.cue_end, q.cue_text, q.kind, "
    "q.lang, q.confidence, q.resolution, q.same_as, q.local_id"
)
_QUOTE_FROM = (
    "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_entity_id"
)


def _members(store: Store, roots: list[int]) -> list[int]:
    if not roots:
        return []
    return [
        int(r[0])
        for r in store.all(f"SELECT id FROM entities WHERE canonical_id IN ({_qs(len(roots))})", roots)
    ]


def _match_expression(store: Store, words: str) -> str | None:
    terms: list[tuple[str, bool]] = []
    for raw in words.split():
        prefix = raw.endswith("*")
        for w in normalize(raw).split():
            terms.append((w, False))
        if prefix and terms:
            terms[-1] = (terms[-1][0], True)
    if not terms:
        return None
    if store.dialect == "sqlite":
        return " ".join(f'"{w}"' + ("*" if p else "") for w, p in terms)
    return " & ".join(f"'{w}'" + (":*" if p else "") for w, p in terms)


def _where(store: Store, f: QuoteFilter) -> tuple[list[str], list[Any]] | None:
    """SQL conditions and parameters for a filter; None when nothing can match."""
    where: list[str] = []
    params: list[Any] = []
    if f.speaker is not None or f.speaker_id is not None:
        roots = [f.speaker_id] if f.speaker_id is not None else find_roots(store, f.speaker or "")
        ids = _members(store, roots)
        key = name_key(f.speaker) if f.speaker else ""
        conds = []
        if ids:
            conds.append(f"q.speaker_entity_id IN ({_qs(len(ids))})")
            params.extend(ids)
        if key:
            conds.append("q.speaker_key = ?")
            params.append(key)
        if not conds:
            return None
        where.append("(" + " OR ".join(conds) + ")")
    if f.about is not None or f.about_id is not None:
        roots = [f.about_id] if f.about_id is not None else find_roots(store, f.about or "")
        ids = _members(store, roots)
        if not ids:
            return None
        where.append(f"q.id IN (SELECT quote_id FROM quote_about WHERE entity_id IN ({_qs(len(ids))}))")
        params.extend(ids)
    if f.text:
        expr = _match_expression(store, f.text)
        if expr is None:
            return None
        if store.dialect == "sqlite":
            where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        else:
            where.append("q.tsv @@ to_tsquery('simple', ?)")
        params.append(expr)
    if f.since:
        where.append("q.published >= ?")
        params.append(_iso(f.since))
    if f.until:
        where.append("q.published <= ?")
        params.append(_iso(f.until))
    if f.source:
        where.append("q.source = ?")
        params.append(f.source)
    if f.kind:
        where.append("q.kind = ?")
        params.append(f.kind)
    if f.article is not None:
        aid = _article_id(store, f.article)
        if aid is None:
            return None
        where.append("q.article_id = ?")
        params.append(aid)
    return where, params


def _order(store: Store) -> str:
    # newest first, undated last (SQLite sorts NULL lowest already, and can then use the index)
    if store.dialect == "sqlite":
        return "ORDER BY q.published DESC, q.id DESC"
    return "ORDER BY q.published DESC NULLS LAST, q.id DESC"


def _quote_records(store: Store, rows: list[tuple]) -> list[QuoteRecord]:
    names = display_names(store, sorted({int(r[9]) for r in rows if r[9] is not None}))
    out = []
    for r in rows:
        root = int(r[9]) if r[9] is not None else None
        out.append(
            QuoteRecord(
                id=int(r[0]),
                article_id=int(r[1]),
                article=r[2] or r[3],
                url=r[4],
                title=r[5],
                source=r[6],
                date=r[7],
                speaker=r[8],
                speaker_id=root,
                speaker_canonical=names.get(root) if root is not None else None,
                text=r[10],
                start=int(r[11]),
                end=int(r[12]),
                cue={"start": r[13], "end": r[14], "text": r[15]} if r[13] is not None else None,
                kind=r[16],
                lang=r[17],
                confidence=r[18],
                resolution=r[19],
                same_as=json.loads(r[20] or "[]"),
                local_id=r[21],
            )
        )
    return out


def search_quotes(
    store: Store, f: QuoteFilter | None = None, *, limit: int = 50, offset: int = 0
) -> list[QuoteRecord]:
    """Quotes matching ``f``, newest first; page with ``limit`` and ``offset``."""
    built = _where(store, f or QuoteFilter())
    if built is None:
        return []
    where, params = built
    # choose the page on the quotes table alone, then join the few rows on it: a common word
    # matches thousands of quotes, and joining each before sorting cost most of the query
    page = "SELECT q.id FROM quotes q" + (" WHERE " + " AND ".join(where) if where else "")
    page += f" {_order(store)} LIMIT ? OFFSET ?"
    sql = f"SELECT {_QUOTE_COLUMNS} {_QUOTE_FROM} WHERE q.id IN ({page}) {_order(store)}"
    return _quote_records(store, store.all(sql, [*params, int(limit), int(offset)]))


def count_quotes(store: Store, f: QuoteFilter | None = None, *, cap: int | None = None) -> int:
    """How many quotes match; with ``cap``, counting stops there (a search page needs "10,000+",
    not the exact count of every quote with a common word, which costs a scan)."""
    built = _where(store, f or QuoteFilter())
    if built is None:
        return 0
    where, params = built
    inner = "SELECT 1 FROM quotes q" + (" WHERE " + " AND ".join(where) if where else "")
    if cap is None:
        return int(store.scalar(f"SELECT COUNT(*) FROM ({inner}) AS m", params) or 0)
    return int(store.scalar(f"SELECT COUNT(*) FROM ({inner} LIMIT ?) AS m", [*params, cap]) or 0)


def iter_quotes(
    store: Store, f: QuoteFilter | None = None, *, batch_size: int = 2000
) -> Iterator[QuoteRecord]:
    """Every quote matching ``f`` in archive order (by id), read in batches: for exports."""
    built = _where(store, f or QuoteFilter())
    if built is None:
        return
    where, params = built
    last = 0
    while True:
        conds = [*where, "q.id > ?"]
        rows = store.all(
            f"SELECT {_QUOTE_COLUMNS} {_QUOTE_FROM} WHERE {' AND '.join(conds)} ORDER BY q.id LIMIT ?",
            [*params, last, batch_size],
        )
        if not rows:
            return
        yield from _quote_records(store, rows)
        last = int(rows[-1][0])


# -- articles ----------------------------------------------------------------------------------

_ARTICLE_COLUMNS = "id, ext_id, key, url, source, title, author, published, lang, origin, content_hash, created_at, updated_at, n_quotes"


def _article_id(store: Store, ref: str | int) -> int | None:
    if isinstance(ref, int):
        return ref if store.scalar("SELECT 1 FROM articles WHERE id = ?", (ref,)) else None
    ref = str(ref)
    for key in (ref, f"id:{ref}", f"url:{ref}", f"file:{ref}"):
        r = store.scalar("SELECT id FROM articles WHERE key = ?", (key,))
        if r is not None:
            return int(r)
    r = store.scalar("SELECT id FROM articles WHERE url = ? OR ext_id = ? ORDER BY id LIMIT 1", (ref, ref))
    if r is not None:
        return int(r)
    if ref.lstrip("#").isdigit():
        return _article_id(store, int(ref.lstrip("#")))
    return None


def _article_record(r: tuple) -> ArticleRecord:
    return ArticleRecord(
        id=int(r[0]),
        article=r[1] or r[2],
        key=r[2],
        url=r[3],
        source=r[4],
        title=r[5],
        author=r[6],
        published=r[7],
        lang=r[8],
        origin=r[9],
        content_hash=r[10],
        created_at=r[11],
        updated_at=r[12],
        n_quotes=int(r[13]),
    )


def get_article(store: Store, ref: str | int) -> ArticleRecord | None:
    """One article with its text, entities and quotes. ``ref``: the archive's numeric id, the
    source's id, the URL, or the file path it was read from."""
    aid = _article_id(store, ref)
    if aid is None:
        return None
    r = store.one(f"SELECT {_ARTICLE_COLUMNS}, text FROM articles WHERE id = ?", (aid,))
    rec = _article_record(r)
    rec.text = r[14]
    for local, _eid, root, name, etype, titles, aliases, mentions, described in store.all(
        "SELECT ae.local_id, ae.entity_id, e.canonical_id, ae.name, ae.type, ae.titles, ae.aliases, ae.mentions, "
        "ae.described FROM article_entities ae LEFT JOIN entities e ON e.id = ae.entity_id "
        "WHERE ae.article_id = ? ORDER BY ae.id",
        (aid,),
    ):
        rec.entities.append(
            {
                "id": local,
                "entity_id": int(root) if root is not None else None,
                "name": name,
                "type": etype,
                "titles": json.loads(titles),
                "aliases": json.loads(aliases),
                "mentions": [{"start": s, "end": e} for s, e in json.loads(mentions)],
                "described": bool(described),
            }
        )
    rows = store.all(
        f"SELECT {_QUOTE_COLUMNS} {_QUOTE_FROM} WHERE q.article_id = ? ORDER BY q.start_offset", (aid,)
    )
    rec.quotes = _quote_records(store, rows)
    return rec


def list_articles(
    store: Store,
    *,
    source: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ArticleRecord]:
    """Articles (without their text), newest first."""
    where, params = [], []
    if source:
        where.append("source = ?")
        params.append(source)
    if since:
        where.append("published >= ?")
        params.append(_iso(since))
    if until:
        where.append("published <= ?")
        params.append(_iso(until))
    sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    nulls = "" if store.dialect == "sqlite" else " NULLS LAST"
    sql += f" ORDER BY published DESC{nulls}, id DESC LIMIT ? OFFSET ?"
    return [_article_record(r) for r in store.all(sql, [*params, int(limit), int(offset)])]


# -- speakers ----------------------------------------------------------------------------------


def _names_titles(
    store: Store, roots: list[int]
) -> tuple[dict[int, list[str]], dict[int, list[str]], dict[int, str]]:
    names: dict[int, list[str]] = {}
    titles: dict[int, list[str]] = {}
    types: dict[int, str] = {}
    if not roots:
        return names, titles, types
    q = _qs(len(roots))
    seen: set[tuple[int, str, str]] = set()
    for root, name, key in store.all(
        f"SELECT e.canonical_id, n.name, n.key FROM entity_names n JOIN entities e ON e.id = n.entity_id "
        f"WHERE e.canonical_id IN ({q}) ORDER BY n.name",
        roots,
    ):
        if (int(root), "n", key) not in seen:
            seen.add((int(root), "n", key))
            names.setdefault(int(root), []).append(name)
    for root, title, key in store.all(
        f"SELECT e.canonical_id, t.title, t.key FROM entity_titles t JOIN entities e ON e.id = t.entity_id "
        f"WHERE e.canonical_id IN ({q}) ORDER BY t.title",
        roots,
    ):
        if (int(root), "t", key) not in seen:
            seen.add((int(root), "t", key))
            titles.setdefault(int(root), []).append(title)
    for eid, etype in store.all(f"SELECT id, type FROM entities WHERE id IN ({q})", roots):
        types[int(eid)] = etype
    return names, titles, types


def list_speakers(
    store: Store, *, limit: int = 50, offset: int = 0, name: str | None = None, type: str | None = None
) -> list[SpeakerSummary]:
    """People and organisations by number of quotes, most quoted first, with all their names and
    titles. ``name`` keeps those one of whose names matches; ``type`` (PER, ORG, ...) one type."""
    where, params = [], []
    if name:
        roots = find_roots(store, name)
        if not roots:
            return []
        where.append(f"e.canonical_id IN ({_qs(len(roots))})")
        params.extend(roots)
    if type:
        where.append("e.type = ?")
        params.append(type)
    # speaker_stats holds the counts per merge root, kept current by every write and merge
    sql = "SELECT s.root_id, s.quotes, s.articles, s.first, s.last FROM speaker_stats s"
    if type:
        sql += " JOIN entities e ON e.id = s.root_id"
    if where:
        sql += " WHERE " + " AND ".join(where).replace("e.canonical_id", "s.root_id")
    sql += " ORDER BY s.quotes DESC, s.root_id LIMIT ? OFFSET ?"
    rows = store.all(sql, [*params, int(limit), int(offset)])
    roots = [int(r[0]) for r in rows]
    names, titles, types = _names_titles(store, roots)
    shown = display_names(store, roots)
    return [
        SpeakerSummary(
            id=root,
            name=shown.get(root, ""),
            type=types.get(root, ""),
            quotes=int(r[1]),
            articles=int(r[2]),
            first=r[3],
            last=r[4],
            names=names.get(root, []),
            titles=titles.get(root, []),
        )
        for root, r in zip(roots, rows, strict=True)
    ]


def get_speaker(store: Store, ref: str | int, *, recent: int = 20) -> SpeakerDetail:
    """One person or organisation: names in every script, titles, quotes per day, whom they
    talk about, and their latest quotes. ``ref``: a name (any variant) or a record id."""
    root = int(ref) if isinstance(ref, int) else resolve_one(store, ref)
    root = int(store.scalar("SELECT canonical_id FROM entities WHERE id = ?", (root,)) or root)
    ids = _members(store, [root])
    if not ids:
        raise StoreError(f"no person or organisation with id {ref}")
    q = _qs(len(ids))
    names, titles, types = _names_titles(store, [root])
    agg = store.one(
        f"SELECT COUNT(*), COUNT(DISTINCT article_id), MIN(published), MAX(published) FROM quotes "
        f"WHERE speaker_entity_id IN ({q})",
        ids,
    )
    timeline = [
        {"date": d, "quotes": int(n)}
        for d, n in store.all(
            f"SELECT published, COUNT(*) FROM quotes WHERE speaker_entity_id IN ({q}) GROUP BY published ORDER BY published",
            ids,
        )
    ]
    about_rows = store.all(
        f"SELECT e.canonical_id, COUNT(*) FROM quote_about qa JOIN quotes qq ON qq.id = qa.quote_id "
        f"JOIN entities e ON e.id = qa.entity_id WHERE qq.speaker_entity_id IN ({q}) "
        f"GROUP BY e.canonical_id ORDER BY COUNT(*) DESC, e.canonical_id LIMIT 20",
        ids,
    )
    about_names = display_names(store, [int(r[0]) for r in about_rows])
    detail = SpeakerDetail(
        id=root,
        name=display_names(store, [root]).get(root, ""),
        type=types.get(root, ""),
        quotes=int(agg[0]),
        articles=int(agg[1]),
        first=agg[2],
        last=agg[3],
        names=names.get(root, []),
        titles=titles.get(root, []),
        timeline=timeline,
        about=[
            {"id": int(r[0]), "name": about_names.get(int(r[0]), ""), "quotes": int(r[1])} for r in about_rows
        ],
    )
    detail.recent = search_quotes(store, QuoteFilter(speaker_id=root), limit=recent)
    return detail


def stats(store: Store) -> dict[str, int]:
    """Counts of what the archive holds."""
    return {
        "articles": int(store.scalar("SELECT COUNT(*) FROM articles") or 0),
        "quotes": int(store.scalar("SELECT COUNT(*) FROM quotes") or 0),
        "entities": int(store.scalar("SELECT COUNT(*) FROM entities WHERE canonical_id = id") or 0),
        "entity_records": int(store.scalar("SELECT COUNT(*) FROM entities") or 0),
        "merges": int(store.scalar("SELECT COUNT(*) FROM merges WHERE undone_at IS NULL") or 0),
    }
