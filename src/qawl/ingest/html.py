"""HTML pages -> Article through trafilatura: main text without boilerplate, title, date, author."""

from __future__ import annotations

import codecs
import logging
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from qawl.article import Article, BadDocument
from qawl.errors import InputError
from qawl.ingest.common import reason_of
from qawl.text.reading import DEFAULT_MAX_BYTES, check_bytes, decode_bytes

log = logging.getLogger(__name__)

# Less main text than this is a navigation or error page, not an article.
MIN_TEXT_CHARS = 20

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, origin: str, declared: str | None = None) -> str:
    """Decode an HTML page: the charset the server or a <meta> declares when it decodes cleanly,
    else decode_bytes (UTF-8, Windows-1256 for Arabic, Windows-1252)."""
    check_bytes(data, origin, DEFAULT_MAX_BYTES)
    candidates = [declared] if declared else []
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii"))
    for name in candidates:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec in ("latin-1", "iso8859-1", "ascii", "us-ascii"):
            codec = "cp1252"  # what browsers do for these labels (WHATWG encoding standard)
        try:
            return data.decode(codec).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue  # a wrong declaration is common: fall back to detection
    return decode_bytes(data, origin)


def article_from_html(
    data: bytes | str, origin: str, url: str | None = None, charset: str | None = None
) -> Article | BadDocument:
    """One HTML page -> Article (main text, title, date, author, site), or BadDocument saying why."""
    import trafilatura  # imported here: loading it costs ~0.5 s that a jsonl-only run need not pay

    try:
        html = data if isinstance(data, str) else decode_html(data, origin, charset)
    except InputError as e:
        return BadDocument(origin, reason_of(e, origin))
    if not html.strip():
        return BadDocument(origin, "empty page")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as e:  # trafilatura/lxml raise a variety of errors on pathological markup
        log.debug("trafilatura failed on %s", origin, exc_info=True)
        return BadDocument(origin, f"cannot parse the HTML ({type(e).__name__}: {e})")
    text = (doc.text or "").strip() if doc is not None else ""
    if len("".join(text.split())) < MIN_TEXT_CHARS:
        return BadDocument(
            origin,
            "no main text found in the HTML (trafilatura extracted "
            + (f"only {text!r}" if text else "nothing")
            + "): is it an index, error or JavaScript-only page? give the article's own page",
        )
    assert doc is not None
    return Article(
        text=text,
        title=_clean(doc.title),
        published=_parse_iso_date(doc.date),
        url=url or _clean(doc.url),
        source=_clean(doc.sitename) or _clean(doc.hostname) or _host(url),
        author=_clean(doc.author),
        origin=origin,
    )


def read_html(path: Path) -> Article | BadDocument:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        return BadDocument(origin, f"cannot read the file: {e.strerror or e}")
    return article_from_html(data, origin)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _parse_iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
