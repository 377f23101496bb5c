"""Any mix of paths, directories and URLs -> a stream of Articles and BadDocuments."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from qawl.article import Article, BadDocument
from qawl.errors import InputError
from qawl.ingest.common import reason_of
from qawl.ingest.feeds import looks_like_feed, read_feed, read_feed_file
from qawl.ingest.html import article_from_html, read_html
from qawl.ingest.jsonl import read_json, read_jsonl
from qawl.ingest.txt import read_txt, read_url_list
from qawl.ingest.warc import read_warc
from qawl.ingest.web import Fetcher, FetchError
from qawl.text.reading import decode_bytes

log = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_XMLISH_TYPES = frozenset({"application/xml", "text/xml", "text/plain", "application/octet-stream", ""})

# Longest suffixes first: 'x.jsonl.gz' is JSON Lines, not some '.gz'.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".arc.gz", "warc"),
    (".arc", "warc"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),
    (".urls", "urls"),
    (".txt", "txt"),
)
SUPPORTED = (
    "directories, .txt, .html/.htm, .jsonl(.gz), .json, .warc(.gz), .rss/.atom/.xml, .urls and http(s) URLs"
)


def iter_articles(
    sources: Iterable[str], *, follow_urls: bool = True, fetcher: Fetcher | None = None
) -> Iterator[Article | BadDocument]:
    """Read every source in turn: a path to a file or a directory (recursively, sorted, hidden
    entries skipped), or an http(s) URL (a page or a feed). Yields an Article for each article
    read and a BadDocument (origin + reason) for each one that could not be; never raises for a
    bad document.

    follow_urls: fetch the page behind a feed entry that carries no full text. URLs given as
    sources or in URL lists are always fetched, with `fetcher` (a default, polite Fetcher is
    made on first need).
    """
    yield from _Reader(follow_urls, fetcher).sources(sources)


class _Reader:
    def __init__(self, follow_urls: bool, fetcher: Fetcher | None) -> None:
        self.follow_urls = follow_urls
        self._fetcher = fetcher

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:  # made lazily: an offline run never builds one
            self._fetcher = Fetcher()
        return self._fetcher

    def sources(self, sources: Iterable[str]) -> Iterator[Article | BadDocument]:
        for source in sources:
            source = os.fspath(source)
            if source.lower().startswith(("http://", "https://")):
                yield from self.url(source)
            else:
                yield from self.path(Path(source))

    def path(self, path: Path) -> Iterator[Article | BadDocument]:
        if path.is_dir():
            yield from self.directory(path)
        elif path.is_file():
            yield from self.file(path)
        elif path.exists():
            yield BadDocument(str(path), "not a regular file or directory")
        else:
            yield BadDocument(str(path), "no such file or directory")

    def directory(self, root: Path) -> Iterator[Article | BadDocument]:
        # os.walk does not follow symbolic links to directories, so a link loop cannot trap us.
        unreadable: list[OSError] = []
        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append):
            while unreadable:
                err = unreadable.pop(0)
                yield BadDocument(
                    str(err.filename or dirpath), f"cannot read the directory: {err.strerror or err}"
                )
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith("."):
                    yield from self.file(Path(dirpath, name))
        for err in unreadable:  # the last one, if os.walk reported it after the final step
            yield BadDocument(str(err.filename or root), f"cannot read the directory: {err.strerror or err}")

    def file(self, path: Path) -> Iterator[Article | BadDocument]:
        kind = _kind_by_name(path.name) or _kind_by_content(path)
        log.debug("reading %s as %s", path, kind)
        if kind == "jsonl":
            yield from read_jsonl(path)
        elif kind == "json":
            yield from read_json(path)
        elif kind == "warc":
            yield from read_warc(path)
        elif kind == "html":
            yield read_html(path)
        elif kind == "feed":
            yield from read_feed_file(path, follow_urls=self.follow_urls, fetcher=self._feed_fetcher())
        elif kind == "urls":
            urls = read_url_list(path)
            if isinstance(urls, BadDocument):
                yield urls
            else:
                for _, url in urls:
                    yield from self.url(url)
        else:
            result = read_txt(path)
            if isinstance(result, list):  # a .txt that only lists URLs
                for _, url in result:
                    yield from self.url(url)
            else:
                yield result

    def _feed_fetcher(self) -> Fetcher | None:
        return self.fetcher if self.follow_urls else None

    def url(self, url: str) -> Iterator[Article | BadDocument]:
        try:
            resp = self.fetcher.fetch(url)
        except FetchError as e:
            yield BadDocument(url, reason_of(e, url))
            return
        ctype = resp.content_type
        if ctype in _FEED_TYPES or (ctype in _XMLISH_TYPES and looks_like_feed(resp.body)):
            yield from read_feed(
                resp.body, url, base_url=resp.url, follow_urls=self.follow_urls, fetcher=self._feed_fetcher()
            )
        elif ctype in _HTML_TYPES or (ctype in _XMLISH_TYPES and _looks_like_html(resp.body)):
            yield article_from_html(resp.body, url, url=resp.url, charset=resp.charset)
        elif ctype == "text/plain":
            try:
                text = decode_bytes(resp.body, url)
            except InputError as e:
                yield BadDocument(url, reason_of(e, url))
                return
            yield Article(text=text, url=resp.url, origin=url)
        else:
            yield BadDocument(
                url,
                f"unsupported content type {ctype!r}; qawl reads HTML pages, RSS/Atom feeds and plain text",
            )


def _kind_by_name(name: str) -> str | None:
    lower = name.lower()
    for suffix, kind in _SUFFIXES:
        if lower.endswith(suffix):
            return kind
    return None


def _kind_by_content(path: Path) -> str:
    """A file with an unknown extension: judge by its first bytes; plain text by default (whose
    reader reports binary files with what they look like)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return "txt"  # read_txt reports the error
    if head.startswith(b"WARC/"):
        return "warc"
    if looks_like_feed(head):
        return "feed"
    if _looks_like_html(head):
        return "html"
    return "txt"


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head
