"""The HTTP API over real HTTP: extraction, errors, limits, the token, the docs."""

from __future__ import annotations

import time

import httpx
import pytest
from webhelpers import PWN_TEXT, TOKEN, hand_built

from qawl.document import Document


def _err(r: httpx.Response) -> dict:
    body = r.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] and body["error"]["message"], body
    return body["error"]


def test_extract_returns_the_format_document(start_server):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        text = "قال ماكرون: «السلام ممكن» وقال أيضاً «نعم»."
        r = c.post("/api/extract", json={"text": text, "published": "2025-11-25", "title": "t"})
    assert r.status_code == 200
    doc = r.json()
    assert doc["lang"] == "ar" and doc["published"] == "2025-11-25"
    assert {"entities", "quotes", "dates"} <= set(doc)
    assert [q["text"] for q in doc["quotes"]] == ["«السلام ممكن»", "«نعم»"]
    for q in doc["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
        assert q["speaker"]["name"] == "إيمانويل ماكرون" and q["speaker"]["entity"] == "e1"
    assert doc["quotes"][0]["same_as"] == ["q2"]


def test_extract_with_the_real_extractor(start_server):
    srv = start_server()
    with srv.client() as c:
        r = c.post("/api/extract", json={"text": "قال الرئيس: «لا تعليق».", "published": "2025-11-25"})
    assert r.status_code == 200
    doc = r.json()
    assert isinstance(doc["quotes"], list) and doc["published"] == "2025-11-25"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": ""}, 422, "invalid_request"),
        ({"title": "no text"}, 422, "invalid_request"),
        ({"text": "x", "published": "25/11/2025"}, 422, "invalid_request"),
        ({"text": "x", "surprise": 1}, 422, "invalid_request"),
        ([1, 2], 422, "invalid_request"),
    ],
)
def test_extract_rejects_bad_requests_with_json_errors(start_server, body, status, code):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        r = c.post("/api/extract", json=body)
    assert r.status_code == status
    assert _err(r)["code"] == code


