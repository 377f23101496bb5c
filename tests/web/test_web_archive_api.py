"""The archive endpoints over real HTTP: adding with the token, listing, reading, searching, exporting."""

from __future__ import annotations

import csv
import io
import json

import pytest
from webhelpers import SEED, TOKEN, hand_built

AUTH = {"authorization": f"Bearer {TOKEN}"}

ARTICLES = [
    {
        "id": "a1",
        "text": "قال إيمانويل ماكرون: «الضمانات الأمنية ضرورية».\nوأضاف: «السلام ممكن».\n",
        "published": "2025-11-25",
        "source": "outlet-a",
        "title": "أول",
    },
    {
        "id": "a2",
        "text": "Macron said: “The guarantees are essential.”\n",
        "published": "2025-11-20",
        "source": "outlet-b",
        "title": "second",
    },
    {"id": "a3", "text": "قال: «لا تاريخ لهذا».\n", "source": "outlet-a", "title": "third"},
]


@pytest.fixture
def filled(start_server, tmp_path):
    """A server whose archive holds three hand-analysed articles (added through the API)."""
    from qawl.web.archive import WebArchive

    archive = WebArchive(str(tmp_path / "filled.sqlite"), extract=hand_built)
    srv = start_server(token=TOKEN, extract=hand_built, archive=archive)
    with srv.client() as c:
        r = c.post("/api/articles", json={"articles": ARTICLES}, headers=AUTH)
    assert r.status_code == 201, r.text
    return srv, r.json()["items"]


def test_add_articles_is_idempotent(filled):
    srv, added = filled
    assert [a["outcome"] for a in added] == ["added"] * 3
    assert all(a["created"] for a in added) and added[0]["quote_count"] == 2
    with srv.client() as c:
        r = c.post("/api/articles", json=ARTICLES[0], headers=AUTH)
    assert r.status_code == 200
    assert r.json()["items"][0] == {**added[0], "outcome": "unchanged", "created": False}


def test_add_articles_validation(filled):
    srv, _ = filled
    with srv.client() as c:
        r = c.post("/api/articles", json={"text": ""}, headers=AUTH)
        assert r.status_code == 422
        r = c.post("/api/articles", json={"articles": []}, headers=AUTH)
        assert r.status_code == 422
        r = c.post("/api/articles", json={"text": "x", "published": "not a date"}, headers=AUTH)
        assert r.status_code == 422 and "published" in r.json()["error"]["message"]


def test_list_and_read_articles(filled):
    srv, added = filled
    with srv.client() as c:
        page = c.get("/api/articles", params={"limit": 2}).json()
        assert page["total"] == 3 and page["limit"] == 2 and page["offset"] == 0
        assert [a["article"] for a in page["items"]] == ["a1", "a2"]  # newest first
        assert "text" not in page["items"][0]
        rest = c.get(page["next"]).json()
        assert [a["article"] for a in rest["items"]] == ["a3"] and rest["next"] is None
        assert [
            a["article"] for a in c.get("/api/articles", params={"source": "outlet-a"}).json()["items"]
        ] == ["a1", "a3"]

        art = c.get(f"/api/articles/{added[0]['id']}").json()
        assert art["text"] == ARTICLES[0]["text"]
        assert c.get("/api/articles/a1").json()["id"] == art["id"]  # the source's id works too
        doc = art["document"]
        assert [q["text"] for q in doc["quotes"]] == ["«الضمانات الأمنية ضرورية»", "«السلام ممكن»"]
        for q in doc["quotes"]:
            assert art["text"][q["start"] : q["end"]] == q["text"]
        assert doc["quotes"][0]["same_as"] == ["q2"]

        r = c.get("/api/articles/999999")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        assert c.get("/api/articles", params={"limit": 100000}).status_code == 422
        assert c.get("/api/articles", params={"offset": -1}).status_code == 422


