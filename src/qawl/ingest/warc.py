"""WARC archives (.warc, .warc.gz) -> Articles: every successful HTML response, through trafilatura.

Other records (requests, metadata, redirects, images, scripts) are not articles and are passed
over silently: a crawl holds many of them.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from qawl.article import Article, BadDocument
from qawl.ingest.html import article_from_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 20_000_000


def read_warc(path: Path) -> Iterator[Article | BadDocument]:
    """Each HTML page in a WARC file -> Article or BadDocument (origin 'path:offset', the record's
    byte offset, so that `warcio extract FILE OFFSET` shows it)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below, after the generator is done)
    except OSError as e:
        yield BadDocument(name, f"cannot read the file: {e.strerror or e}")
        return
    with f:
        head = _first_bytes(f)
        f.seek(0)
        if not head.startswith((b"WARC/", b"filedesc://")):
            # warcio would take any text for a headerless ARC file and yield nonsense records.
            yield BadDocument(name, "not a WARC file (a WARC record starts with 'WARC/')")
            return
        it = ArchiveIterator(f)
        offset = 0
        try:
            for record in it:
                item = _article_from_record(record, name)
                # The offset is known only once the record is read (warcio reads to its end).
                offset = it.get_record_offset()
                if item is not None:
                    item.origin = f"{name}:{offset}"
                    yield item
        except ArchiveLoadFailed as e:
            yield BadDocument(f"{name}:{offset}", f"not a readable WARC file after this record: {e}")
        except (OSError, EOFError, ValueError) as e:
            yield BadDocument(f"{name}:{offset}", f"cannot read further in the WARC file: {e}")


def _first_bytes(f: BinaryIO) -> bytes:
    head = f.read(64)
    if head.startswith(b"\x1f\x8b"):
        f.seek(0)
        try:
            with gzip.GzipFile(fileobj=f) as gz:
                return gz.read(64)
        except (OSError, EOFError):
            return b""
    return head


def _article_from_record(record, origin: str) -> Article | BadDocument | None:  # noqa: ANN001 (warcio's type)
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode()
        if not status or not status.startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media, _, params = content_type.partition(";")
    if media.strip().lower() not in _HTML_TYPES:
        return None
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    body = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(body) > MAX_RECORD_BYTES:
        return BadDocument(origin, f"{url}: the page is larger than {MAX_RECORD_BYTES:,} bytes")
    result = article_from_html(body, origin, url=url, charset=charset)
    if isinstance(result, BadDocument):
        result.reason = f"{url}: {result.reason}"
    return result
