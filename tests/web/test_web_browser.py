"""End to end in headless Chromium: the pages as a reader sees them.

Screenshots go to artifacts/screenshots/ (kept by CI as test artifacts).
"""

from __future__ import annotations

import re

import pytest
from webhelpers import PWN_TEXT, SEED, TOKEN, hand_built, screenshot

pytestmark = pytest.mark.browser

MACRON = "ماكرون"


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")


def test_seed_article_macron_speaker_page_and_search(start_server, page):
    """The acceptance test: paste the seed article, see Macron's statements highlighted with
    his name; open his speaker page and see the timeline; search for a phrase."""
    seed = SEED.read_text(encoding="utf-8")
    srv = start_server(token=TOKEN)

    # paste and annotate (nothing stored)
    page.goto(srv.url + "/?ui=en")
    page.fill("#f-text", seed)
    page.fill("#f-published", "2025-11-25")
    page.click("#f-submit")
    page.wait_for_selector("article.annotated")
    macron = page.locator(f'.q[data-speaker*="{MACRON}"]')
    n = page.evaluate(
        "n => new Set([...document.querySelectorAll('.q')].filter(e => e.dataset.speaker.includes(n))"
        ".map(e => e.dataset.qid)).size",
        MACRON,
    )
    assert n >= 5, f"only {n} statements attributed to Macron"
    # highlighted: a coloured background, and his name on the first block of each statement
    bg = macron.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    labels = page.locator(".q .qlabel").all_inner_texts()
    assert sum(MACRON in label for label in labels) >= 5
    assert page.locator(".legend .chip", has_text=MACRON).count() >= 1
    # the cue is underlined
    cues = page.locator("article.annotated .cue")
    if cues.count():
        assert "underline" in cues.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    # details on click
    macron.first.click()
    pop = page.locator("#qawl-pop")
    assert pop.is_visible()
    assert MACRON in pop.inner_text()
    screenshot(page, "seed-annotated-desktop")

    # on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("article.annotated")
    assert _no_horizontal_scroll(page)
    screenshot(page, "seed-annotated-390px")
    page.set_viewport_size({"width": 1280, "height": 900})

    # store it through the API, then open the article and follow Macron's name
    import httpx

    r = httpx.post(
        srv.url + "/api/articles",
        json={
            "text": seed,
            "published": "2025-11-25",
            "id": "seed-coalition",
            "title": "seed",
            "source": "seed",
        },
        headers={"authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert r.status_code == 201, r.text
    article_id = r.json()["items"][0]["id"]
    page.goto(f"{srv.url}/articles/{article_id}")
    page.wait_for_selector("article.annotated")
    link = page.locator(".legend .chip a", has_text=MACRON).first
    link.click()
    page.wait_for_selector(".speaker-name")
    assert MACRON in page.inner_text(".speaker-name")
    bars = page.locator("#timeline rect.bar")
    assert bars.count() >= 1
    assert bars.first.get_attribute("data-date") == "2025-11-25"
    assert int(bars.first.get_attribute("data-count")) >= 5
    assert page.locator(".hits .hit").count() >= 5
    screenshot(page, "speaker-macron")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert _no_horizontal_scroll(page)
    screenshot(page, "speaker-macron-390px")
    page.set_viewport_size({"width": 1280, "height": 900})

    # search for a phrase
    page.goto(srv.url + "/search")
    page.fill("#s-text", "الضمانات القوية")
    page.click("#s-submit")
    page.wait_for_selector(".summary")
    hits = page.locator(".hits .hit blockquote")
    assert hits.count() >= 1
    assert any("الضمانات القوية" in t for t in hits.all_inner_texts())
    assert page.get_attribute("#export-csv", "href").startswith("/api/quotes/export?")
    screenshot(page, "search-phrase")


def test_hostile_article_runs_nothing(start_server, page, tmp_path):
    """Article text, names and titles are untrusted: a <script> or onerror= in them must run
    nothing, anywhere, and be shown as the literal text it is."""
    from qawl.web.archive import WebArchive

    archive = WebArchive(str(tmp_path / "hostile.sqlite"), extract=hand_built)
    srv = start_server(token=TOKEN, extract=hand_built, archive=archive)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def assert_safe() -> None:
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert not dialogs

    # paste
    page.goto(srv.url + "/")
    page.fill("#f-text", PWN_TEXT)
    page.fill("#f-title", "<script>alert(1)</script>")
    page.click("#f-submit")
    page.wait_for_selector("article.annotated")
    body = page.inner_text("article.annotated")
    assert "<script>window.__pwned=1</script>" in body
    assert '<img src=x onerror="window.__pwned=1">' in body
    assert page.locator("article.annotated img, article.annotated script, article.annotated b").count() == 0
    page.hover("text=bold")
    page.locator(".q").first.click()
    assert '<img src=y onerror="window.__pwned=2">Macron' in page.inner_text("#qawl-pop")
    assert page.locator("#qawl-pop img").count() == 0
    page.wait_for_timeout(300)
    assert_safe()
    screenshot(page, "hostile-annotated")

    # stored, then shown on the article, speaker and search pages
    import httpx

    r = httpx.post(
        srv.url + "/api/articles",
        json={
            "text": PWN_TEXT,
            "title": "<img src=z onerror=alert(3)>",
            "source": "<script>alert(4)</script>",
            "url": "javascript:alert(5)",
        },
        headers={"authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert r.status_code == 201, r.text
    aid = r.json()["items"][0]["id"]
    page.goto(f"{srv.url}/articles/{aid}")
    page.wait_for_selector("article.annotated")
    assert "<img src=z onerror=alert(3)>" in page.inner_text("h1")
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert_safe()
    page.locator(".legend .chip a").first.click()
    page.wait_for_selector(".speaker-name")
    assert '<img src=y onerror="window.__pwned=2">Macron' in page.inner_text(".speaker-name")
    page.wait_for_timeout(300)
    assert_safe()
    page.goto(srv.url + "/search?text=pwned")
    page.wait_for_selector(".summary")
    page.goto(srv.url + "/articles")
    page.goto(srv.url + "/speakers")
    page.wait_for_timeout(300)
    assert_safe()
    assert page.locator("main img, main script").count() == 0


def test_same_as_links_navigate_between_translations(start_server, page):
    text = "وكتبت: «السلام قريب».\nShe wrote: “Peace is near.”\n"
    srv = start_server(extract=hand_built)
    page.goto(srv.url + "/")
    page.fill("#f-text", text)
    page.click("#f-submit")
    page.wait_for_selector("#q-q1")
    assert page.get_attribute("#q-q1", "data-same-as") == "q2"
    assert page.get_attribute("#q-q2", "data-same-as") == "q1"  # both ways
    page.click("#q-q1")
    page.locator("#qawl-pop a.same-link").first.click()
    page.wait_for_function("location.hash === '#q-q2'")
    assert "flash" in page.get_attribute("#q-q2", "class")
    # each paragraph gets its own direction
    dirs = page.eval_on_selector_all("article.annotated p", "ps => ps.map(p => p.dir)")
    assert dirs == ["rtl", "ltr"]
    assert page.get_attribute("#q-q2", "lang") == "en"


def test_arabic_interface_is_right_to_left(start_server, page):
    srv = start_server(extract=hand_built)
    page.goto(srv.url + "/?ui=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert "تحليل نص" in page.inner_text("nav")
    page.goto(srv.url + "/search")  # remembered
    assert page.get_attribute("html", "dir") == "rtl"
    screenshot(page, "search-ar")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(srv.url + "/")
    assert _no_horizontal_scroll(page)
    screenshot(page, "home-ar-390px")
    page.goto(srv.url + "/?ui=en")
    assert page.get_attribute("html", "dir") == "ltr"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_api_docs_render_offline(start_server, page):
    srv = start_server(extract=hand_built)
    outside: list[str] = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(srv.url) else None)
    page.goto(srv.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".opblock-summary-path", has_text=re.compile(r"/api/extract")).count() >= 1
    assert not [u for u in outside if not u.startswith("data:")]
    screenshot(page, "api-docs")