def test_search_quotes_with_the_cli_filters(filled):
    srv, _ = filled
    with srv.client() as c:

        def texts(**params):
            r = c.get("/api/quotes", params=params)
            assert r.status_code == 200, r.text
            return [q["text"] for q in r.json()["items"]]

        everything = c.get("/api/quotes").json()
        assert everything["total"] == 4
        assert texts(source="outlet-b") == ["“The guarantees are essential.”"]
        assert texts(since="2025-11-21") == ["«السلام ممكن»", "«الضمانات الأمنية ضرورية»"]
        assert texts(until="2025-11-21") == ["“The guarantees are essential.”"]
        assert texts(text="guarantees") == ["“The guarantees are essential.”"]
        assert texts(text="الضمانات") == ["«الضمانات الأمنية ضرورية»"]
        assert len(texts(speaker="ماكرون")) == 4
        assert texts(kind="indirect") == []
        assert texts(speaker="nobody-at-all") == []
        assert texts(article="a2") == ["“The guarantees are essential.”"]
        first = c.get("/api/quotes", params={"limit": 1}).json()
        assert first["total"] == 4 and len(first["items"]) == 1 and first["next"].endswith("offset=1")
        q = first["items"][0]
        assert {"id", "article_id", "speaker", "speaker_id", "text", "date", "kind", "cue"} <= set(q)
        r = c.get("/api/quotes", params={"since": "last week"})
        assert r.status_code == 422 and "since" in r.json()["error"]["message"]
        assert c.get("/api/quotes", params={"since": ""}).status_code == 200  # an empty form field


def test_export_csv_and_json(filled):
    srv, _ = filled
    with srv.client() as c:
        r = c.get("/api/quotes/export", params={"source": "outlet-a", "format": "csv"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert len(rows) == 3 and rows[0]["speaker"] and "text" in rows[0]
        r = c.get("/api/quotes/export", params={"format": "json", "limit": 2})
        data = json.loads(r.content)
        assert len(data) == 2 and data[0]["text"]
        assert c.get("/api/quotes/export", params={"format": "xml"}).status_code == 422


def test_speakers(filled):
    srv, _ = filled
    with srv.client() as c:
        page = c.get("/api/speakers").json()
        assert page["items"], page
        top = page["items"][0]
        assert top["quotes"] == 4 and top["name"]
        one = c.get(f"/api/speakers/{top['id']}").json()
        assert one["id"] == top["id"] and one["quotes"] == 4
        assert {d["date"] for d in one["timeline"]} >= {"2025-11-25", "2025-11-20"}
        assert len(one["recent"]) == 4
        assert c.get("/api/speakers", params={"name": "ماكرون"}).json()["items"][0]["id"] == top["id"]
        r = c.get("/api/speakers/987654")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        assert c.get("/api/speakers/nobody-at-all").status_code == 404


def test_pages_over_the_archive(filled):
    srv, added = filled
    with srv.client() as c:
        for path in (
            "/",
            "/articles",
            f"/articles/{added[0]['id']}",
            "/speakers",
            "/search?text=الضمانات",
            "/search",
        ):
            r = c.get(path)
            assert r.status_code == 200, path
            assert r.headers["content-type"].startswith("text/html")
        sp = c.get("/api/speakers").json()["items"][0]
        html = c.get(f"/speakers/{sp['id']}").text
        assert 'id="timeline"' in html and "<rect" in html
        assert c.get("/articles/999999").status_code == 404


def test_real_extractor_on_the_seed_article(start_server):
    """The real pipeline end to end: store the seed article, find Macron's statements."""
    srv = start_server(token=TOKEN)
    with srv.client(timeout=180) as c:
        r = c.post(
            "/api/articles",
            json={"text": SEED.read_text(encoding="utf-8"), "published": "2025-11-25", "id": "seed"},
            headers=AUTH,
        )
        assert r.status_code == 201, r.text
        quotes = c.get("/api/quotes", params={"speaker": "ماكرون", "limit": 50}).json()
        assert quotes["total"] >= 5
        assert all(q["date"] == "2025-11-25" for q in quotes["items"])


def test_no_archive_means_503_for_archive_endpoints(start_server, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    srv = start_server(extract=hand_built, db=str(blocker / "sub" / "archive.sqlite"))
    with srv.client() as c:
        r = c.get("/api/quotes")
        assert r.status_code == 503 and r.json()["error"]["code"] == "archive_unavailable"
        assert c.post("/api/extract", json={"text": "«x»"}).status_code == 200
        assert c.get("/").status_code == 200
