"""JSON Lines (one article object per line, optionally gzipped) and JSON files -> Articles.

Fields: text (or content/body), title, published (or date_extracted, as in SaudiNewsNet, or
date), url, source, id, author. A bad line becomes a BadDocument 'path:line' and reading goes on.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qawl.article import Article, BadDocument
from qawl.ingest.common import DATE_FORMATS, parse_published

TEXT_FIELDS = ("text", "content", "body")
DATE_FIELDS = ("published", "date_extracted", "date")
_STR_FIELDS = ("title", "url", "source", "author")


def article_from_record(obj: Any, origin: str) -> Article | BadDocument:
    """One decoded JSON object -> Article, or BadDocument saying which field is wrong."""
    if not isinstance(obj, dict):
        return BadDocument(origin, f"expected a JSON object per line, got {type(obj).__name__}")
    text = None
    for name in TEXT_FIELDS:
        text = obj.get(name)
        if text is not None:
            break
    if not isinstance(text, str):
        if text is None:
            return BadDocument(
                origin, f"no 'text' field (fields present: {', '.join(sorted(obj)) or 'none'})"
            )
        return BadDocument(origin, f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        return BadDocument(origin, "'text' is empty")
    meta: dict[str, str | None] = {}
    for name in _STR_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return BadDocument(origin, f"{name!r} must be a string, got {type(value).__name__}")
        meta[name] = (value.strip() or None) if value else None
    published = None
    for name in DATE_FIELDS:
        value = obj.get(name)
        if value is not None and value != "":
            try:
                published = parse_published(value)
            except (ValueError, OverflowError, OSError):
                return BadDocument(origin, f"{name!r} is not a date: {value!r}; give {DATE_FORMATS}")
            break
    ident = obj.get("id")
    if ident is not None and not isinstance(ident, str | int):
        return BadDocument(origin, f"'id' must be a string or a number, got {type(ident).__name__}")
    return Article(
        text=text,
        title=meta["title"],
        published=published,
        url=meta["url"],
        source=meta["source"],
        id=str(ident) if ident is not None and ident != "" else None,
        author=meta["author"],
        origin=origin,
    )


def read_jsonl(path: Path) -> Iterator[Article | BadDocument]:
    """Each line of a .jsonl or .jsonl.gz file -> Article or BadDocument ('path:line')."""
    name = str(path)
    try:
        f = gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")  # noqa: SIM115
    except OSError as e:
        yield BadDocument(name, f"cannot read the file: {e.strerror or e}")
        return
    with f:
        lineno = 0
        try:
            for lineno, raw in enumerate(f, 1):  # noqa: B007 (lineno is used after the loop)
                if not raw.strip():
                    continue
                origin = f"{name}:{lineno}"
                try:
                    # json.loads takes bytes (UTF-8/16/32) directly: no separate decode pass.
                    obj = json.loads(raw.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else raw)
                except json.JSONDecodeError as e:
                    yield BadDocument(origin, f"not valid JSON: {e.msg} at column {e.colno}")
                    continue
                except UnicodeDecodeError as e:
                    yield BadDocument(
                        origin, f"not UTF-8 ({e.reason} at byte {e.start}); convert the file to UTF-8"
                    )
                    continue
                yield article_from_record(obj, origin)
        except (OSError, EOFError, gzip.BadGzipFile) as e:
            # A truncated or corrupt .gz: what was read stands, the rest is reported once.
            yield BadDocument(f"{name}:{lineno + 1}", f"cannot read further: {e}")


def read_json(path: Path) -> Iterator[Article | BadDocument]:
    """A .json file holding one article object or an array of them (SaudiNewsNet's daily files)."""
    name = str(path)
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read())
    except OSError as e:
        yield BadDocument(name, f"cannot read the file: {e.strerror or e}")
        return
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        yield BadDocument(name, f"not valid JSON: {e}")
        return
    if isinstance(data, list):
        for i, obj in enumerate(data):
            yield article_from_record(obj, f"{name}[{i}]")
    else:
        yield article_from_record(data, name)
