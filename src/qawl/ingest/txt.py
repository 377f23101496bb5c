"""Plain-text articles (.txt) and lists of URLs (.urls, or a .txt holding only URLs)."""

from __future__ import annotations

import re
from pathlib import Path

from qawl.article import Article, BadDocument
from qawl.errors import InputError
from qawl.ingest.common import DATE_FORMATS, looks_like_url, parse_published, reason_of
from qawl.text.reading import read_text_file

# A header block is obvious metadata only when every line of the first paragraph is one of these
# keys (as in SaudiNewsNet's sample .txt files: source/url/date_extracted/title, blank line, body).
_HEADER_LINE = re.compile(
    r"(title|source|url|author|id|published|date|date_extracted)[ \t]*:[ \t]*(.*)", re.IGNORECASE
)
_FIELD = {"date": "published", "date_extracted": "published"}


def read_txt(path: Path) -> Article | BadDocument | list[tuple[int, str]]:
    """A text file -> Article (the whole text; metadata only from an obvious header block),
    BadDocument, or, when every non-empty line is a URL, the list of (line number, URL)."""
    origin = str(path)
    try:
        text = read_text_file(path)
    except InputError as e:
        return BadDocument(origin, reason_of(e, origin))
    urls = url_lines(text)
    if urls:
        return urls
    meta, body = split_header(text)
    if not body.strip():
        return BadDocument(origin, "only a header block, no article text after it")
    published = None
    if meta.get("published"):
        try:
            published = parse_published(meta["published"])
        except (ValueError, OverflowError):
            return BadDocument(
                origin, f"header 'date' is not a date: {meta['published']!r}; give {DATE_FORMATS}"
            )
    return Article(
        text=body,
        title=meta.get("title"),
        published=published,
        url=meta.get("url"),
        source=meta.get("source"),
        id=meta.get("id"),
        author=meta.get("author"),
        origin=origin,
    )


def url_lines(text: str) -> list[tuple[int, str]]:
    """(line number, URL) for each non-empty line when every one is a URL; else []."""
    out: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if not looks_like_url(line):
            return []
        out.append((n, line))
    return out


def read_url_list(path: Path) -> list[tuple[int, str]] | BadDocument:
    """A .urls file: one URL a line; blank lines and # comments are ignored."""
    origin = str(path)
    try:
        text = read_text_file(path)
    except InputError as e:
        return BadDocument(origin, reason_of(e, origin))
    out: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not looks_like_url(line):
            return BadDocument(f"{origin}:{n}", f"not an http(s) URL: {line[:200]!r}")
        out.append((n, line))
    return out


def split_header(text: str) -> tuple[dict[str, str], str]:
    """({field: value}, body) when the text starts with a header block of known 'key: value'
    lines and a blank line (at least two of them, so that a first line 'Title: ...' of an
    ordinary article is not taken for metadata); else ({}, text) untouched."""
    head, sep, body = text.partition("\n\n")
    if not sep:
        head, sep, body = text.partition("\r\n\r\n")
    lines = head.splitlines()
    if not sep or len(lines) < 2 or len(lines) > 12:
        return {}, text
    meta: dict[str, str] = {}
    for line in lines:
        m = _HEADER_LINE.fullmatch(line.strip())
        if not m:
            return {}, text
        key = m[1].lower()
        meta[_FIELD.get(key, key)] = m[2].strip()
    return {k: v for k, v in meta.items() if v}, body.lstrip("\r\n")