def test_malformed_json_is_a_json_error(start_server):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        r = c.post("/api/extract", content=b'{"text": ', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert _err(r)["code"] == "invalid_request"


def test_body_over_the_limit_is_413(start_server):
    srv = start_server(extract=hand_built, max_body_bytes=10_000)
    with srv.client() as c:
        r = c.post("/api/extract", json={"text": "ا" * 20_000})
        assert r.status_code == 413
        assert _err(r)["code"] == "payload_too_large"
        assert "limit" in _err(r)["message"]

        # a chunked body announces no length: it is counted as it arrives
        def chunks():
            yield b'{"text": "'
            for _ in range(50):
                yield b"a" * 1000
            yield b'"}'

        r = c.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert _err(r)["code"] == "payload_too_large"
        # under the limit still works
        assert c.post("/api/extract", json={"text": "short"}).status_code == 200


def test_slow_extraction_is_a_504(start_server):
    def slow(text, published=None, title=None) -> Document:
        time.sleep(3)
        return Document(text=text)

    srv = start_server(extract=slow, extract_timeout_s=0.5)
    with srv.client() as c:
        t0 = time.monotonic()
        r = c.post("/api/extract", json={"text": "x"})
        assert time.monotonic() - t0 < 2.5
    assert r.status_code == 504
    assert _err(r)["code"] == "timeout"


def test_library_errors_become_400(start_server):
    from qawl.errors import EmptyInputError

    def refuse(text, published=None, title=None):
        raise EmptyInputError("the article has no text; paste some")

    srv = start_server(extract=refuse)
    with srv.client() as c:
        r = c.post("/api/extract", json={"text": "   "})
    assert r.status_code == 400
    assert _err(r) == {"code": "bad_input", "message": "the article has no text; paste some"}


def test_unexpected_errors_are_500_json(start_server):
    def broken(text, published=None, title=None):
        raise RuntimeError("boom")

    srv = start_server(extract=broken)
    with srv.client() as c:
        r = c.post("/api/extract", json={"text": "x"})
    assert r.status_code == 500
    assert _err(r)["code"] == "internal_error"
    assert "boom" not in r.text  # internals are logged, not shown


def test_unknown_paths_and_methods(start_server):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        r = c.get("/api/nothing-here")
        assert r.status_code == 404 and _err(r)["code"] == "not_found"
        r = c.get("/api/extract")
        assert r.status_code == 405 and _err(r)["code"] == "method_not_allowed"
        r = c.get("/nothing-here", headers={"accept": "text/html"})
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


# ------------------------------------------------------------------ token


ARTICLE = {"text": "قال الرئيس: «لا تعليق».", "title": "t", "published": "2025-11-25", "source": "test"}


def test_writes_are_refused_when_no_token_is_configured(start_server):
    srv = start_server(token=None)
    with srv.client() as c:
        r = c.post("/api/articles", json=ARTICLE, headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 401
    err = _err(r)
    assert err["code"] == "writes_disabled" and "QAWL_TOKEN" in err["message"]
    assert r.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [None, "Bearer wrong-token-xyz", f"Basic {TOKEN}", "Bearer"])
def test_writes_need_the_right_token(start_server, header):
    srv = start_server(token=TOKEN)
    headers = {"authorization": header} if header is not None else {}
    with srv.client() as c:
        r = c.post("/api/articles", json=ARTICLE, headers=headers)
    assert r.status_code == 401
    assert _err(r)["code"] == "unauthorized"


def test_token_is_checked_before_the_body(start_server):
    srv = start_server(token=TOKEN)
    with srv.client() as c:
        r = c.post("/api/articles", json={"nonsense": True})
    assert r.status_code == 401


def test_reads_are_open_and_extract_needs_no_token(start_server):
    srv = start_server(token=TOKEN, extract=hand_built)
    with srv.client() as c:
        assert c.post("/api/extract", json={"text": "«x»"}).status_code == 200
        assert c.get("/healthz").json()["writes"] is True


# ------------------------------------------------------------------ docs, static, headers


def test_openapi_and_offline_docs(start_server):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        spec = c.get("/openapi.json").json()
        paths = spec["paths"]
        for p in (
            "/api/extract",
            "/api/articles",
            "/api/articles/{article_id}",
            "/api/quotes",
            "/api/speakers",
            "/api/speakers/{speaker_id}",
        ):
            assert p in paths, p
        assert "post" in paths["/api/articles"] and "post" in paths["/api/extract"]
        docs = c.get("/docs")
        assert docs.status_code == 200
        assert "cdn" not in docs.text.lower() and "https://" not in docs.text
        for src in (
            "/static/swagger/swagger-ui-bundle.js",
            "/static/swagger/swagger-ui.css",
            "/static/docs.js",
        ):
            assert src in docs.text
            assert c.get(src).status_code == 200, src


def test_pages_load_no_external_assets(start_server):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        html = c.get("/").text
        assert "http://" not in html and "https://" not in html
        for asset in ("/static/qawl.css", "/static/qawl.js", "/static/favicon.svg"):
            assert c.get(asset).status_code == 200


def test_security_headers(start_server):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        r = c.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_annotate_page_escapes_everything(start_server):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        r = c.post("/annotate", data={"text": PWN_TEXT, "title": "<script>alert(1)</script>"})
    assert r.status_code == 200
    html = r.text
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and "<img src=y" not in html
    assert "<b onmouseover" not in html and "<i onclick" not in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    # the only scripts on the page are the package's own
    import re

    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/qawl.js" defer>']


def test_annotate_upload_and_bad_input(start_server):
    srv = start_server(extract=hand_built)
    with srv.client() as c:
        r = c.post("/annotate", files={"file": ("a.txt", "قال: «نعم».".encode(), "text/plain")})
        assert r.status_code == 200 and "«نعم»" in r.text
        r = c.post("/annotate", files={"file": ("a.txt", b"\xff\xfe\x00bad", "text/plain")})
        assert r.status_code == 400
        r = c.post("/annotate", data={"text": "  "}, headers={"accept": "text/html"})
        assert r.status_code == 400 and "text/html" in r.headers["content-type"]
        r = c.post("/annotate", data={"text": "x", "published": "yesterday"})
        assert r.status_code == 400
