"""/api/quotes: search the statements in the archive with the CLI's filters; CSV/JSON export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from qawl import archive as qarchive
from qawl.web.archive import COUNT_CAP
from qawl.web.deps import ArchiveDep, Paging
from qawl.web.errors import ApiError
from qawl.web.models import QuotesPage
from qawl.web.routers._paging import fast_json, next_url

router = APIRouter(prefix="/api/quotes", tags=["quotes"])

MAX_EXPORT_ROWS = 10_000


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD query parameter; empty (as an HTML form sends it) means no filter."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ApiError(
            422, "invalid_request", f"{name} must be a date like 2025-11-25, not {value!r}"
        ) from None


async def quote_filter(
    speaker: Annotated[
        str | None, Query(description="any name of the speaker, in either script, or #id")
    ] = None,
    about: Annotated[
        str | None, Query(description="a person, organisation or place mentioned in the quote")
    ] = None,
    text: Annotated[
        str | None, Query(description="words that must all be in the quote (word* for a prefix)")
    ] = None,
    since: Annotated[str | None, Query(description="published on or after (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="published on or before (YYYY-MM-DD)")] = None,
    source: Annotated[str | None, Query(description="the outlet, as stored")] = None,
    kind: Annotated[
        str | None, Query(description="direct, indirect, mixed, according_to or embedded_post")
    ] = None,
    article: Annotated[str | None, Query(description="only this article (its id or URL)")] = None,
) -> qarchive.QuoteFilter:
    def clean(v: str | None) -> str | None:
        return (v.strip() or None) if isinstance(v, str) else v

    return qarchive.QuoteFilter(
        speaker=clean(speaker),
        about=clean(about),
        text=clean(text),
        since=parse_day(since, "since"),
        until=parse_day(until, "until"),
        source=clean(source),
        kind=clean(kind),
        article=clean(article),
    )


Filter = Annotated[qarchive.QuoteFilter, Depends(quote_filter)]


def is_empty(f: qarchive.QuoteFilter) -> bool:
    return not any((f.speaker, f.about, f.text, f.since, f.until, f.source, f.kind, f.article))


@router.get("", response_model=QuotesPage, summary="Search statements")
def search_quotes(request: Request, f: Filter, paging: Paging, archive: ArchiveDep) -> Any:
    """The filters of ``qawl quotes``, combined with AND; newest first; ``limit``/``offset`` to page.
    Example: ``/api/quotes?speaker=ماكرون&since=2025-11-01&text=السلام``."""
    limit, offset = paging
    items, total = archive.search_quotes(f, limit=limit, offset=offset)
    more = total is not None and offset + len(items) < total
    return fast_json(
        {
            "items": items,
            "total": total,
            "total_exact": total is None or total < max(COUNT_CAP, offset + limit + 1),
            "limit": limit,
            "offset": offset,
            "next": next_url(request, limit, offset, more),
        }
    )


def _csv_safe(v: Any) -> Any:
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v  # a spreadsheet must not read a quote as a formula
    return v


@router.get(
    "/export",
    summary="Export every matching statement as CSV or JSON",
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def export_quotes(
    f: Filter,
    archive: ArchiveDep,
    format: Annotated[str, Query(pattern="^(csv|json)$", description="csv or json")] = "csv",
    limit: Annotated[int, Query(ge=1, le=MAX_EXPORT_ROWS)] = MAX_EXPORT_ROWS,
) -> StreamingResponse:
    """Same filters as ``/api/quotes``, newest first, at most 10,000 rows; the columns of
    ``qawl export``. CSV is UTF-8 with a byte-order mark, so spreadsheets read Arabic right."""
    records = archive.iter_quotes(f, limit)
    if format == "json":

        def gen_json() -> Iterator[bytes]:
            yield b"["
            for i, rec in enumerate(records):
                row = json.dumps(rec.to_dict(), ensure_ascii=False, default=str)
                yield (b"," if i else b"") + b"\n" + row.encode("utf-8")
            yield b"\n]\n"

        return StreamingResponse(
            gen_json(),
            media_type="application/json",
            headers={"content-disposition": 'attachment; filename="qawl-quotes.json"'},
        )

    def gen_csv() -> Iterator[bytes]:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(qarchive.QUOTE_COLUMNS))
        w.writeheader()
        yield "\ufeff".encode() + buf.getvalue().encode("utf-8")
        for rec in records:
            buf.seek(0)
            buf.truncate()
            w.writerow({k: _csv_safe(v) for k, v in qarchive.quote_row(rec).items()})
            yield buf.getvalue().encode("utf-8")

    return StreamingResponse(
        gen_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="qawl-quotes.csv"'},
    )
