"""Dependencies shared by the routers: settings, the archive, the token check, extraction."""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import Depends, Query, Request

from qawl.web.errors import ApiError
from qawl.web.settings import Settings


# Dependencies that do no I/O are `async`: FastAPI runs a sync dependency in the thread pool,
# and those hops cost more than the archive query itself on a small machine.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_archive(request: Request):
    """The archive adapter (qawl.web.archive.WebArchive); 503 when none could be opened."""
    archive = getattr(request.app.state, "archive", None)
    if archive is None:
        reason = getattr(request.app.state, "archive_error", None) or "no archive is configured"
        raise ApiError(503, "archive_unavailable", f"the archive is not available: {reason}")
    return archive


async def require_token(request: Request) -> None:
    """Writes need ``Authorization: Bearer <QAWL_TOKEN>``; with no token configured, none pass."""
    settings: Settings = request.app.state.settings
    challenge = {"WWW-Authenticate": 'Bearer realm="qawl"'}
    if not settings.token:
        raise ApiError(
            401,
            "writes_disabled",
            "writes are disabled on this server: the operator must set QAWL_TOKEN, "
            "and clients send it as 'Authorization: Bearer <token>'",
            challenge,
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401, "unauthorized", "send the operator's token as 'Authorization: Bearer <token>'", challenge
        )
    if not hmac.compare_digest(given.strip().encode("utf-8"), settings.token.encode("utf-8")):
        raise ApiError(401, "unauthorized", "the token is not valid", challenge)


async def run_extract(request: Request, text: str, published: date | None, title: str | None) -> Any:
    """Run the extractor in a worker thread, at most ``extract_concurrency`` at once, with a time limit.

    A run past ``extract_timeout_s`` answers 504 (waiting for a slot counts too); its thread
    cannot be killed: it finishes in the background and its result is dropped.
    """
    settings: Settings = request.app.state.settings
    extract = request.app.state.extract
    limiter: anyio.CapacityLimiter = request.app.state.extract_limiter
    timeout = settings.extract_timeout_s
    result: list[Any] = []

    def call() -> Any:
        return extract(text, published=published, title=title)

    with anyio.move_on_after(timeout) as scope:
        result.append(await anyio.to_thread.run_sync(call, abandon_on_cancel=True, limiter=limiter))
    if scope.cancelled_caught or not result:
        raise ApiError(
            504,
            "timeout",
            f"extraction took longer than {timeout:g} s; send a shorter article or try again later",
        )
    return result[0]


async def paging(
    request: Request,
    limit: Annotated[int | None, Query(ge=1, description="items per page (the server caps it)")] = None,
    offset: Annotated[int, Query(ge=0, description="skip this many (for paging)")] = 0,
) -> tuple[int, int]:
    """``limit`` and ``offset``, as in the CLI; the default and the cap come from the settings."""
    settings: Settings = request.app.state.settings
    size = limit or settings.default_page_size
    if size > settings.max_page_size:
        raise ApiError(422, "invalid_request", f"limit must be at most {settings.max_page_size}")
    return size, offset


async def page_number(
    request: Request, page: Annotated[int, Query(ge=1, description="1-based page number")] = 1
) -> tuple[int, int, int]:
    """For the HTML pages: (page, limit, offset)."""
    size = request.app.state.settings.default_page_size
    return page, size, (page - 1) * size


ArchiveDep = Annotated[Any, Depends(get_archive)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Paging = Annotated[tuple[int, int], Depends(paging)]
PageNo = Annotated[tuple[int, int, int], Depends(page_number)]
