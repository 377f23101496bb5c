"""The polite fetcher and URL sources, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from qawl.article import Article, BadDocument
from qawl.ingest import DEFAULT_USER_AGENT, Fetcher, FetchError, RobotsDisallowed, iter_articles

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def fast_fetcher(**kwargs: object) -> Fetcher:
    options: dict = {"timeout": 0.5, "retries": 1, "backoff": 0.05, "delay": 0.0}
    options.update(kwargs)
    return Fetcher(**options)


@pytest.fixture
def site(http_server: Any, make_page: Callable[..., str]) -> Any:
    site = http_server
    site.add("/robots.txt", ROBOTS, content_type="text/plain")
    site.add("/news/1.html", make_page().encode())
    site.add("/news/2.html", make_page(title="خبر ثان").encode("utf-8"))
    site.add("/private/secret.html", make_page().encode())
    site.add("/flaky.html", make_page(title="بعد المحاولة").encode(), fail_first=1)
    site.add("/down.html", b"", fail_first=99)
    site.add("/slow.html", make_page().encode(), delay=1.2)
    site.add("/note.txt", "نص عادي من الخادم".encode(), content_type="text/plain; charset=utf-8")
    site.add("/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    site.add("/big.html", b"<html><body><p>" + b"x" * 5000 + b"</p></body></html>")
    return site


def test_page_is_fetched_and_extracted_with_a_user_agent(site: Any, paragraphs: tuple[str, ...]) -> None:
    fetcher = fast_fetcher()
    [art] = list(iter_articles([site.url("/news/1.html")], fetcher=fetcher))
    assert isinstance(art, Article)
    assert paragraphs[0] in art.text and "Copyright" not in art.text
    assert art.title == "ماكرون: الوقت قد حان للعمل" and art.published == date(2024, 3, 5)
    assert art.url == site.url("/news/1.html") and art.origin == site.url("/news/1.html")
    assert DEFAULT_USER_AGENT.startswith("qawl/") and "+https://" in DEFAULT_USER_AGENT
    assert {ua for _, ua in site.requests} == {DEFAULT_USER_AGENT}
    assert site.requests[0][0] == "/robots.txt"


def test_robots_txt_is_respected_and_cached(site: Any) -> None:
    fetcher = fast_fetcher()
    items = list(iter_articles([site.url("/private/secret.html"), site.url("/news/1.html")], fetcher=fetcher))
    bad, good = items
    assert isinstance(bad, BadDocument) and "robots.txt" in bad.reason and "disallows" in bad.reason
    assert bad.origin == site.url("/private/secret.html")
    assert isinstance(good, Article)
    assert site.hits("/private/secret.html") == 0
    assert site.hits("/robots.txt") == 1  # once per host
    with pytest.raises(RobotsDisallowed):
        fetcher.fetch(site.url("/private/secret.html"))


def test_missing_robots_txt_allows_everything(http_server: Any, make_page: Callable[..., str]) -> None:
    http_server.add("/a.html", make_page().encode())
    [art] = list(iter_articles([http_server.url("/a.html")], fetcher=fast_fetcher()))
    assert isinstance(art, Article)


def test_500_then_200_is_retried(site: Any) -> None:
    [art] = list(iter_articles([site.url("/flaky.html")], fetcher=fast_fetcher(retries=2)))
    assert isinstance(art, Article) and art.title == "بعد المحاولة"
    assert site.hits("/flaky.html") == 2


def test_persistent_500_gives_up_after_retries(site: Any) -> None:
    [bad] = list(iter_articles([site.url("/down.html")], fetcher=fast_fetcher(retries=2)))
    assert isinstance(bad, BadDocument) and "HTTP 500" in bad.reason and "3 attempts" in bad.reason
    assert site.hits("/down.html") == 3


def test_slow_response_times_out(site: Any) -> None:
    start = time.monotonic()
    [bad] = list(iter_articles([site.url("/slow.html")], fetcher=fast_fetcher(timeout=0.3, retries=0)))
    assert isinstance(bad, BadDocument) and "timed out" in bad.reason
    assert time.monotonic() - start < 1.0


def test_404_is_not_retried(site: Any) -> None:
    [bad] = list(iter_articles([site.url("/nowhere")], fetcher=fast_fetcher(retries=3)))
    assert isinstance(bad, BadDocument) and "HTTP 404" in bad.reason
    assert site.hits("/nowhere") == 1


def test_other_content_types(site: Any) -> None:
    items = list(iter_articles([site.url("/note.txt"), site.url("/logo.png")], fetcher=fast_fetcher()))
    text, png = items
    assert isinstance(text, Article) and text.text == "نص عادي من الخادم"
    assert isinstance(png, BadDocument) and "image/png" in png.reason


def test_size_limit(site: Any) -> None:
    with pytest.raises(FetchError, match="larger than the limit"):
        fast_fetcher(max_bytes=1000).fetch(site.url("/big.html"))


def test_unreachable_host() -> None:
    # Port 9 (discard) on loopback: nothing listens there in a test environment.
    [bad] = list(iter_articles(["http://127.0.0.1:9/x.html"], fetcher=fast_fetcher(retries=0)))
    assert isinstance(bad, BadDocument) and ("connect" in bad.reason or "refused" in bad.reason)


def test_delay_between_requests_to_one_host(site: Any) -> None:
    fetcher = fast_fetcher(delay=0.25)
    start = time.monotonic()
    fetcher.fetch(site.url("/news/1.html"))  # robots.txt, then the page: two requests
    fetcher.fetch(site.url("/news/2.html"))
    assert time.monotonic() - start >= 0.5


def test_url_list_file_and_txt_of_urls(site: Any, tmp_path: Path) -> None:
    listing = tmp_path / "list.urls"
    listing.write_text(
        f"# today's pages\n{site.url('/news/1.html')}\n\n{site.url('/private/secret.html')}\n",
        encoding="utf-8",
    )
    plain = tmp_path / "more.txt"
    plain.write_text(f"{site.url('/news/2.html')}\n", encoding="utf-8")
    items = list(iter_articles([str(listing), str(plain)], fetcher=fast_fetcher()))
    assert [type(i).__name__ for i in items] == ["Article", "BadDocument", "Article"]
    assert items[2].title == "خبر ثان"  # type: ignore[union-attr]


def test_feed_url_follows_links(site: Any) -> None:
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>
<item><title>من الخلاصة</title><link>{site.url("/news/1.html")}</link><description>teaser</description>
<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>
<item><title>محجوب</title><link>{site.url("/private/secret.html")}</link><description>teaser 2</description></item>
</channel></rss>"""
    site.add("/feed.xml", rss.encode(), content_type="application/rss+xml")
    items = list(iter_articles([site.url("/feed.xml")], fetcher=fast_fetcher()))
    art, bad = items
    assert isinstance(art, Article) and "ماكرون" in art.text and "teaser" not in art.text
    assert art.title == "من الخلاصة" and art.published == date(2024, 3, 4)  # the feed's metadata wins
    assert art.author == "سارة أحمد"  # the page fills what the feed lacks
    assert isinstance(bad, BadDocument) and "robots.txt" in bad.reason

    # Without following links: the summaries.
    items = list(iter_articles([site.url("/feed.xml")], follow_urls=False, fetcher=fast_fetcher()))
    assert [i.text for i in items] == ["teaser", "teaser 2"]  # type: ignore[union-attr]
