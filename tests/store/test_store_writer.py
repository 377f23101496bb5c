from __future__ import annotations

import pytest
from tests.store.storehelpers import P, Q, article, build

from qawl.store import article_key, lookup, normalize, open_store, save_article, schema, stats
from qawl.store.db import resolve_url

TEXT = "قال الرئيس الفرنسي إيمانويل ماكرون: «فرنسا ستبقى إلى جانب أوكرانيا». وأضاف أن الحرب ستنتهي."
MACRON = P("إيمانويل ماكرون", titles=["الرئيس الفرنسي"], aliases=["Emmanuel Macron"])
UKRAINE = P("أوكرانيا", type="GPE")


def macron_doc(text: str = TEXT):
    start, end = text.index("«"), text.index("»") + 1
    return build(text, [MACRON, UKRAINE], [Q(text[start:end], 0, cue="قال")])


def counts(store) -> dict[str, int]:
    tables = ["articles", "quotes", "article_entities", "entities", "entity_names", "quote_about", "merges"]
    out = {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables}
    if store.dialect == "sqlite":
        out["fts"] = store.scalar("SELECT COUNT(*) FROM quotes_fts")
    return out


@pytest.mark.parametrize(
    "raw, key",
    [
        ("إِيمَانُويل مـاكرون", "ايمانويل ماكرون"),
        ("أحمد إبراهيم آل", "احمد ابراهيم ال"),
        ("مستشفى المدينة", "مستشفي المدينه"),
        ("Émmanuel  MACRON!", "emmanuel macron"),
        ("«الرئيس»، ٢٠٢٥", "الرييس 2025"),  # hamza seats unified too (ئ→ي, ؤ→و)
    ],
)
def test_normalize(raw, key):
    assert normalize(raw) == key


def test_migrations_create_schema_once(db_url):
    s = open_store(db_url)
    assert s.schema_version() == schema.LATEST
    s.close()
    s = open_store(db_url)  # re-opening does not re-apply anything
    assert s.scalar("SELECT COUNT(*) FROM schema_version") == len(schema.MIGRATIONS)
    s.close()


def test_sqlite_is_wal(tmp_path):
    s = open_store(tmp_path / "a.sqlite")
    assert s.scalar("PRAGMA journal_mode") == "wal"
    assert s.scalar("PRAGMA foreign_keys") == 1
    s.close()


def test_resolve_url(tmp_path, monkeypatch):
    assert resolve_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert resolve_url(tmp_path / "x.sqlite") == f"sqlite:///{tmp_path}/x.sqlite"
    monkeypatch.setenv("QAWL_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/env.sqlite"
    monkeypatch.delenv("QAWL_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/data/qawl/archive.sqlite"


def test_save_and_offsets_round_trip(store):
    a = article(TEXT, id="a1", source="lemonde")
    outcome, aid = save_article(store, a, macron_doc())
    assert outcome == "added"
    row = store.one("SELECT text FROM articles WHERE id = ?", (aid,))
    for start, end, text in store.all("SELECT start_offset, end_offset, text FROM quotes"):
        assert row[0][start:end] == text
    c = counts(store)
    assert c["articles"] == 1 and c["quotes"] == 1 and c["article_entities"] == 2 and c["entities"] == 2
    assert c["quote_about"] == 1  # Ukraine is mentioned inside Macron's quote
    assert c["entity_names"] == 3  # two names for Macron, one for Ukraine


def test_resave_same_content_changes_nothing(store):
    a = article(TEXT, id="a1")
    save_article(store, a, macron_doc())
    before = counts(store), store.one("SELECT updated_at, created_at FROM articles")
    assert lookup(store, article_key(a), a.content_hash).status == "unchanged"
    outcome, _ = save_article(store, a, macron_doc())
    assert outcome == "unchanged"
    assert (counts(store), store.one("SELECT updated_at, created_at FROM articles")) == before


def test_changed_article_replaces_its_quotes(store):
    save_article(store, article(TEXT, id="a1"), macron_doc())
    first_id = store.scalar("SELECT id FROM quotes")
    text2 = TEXT.replace("ستبقى", "باقية")
    a2 = article(text2, id="a1")
    assert lookup(store, article_key(a2), a2.content_hash).status == "changed"
    outcome, _ = save_article(store, a2, macron_doc(text2))
    assert outcome == "updated"
    c = counts(store)
    assert c["articles"] == 1 and c["quotes"] == 1 and c["article_entities"] == 2
    assert store.scalar("SELECT text FROM quotes") == "«فرنسا باقية إلى جانب أوكرانيا»"
    assert store.scalar("SELECT id FROM quotes") != first_id
    if store.dialect == "sqlite":
        assert c["fts"] == 1
    created, updated = store.one("SELECT created_at, updated_at FROM articles")
    assert updated > created


def test_same_content_under_another_key_is_a_duplicate(store):
    a = article(TEXT, id="a1")
    save_article(store, a, macron_doc())
    b = article(TEXT, id="other")
    known = lookup(store, article_key(b), b.content_hash)
    assert known.status == "duplicate" and known.other_key == "id:a1"


def test_article_key_precedence():
    assert article_key(article("x", id="7", url="http://a")) == "id:7"
    assert article_key(article("x", url="http://a")) == "url:http://a"
    assert article_key(article("x", origin="news/a.txt")) == "file:news/a.txt"
    positional = article("x", origin="news.jsonl:12")
    assert article_key(positional) == "sha256:" + positional.content_hash


def test_failed_transaction_leaves_nothing(store):
    class Boom(Exception):
        pass

    doc = macron_doc()
    doc.quotes[0].kind = None  # NOT NULL violation on the quote, after the article row was written
    with pytest.raises(Exception):  # noqa: B017 - sqlite3.IntegrityError or psycopg's NotNullViolation
        save_article(store, article(TEXT, id="a1"), doc)
    assert counts(store)["articles"] == 0 and counts(store)["entities"] == 0
    save_article(store, article(TEXT, id="a1"), macron_doc())
    assert stats(store)["articles"] == 1
