"""The archive's storage: SQLite by default, PostgreSQL for a team, one schema.

    from qawl.store import open_store, QuoteFilter, search_quotes
    with open_store("archive.sqlite") as store:          # or "postgresql://user@host/db"
        for q in search_quotes(store, QuoteFilter(speaker="ماكرون"), limit=20):
            print(q.date, q.speaker, q.text)

Modules: ``db`` (connections, transactions, migrations), ``schema`` (the numbered migrations),
``writer`` (one article per transaction), ``entities`` (one record per person or organisation
across articles, merges and un-merges), ``queries`` (reading), ``normalize`` (search keys).
"""

from __future__ import annotations

import os

from qawl.store.db import Store, StoreError, default_db_path, resolve_url
from qawl.store.entities import Explanation, explain, find_roots, manual_merge, merge, unmerge, unmerge_name
from qawl.store.normalize import name_key, normalize
from qawl.store.queries import (
    ArticleRecord,
    QuoteFilter,
    QuoteRecord,
    SpeakerDetail,
    SpeakerSummary,
    count_quotes,
    get_article,
    get_speaker,
    iter_quotes,
    list_articles,
    list_speakers,
    search_quotes,
    stats,
)
from qawl.store.writer import Known, article_key, lookup, save_article


def open_store(db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Store:
    """Open (creating and migrating when needed) the archive at ``db``: a file path, a
    ``sqlite:///`` URL or a ``postgresql://`` URL; None: ``$QAWL_DB`` or the user's data dir."""
    return Store.open(db, migrate=migrate)


__all__ = [
    "ArticleRecord",
    "Explanation",
    "Known",
    "QuoteFilter",
    "QuoteRecord",
    "SpeakerDetail",
    "SpeakerSummary",
    "Store",
    "StoreError",
    "article_key",
    "count_quotes",
    "default_db_path",
    "explain",
    "find_roots",
    "get_article",
    "get_speaker",
    "iter_quotes",
    "list_articles",
    "list_speakers",
    "lookup",
    "manual_merge",
    "merge",
    "name_key",
    "normalize",
    "open_store",
    "resolve_url",
    "save_article",
    "search_quotes",
    "stats",
    "unmerge",
    "unmerge_name",
]
