"""Readers: text, HTML, JSON Lines, WARC, RSS/Atom files and URLs -> Article or BadDocument.

`iter_articles(["news/", "feed.rss", "https://example.org/article"])` yields an Article for each
article read and a BadDocument(origin, reason) for each one that was not: a batch reports those
and goes on.
"""

from __future__ import annotations

from qawl.ingest.dispatch import SUPPORTED, iter_articles
from qawl.ingest.feeds import read_feed
from qawl.ingest.html import article_from_html
from qawl.ingest.jsonl import article_from_record, read_jsonl
from qawl.ingest.warc import read_warc
from qawl.ingest.web import DEFAULT_USER_AGENT, Fetcher, FetchError, Response, RobotsDisallowed

__all__ = [
    "DEFAULT_USER_AGENT",
    "SUPPORTED",
    "FetchError",
    "Fetcher",
    "Response",
    "RobotsDisallowed",
    "article_from_html",
    "article_from_record",
    "iter_articles",
    "read_feed",
    "read_jsonl",
    "read_warc",
]
