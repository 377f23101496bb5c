"""Ingest: read -> analyse -> store, idempotent, resumable, and safe against kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.store.storehelpers import article, fake_extract

from qawl import archive
from qawl.article import BadDocument
from qawl.store import open_store

HERE = Path(__file__).parent


def line(i: int, n_quotes: int = 2, **extra) -> dict:
    said = " ".join(f'Speaker{chr(65 + i % 26)}x said "statement {i}-{k} here".' for k in range(n_quotes))
    return {
        "id": f"art-{i}",
        "text": f"Article {i}. {said}",
        "published": "2025-11-25",
        "source": "wire",
        **extra,
    }


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_ingest_articles_report_and_progress(store):
    seen = []
    items = [
        article('Ann said "one".', id="1"),
        BadDocument("feed.xml:3", "not an article"),
        article('Bob said "two". EXPLODE', id="2"),
        article('Ann said "one".', id="dup"),  # same content as 1
    ]
    report = archive.ingest_articles(
        items, store, extract=fake_extract, progress=lambda r, it, o: seen.append(o)
    )
    assert seen == ["added", "bad", "bad", "duplicate"]
    assert (report.added, report.duplicates, len(report.bad), report.quotes) == (1, 1, 2, 1)
    assert report.bad[1].origin == "id:2" and "analysis failed: ValueError" in report.bad[1].reason
    assert report.read == 4 and report.rate > 0


def test_ingest_is_idempotent_and_updates_changed(db_url, tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", [line(i) for i in range(5)])
    r1 = archive.ingest([str(src)], db_url, extract=fake_extract)
    assert (r1.added, r1.quotes) == (5, 10)
    with open_store(db_url) as s:
        before = (
            s.all("SELECT id, key, updated_at FROM articles ORDER BY id"),
            s.scalar("SELECT COUNT(*) FROM quotes"),
        )

    calls = []

    def counting(text, published=None, title=None):
        calls.append(text)
        return fake_extract(text, published, title)

    r2 = archive.ingest([str(src)], db_url, extract=counting)
    assert (r2.added, r2.updated, r2.unchanged) == (0, 0, 5) and calls == []  # nothing analysed again
    with open_store(db_url) as s:
        after = (
            s.all("SELECT id, key, updated_at FROM articles ORDER BY id"),
            s.scalar("SELECT COUNT(*) FROM quotes"),
        )
    assert after == before

    rows = [line(i) for i in range(5)]
    rows[2] = line(2, n_quotes=3)  # same id, new content
    write_jsonl(src, rows)
    r3 = archive.ingest([str(src)], db_url, extract=counting)
    assert (r3.added, r3.updated, r3.unchanged) == (0, 1, 4) and len(calls) == 1
    with open_store(db_url) as s:
        assert s.scalar("SELECT COUNT(*) FROM articles") == 5
        assert s.scalar("SELECT COUNT(*) FROM quotes") == 11
        assert s.scalar("SELECT n_quotes FROM articles WHERE key = 'id:art-2'") == 3


def test_force_and_jobs(tmp_path):
    db = tmp_path / "a.sqlite"
    src = write_jsonl(tmp_path / "a.jsonl", [line(i) for i in range(12)])
    r = archive.ingest([str(src)], db, extract=fake_extract, jobs=2)
    assert r.added == 12 and r.quotes == 24
    r = archive.ingest([str(src)], db, extract=fake_extract, force=True)
    assert r.updated == 12 and r.unchanged == 0  # analysed and written again on request


def test_readers_feed_the_archive(tmp_path):
    d = tmp_path / "news"
    (d / "sub").mkdir(parents=True)
    (d / "one.txt").write_text('Ann said "hello from a text file".\n', encoding="utf-8")
    (d / "sub" / "two.html").write_text(
        "<html><head><title>Two</title></head><body><article><p>"
        + "Some context for the story that is long enough to be kept as main text. " * 3
        + 'Bob said "hello from a web page".</p></article></body></html>',
        encoding="utf-8",
    )
    (d / "bad.txt").write_bytes(b"%PDF-1.4 binary")
    db = tmp_path / "a.sqlite"
    r = archive.ingest([str(d)], db, extract=fake_extract)
    assert r.added == 2 and len(r.bad) == 1 and "PDF" in r.bad[0].reason
    with open_store(db) as s:
        said = {q.speaker for q in archive.search_quotes(s)}
        assert said == {"Ann", "Bob"}
        assert archive.get_article(s, str(d / "one.txt")) is not None


_CHILD = """
import sys, time
sys.path.insert(0, {here!r})
from tests.store.storehelpers import fake_extract
from qawl.archive import ingest

def slow(text, published=None, title=None):
    time.sleep(0.01)
    return fake_extract(text, published, title)

ingest([{src!r}], {db!r}, extract=slow)
"""


def _check_whole(db: str) -> int:
    """Every stored article has all its quotes (and FTS rows), nothing dangles; returns #articles."""
    with open_store(db) as s:
        for key, n_quotes, stored, text in s.all(
            "SELECT a.key, a.n_quotes, (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id), a.text FROM articles a"
        ):
            assert n_quotes == stored == text.count(' said "'), key
        assert s.scalar("SELECT COUNT(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)") == 0
        assert (
            s.scalar(
                "SELECT COUNT(*) FROM article_entities WHERE article_id NOT IN (SELECT id FROM articles)"
            )
            == 0
        )
        if s.dialect == "sqlite":
            assert s.scalar("PRAGMA integrity_check") == "ok"
            s.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('integrity-check')")
            assert s.scalar("SELECT COUNT(*) FROM quotes_fts") == s.scalar("SELECT COUNT(*) FROM quotes")
        return int(s.scalar("SELECT COUNT(*) FROM articles"))


def test_kill_9_loses_nothing_committed_and_resumes(db_url, tmp_path):
    n = 60
    # many quotes per article, so that a kill often lands inside a write
    src = write_jsonl(tmp_path / "many.jsonl", [line(i, n_quotes=25) for i in range(n)])
    db = str(db_url)
    open_store(db).close()  # create the schema before the child starts
    child = subprocess.Popen([sys.executable, "-c", _CHILD.format(here=str(HERE), src=str(src), db=db)])
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and stored < 8:
            time.sleep(0.02)
            with open_store(db) as s:
                stored = int(s.scalar("SELECT COUNT(*) FROM articles"))
            assert child.poll() is None, "the ingest finished before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    kept = _check_whole(db)
    assert 8 <= kept < n

    report = archive.ingest([str(src)], db, extract=fake_extract)
    assert report.unchanged == kept and report.added == n - kept and not report.bad
    assert _check_whole(db) == n


def test_progress_bar_cli_smoke(tmp_path, monkeypatch):
    """The CLI's progress bar and summary (forced on, as on a terminal)."""
    from typer.testing import CliRunner

    import qawl
    from qawl.cli import app

    monkeypatch.setattr(qawl, "extract", fake_extract)
    src = write_jsonl(tmp_path / "a.jsonl", [line(i) for i in range(3)])
    res = CliRunner().invoke(app, ["ingest", str(src), "--db", str(tmp_path / "a.sqlite"), "--progress"])
    assert res.exit_code == 0, res.output
    assert "articles/s" in res.output and "3 added" in res.output


@pytest.mark.parametrize("n", [0])
def test_empty_input(tmp_path, n):
    src = write_jsonl(tmp_path / "empty.jsonl", [])
    r = archive.ingest([str(src)], tmp_path / "a.sqlite", extract=fake_extract)
    assert r.read == n
