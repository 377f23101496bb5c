"""/api/articles: list, read and add articles. Adding needs the operator's token."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse

from qawl.web.deps import ArchiveDep, Paging, SettingsDep, require_token
from qawl.web.errors import ApiError
from qawl.web.models import (
    ERROR_RESPONSES,
    AddedArticles,
    ArticleIn,
    ArticleOut,
    ArticlesIn,
    ArticlesPage,
    ErrorOut,
)
from qawl.web.routers._paging import next_url

router = APIRouter(prefix="/api/articles", tags=["articles"])


@router.get("", response_model=ArticlesPage, summary="Articles in the archive, newest first")
def list_articles(
    request: Request,
    paging: Paging,
    archive: ArchiveDep,
    source: Annotated[str | None, Query(description="only this outlet")] = None,
    since: Annotated[str | None, Query(description="published on or after (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="published on or before (YYYY-MM-DD)")] = None,
) -> Any:
    from qawl.web.routers.quotes import parse_day

    since, until = parse_day(since, "since"), parse_day(until, "until")
    limit, offset = paging
    items, more = archive.list_articles(limit=limit, offset=offset, source=source, since=since, until=until)
    return {
        "items": items,
        "limit": limit,
        "offset": offset,
        "total": archive.count_articles() if not (source or since or until) else None,
        "next": next_url(request, limit, offset, more),
    }


@router.get(
    "/{article_id}",
    response_model=ArticleOut,
    responses={404: {"model": ErrorOut, "description": "no such article"}},
    summary="One article: its text, its quotes and entities, and its FORMAT.md document",
)
def get_article(article_id: str, archive: ArchiveDep) -> Any:
    """``article_id``: the archive's number, or the article's own id, or its URL."""
    art = archive.get_article(article_id)
    if art is None:
        raise ApiError(
            404, "not_found", f"no article with id {article_id!r}; list them with GET /api/articles"
        )
    return art


@router.post(
    "",
    response_model=AddedArticles,
    status_code=201,
    responses={
        **ERROR_RESPONSES,
        200: {"model": AddedArticles, "description": "every article was already in the archive"},
        401: {"model": ErrorOut, "description": "missing or wrong token, or writes disabled"},
        504: {"model": ErrorOut, "description": "analysing the articles took too long"},
    },
    summary="Add articles to the archive (analysed on the way in)",
    dependencies=[Depends(require_token)],
)
async def add_articles(
    request: Request,
    settings: SettingsDep,
    archive: ArchiveDep,
    body: Annotated[
        ArticleIn | ArticlesIn,
        Body(
            openapi_examples={
                "one": {
                    "summary": "one article",
                    "value": {
                        "text": "قال ماكرون: «السلام ممكن».",
                        "published": "2025-11-25",
                        "source": "example",
                    },
                },
                "many": {"summary": "a batch", "value": {"articles": [{"text": "…"}, {"text": "…"}]}},
            },
        ),
    ],
) -> Any:
    """Send one article, or ``{"articles": [...]}``. Each is analysed and stored in its own
    transaction; one already in the archive (same id, URL or content) is not added twice
    (``created: false``). Needs ``Authorization: Bearer <QAWL_TOKEN>``.

    ``curl -X POST localhost:8000/api/articles -H "Authorization: Bearer $QAWL_TOKEN"
    -H 'content-type: application/json' -d '{"text": "…", "published": "2025-11-25"}'``
    """
    items = body.articles if isinstance(body, ArticlesIn) else [body]
    if len(items) > settings.max_articles_per_post:
        raise ApiError(
            413, "too_many_articles", f"send at most {settings.max_articles_per_post} articles per request"
        )
    payload = [a.model_dump() for a in items]
    timeout = min(settings.extract_timeout_s * len(payload), settings.request_timeout_s)
    result: list[Any] = []
    with anyio.move_on_after(timeout) as scope:
        result.append(
            await anyio.to_thread.run_sync(
                archive.add_articles,
                payload,
                abandon_on_cancel=True,
                limiter=request.app.state.extract_limiter,
            )
        )
    if scope.cancelled_caught or not result:
        raise ApiError(504, "timeout", "analysing the articles took too long; send fewer or shorter articles")
    added = result[0]
    status = 201 if any(a.get("created") for a in added) else 200
    return JSONResponse(AddedArticles(items=added).model_dump(mode="json"), status_code=status)
