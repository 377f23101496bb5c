"""RSS/Atom feeds (files or URLs) -> one Article per entry, through feedparser.

An entry's text is its full content when the feed carries it (content:encoded, Atom content);
otherwise the linked page, fetched and extracted, when follow_urls; otherwise its summary.
The entry's own metadata (title, date, author, id) wins over what the page says.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from qawl.article import Article, BadDocument
from qawl.ingest.common import parse_published, reason_of
from qawl.ingest.html import article_from_html
from qawl.ingest.web import Fetcher, FetchError

_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header footer figure figcaption".split()  # noqa: SIM905
)


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes start like an RSS, Atom or RSS 1.0 (RDF) document."""
    return bool(_FEED_START.match(data[:4096].removeprefix(b"\xef\xbb\xbf")))


def read_feed_file(
    path: Path, *, follow_urls: bool = True, fetcher: Fetcher | None = None
) -> Iterator[Article | BadDocument]:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        yield BadDocument(origin, f"cannot read the file: {e.strerror or e}")
        return
    yield from read_feed(data, origin, follow_urls=follow_urls, fetcher=fetcher)


def read_feed(
    data: bytes,
    origin: str,
    *,
    base_url: str | None = None,
    follow_urls: bool = True,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | BadDocument]:
    """Each entry of a feed's bytes -> Article or BadDocument (origin: the entry's link, else
    'origin#n'). `fetcher` is needed only to follow links; None means entries' own text only."""
    import feedparser

    # feedparser must never go to the network itself: give it bytes, and no base URL to resolve.
    parsed = feedparser.parse(
        io.BytesIO(data), response_headers={"content-location": base_url} if base_url else None
    )
    if not parsed.entries:
        if parsed.bozo:
            yield BadDocument(origin, f"not a readable RSS/Atom feed: {parsed.bozo_exception}")
        elif not parsed.version:
            yield BadDocument(origin, "not an RSS/Atom feed")
        # A well-formed feed without entries is simply empty: nothing to report.
        return
    source = (parsed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(parsed.entries, 1):
        yield _entry_article(entry, origin, n, source, follow_urls, fetcher)


def _entry_article(
    entry: Any, feed_origin: str, n: int, source: str | None, follow_urls: bool, fetcher: Fetcher | None
) -> Article | BadDocument:
    link = (entry.get("link") or "").strip() or None
    origin = link or f"{feed_origin}#{n}"
    meta = dict(
        title=_text(entry.get("title")),
        published=_entry_date(entry),
        url=link,
        source=source,
        id=(entry.get("id") or "").strip() or None,
        author=(entry.get("author") or "").strip() or None,
    )
    full = _content(entry.get("content") or [])
    if full:
        return Article(text=full, origin=origin, **meta)
    if follow_urls and link and link.startswith(("http://", "https://")) and fetcher is not None:
        try:
            resp = fetcher.fetch(link)
        except FetchError as e:
            return BadDocument(origin, f"feed entry {n} of {feed_origin}: {reason_of(e, link)}")
        page = article_from_html(resp.body, origin, url=resp.url, charset=resp.charset)
        if isinstance(page, BadDocument):
            page.reason = f"feed entry {n} of {feed_origin}: {page.reason}"
            return page
        for key, value in meta.items():
            if value is not None:
                setattr(page, key, value)
        return page
    summary = _html_to_text(entry.get("summary") or "")
    if summary:
        return Article(text=summary, origin=origin, **meta)
    return BadDocument(
        origin, f"feed entry {n} of {feed_origin} has no text" + (" (links are not followed)" if link else "")
    )


def _entry_date(entry: Any) -> date | None:
    # The date as written in the feed (feedparser's *_parsed fields are shifted to UTC).
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            try:
                return parse_published(raw)
            except (ValueError, OverflowError):
                pass
            parsed = entry.get(f"{key}_parsed")
            if parsed:
                return date(*time.struct_time(parsed)[:3])
    return None


def _content(contents: list[Any]) -> str:
    # Atom may carry several alternatives: prefer HTML, then plain text.
    best = ""
    for c in contents:
        value = c.get("value") or ""
        text = value if c.get("type") == "text/plain" else _html_to_text(value)
        if len(text) > len(best):
            best = text
    return best


def _text(value: str | None) -> str | None:
    value = _html_to_text(value or "") if value and "<" in value else (value or "").strip()
    return value or None


def _html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one line per block (paragraph, list item, <br>)."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises ParserError and friends on junk
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)
