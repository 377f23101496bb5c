"""Writing analysed articles: one article, its entities and its quotes in one transaction."""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from qawl.article import Article
from qawl.document import Document
from qawl.store.db import Store, now_iso
from qawl.store.entities import Linker, refresh_stats
from qawl.store.normalize import name_key, normalize

# an origin that names a position inside a file (path:12, file.warc.gz@3141) is not stable when
# the file changes, so it cannot identify an article
_POSITIONAL = re.compile(r"(:\d+|@\d+|#\d+)$")


def article_key(article: Article) -> str:
    """The identity of an article in the archive: the id its source gives, else its URL, else
    the file it was read from (a whole file), else its content hash. Re-ingesting an article
    with the same key and a different content hash updates it."""
    if article.id:
        return f"id:{article.id}"
    if article.url:
        return f"url:{article.url}"
    if (
        article.origin
        and not _POSITIONAL.search(article.origin)
        and not article.origin.startswith(("-", "<"))
    ):
        return f"file:{article.origin}"
    return f"sha256:{article.content_hash}"


def _json_list(items: list[str]) -> str:
    return json.dumps(list(items), ensure_ascii=False) if items else "[]"


@dataclass(frozen=True)
class Known:
    """What the archive already holds for an article about to be ingested."""

    status: str  # new | unchanged | changed | duplicate
    article_id: int | None = None
    other_key: str | None = None  # for a duplicate: the article that has the same content


def lookup(store: Store, key: str, content_hash: str) -> Known:
    """Is this article new, unchanged, changed, or the same content under another key?"""
    row = store.one("SELECT id, content_hash FROM articles WHERE key = ?", (key,))
    if row is not None:
        return Known("unchanged" if row[1] == content_hash else "changed", int(row[0]))
    other = store.one("SELECT id, key FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,))
    if other is not None:
        return Known("duplicate", int(other[0]), other[1])
    return Known("new")


def save_article(
    store: Store,
    article: Article,
    doc: Document,
    *,
    key: str | None = None,
    extractor: str = "",
    force: bool = False,
) -> tuple[str, int]:
    """Store ``article`` and its analysis ``doc`` (replacing what an earlier version of the same
    article left); returns ("added" | "updated" | "unchanged", article id). All or nothing."""
    key = key or article_key(article)
    content_hash = article.content_hash
    published = article.published or doc.published
    pub = published.isoformat() if published else None
    ts = now_iso()
    with store.transaction():
        row = store.one("SELECT id, content_hash, extractor FROM articles WHERE key = ?", (key,))
        if row is not None and not force and row[1] == content_hash and (row[2] or "") == extractor:
            return "unchanged", int(row[0])
        meta = (
            article.id,
            article.url,
            article.source,
            article.title,
            article.author,
            pub,
            doc.lang,
            article.origin,
            article.text,
            content_hash,
            extractor,
            len(doc.quotes),
        )
        stale_roots: set[int] = set()
        if row is not None:
            article_id = int(row[0])
            stale_roots = {
                int(r[0])
                for r in store.all(
                    "SELECT DISTINCT e.canonical_id FROM quotes q JOIN entities e ON e.id = q.speaker_entity_id "
                    "WHERE q.article_id = ?",
                    (article_id,),
                )
            }
            store.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
            store.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
            store.execute(
                "UPDATE articles SET ext_id = ?, url = ?, source = ?, title = ?, author = ?, published = ?, "
                "lang = ?, origin = ?, text = ?, content_hash = ?, extractor = ?, n_quotes = ?, updated_at = ? "
                "WHERE id = ?",
                (*meta, ts, article_id),
            )
            outcome = "updated"
        else:
            article_id = store.insert(
                "INSERT INTO articles (key, ext_id, url, source, title, author, published, lang, origin, text, "
                "content_hash, extractor, n_quotes, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, *meta, ts, ts),
            )
            outcome = "added"

        # entities: link each to its global record
        linker = Linker(store, article_id, key, ts)
        linker.prefetch(doc.entities)
        global_id: dict[str, int | None] = {}
        ent_rows = []
        mentions: dict[str, list[tuple[int, int]]] = {}
        for e in doc.entities:
            mentions.setdefault(e.id, []).extend((m.start, m.end) for m in e.mentions)
        for m in doc.mentions:
            if m.entity:
                mentions.setdefault(m.entity, []).append((m.start, m.end))
        for e in doc.entities:
            gid = linker.link(e)
            global_id[e.id] = gid
            spans = sorted(set(mentions.get(e.id, ())))
            mentions[e.id] = spans
            ent_rows.append(
                (
                    article_id,
                    e.id,
                    gid,
                    e.name,
                    e.type,
                    _json_list(e.titles),
                    _json_list(e.aliases),
                    json.dumps([list(s) for s in spans]) if spans else "[]",
                    1 if e.described else 0,
                )
            )
        linker.flush()
        store.executemany(
            "INSERT INTO article_entities (article_id, local_id, entity_id, name, type, titles, aliases, mentions, described) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ent_rows,
        )

        # quotes, then the entities mentioned inside each (other than its speaker)
        quote_rows = []
        speakers: dict[str, int | None] = {}
        for q in doc.quotes:
            sp = q.speaker
            sp_local = sp.entity if sp else None
            sp_gid = global_id.get(sp_local) if sp_local else None
            speakers[q.id] = sp_gid
            sp_name = sp.name if sp else None
            if sp and not sp_name and sp_local and (e := doc.entity(sp_local)):
                sp_name = e.name
            quote_rows.append(
                (
                    article_id, q.id, q.start, q.end, q.text, q.kind, q.lang, float(q.confidence),
                    sp_name, name_key(sp_name) if sp_name else None, sp_local, sp_gid,
                    sp.resolution if sp else None,
                    q.cue.start if q.cue else None, q.cue.end if q.cue else None, q.cue.text if q.cue else None,
                    _json_list(q.same_as), pub, article.source, normalize(q.text),
                )
            )  # fmt: skip
        store.executemany(
            "INSERT INTO quotes (article_id, local_id, start_offset, end_offset, text, kind, lang, confidence, "
            "speaker_name, speaker_key, speaker_local, speaker_entity_id, resolution, cue_start, cue_end, cue_text, "
            "same_as, published, source, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            quote_rows,
        )
        if doc.quotes:
            # (start, end, global id) of every mention, sorted: each quote scans only its range
            marks = sorted(
                (s, e, gid)
                for local, spans in mentions.items()
                if (gid := global_id.get(local))
                for s, e in spans
            )
            starts = [m[0] for m in marks]
            about_rows = set()
            for qid, local, qs, qe in store.all(
                "SELECT id, local_id, start_offset, end_offset FROM quotes WHERE article_id = ?",
                (article_id,),
            ):
                sp_gid = speakers.get(local)
                for _s, e, gid in marks[bisect_left(starts, qs) : bisect_right(starts, qe)]:
                    if e <= qe and gid != sp_gid:
                        about_rows.add((gid, int(qid)))
            store.executemany(
                "INSERT INTO quote_about (entity_id, quote_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                sorted(about_rows),
            )
        speaker_roots = {linker.root[g] for g in speakers.values() if g is not None}
        refresh_stats(store, stale_roots | speaker_roots)
    return outcome, article_id
