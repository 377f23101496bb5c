"""/api/speakers: who speaks in the archive, and one speaker with their statements."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from qawl.web.deps import ArchiveDep, Paging
from qawl.web.errors import ApiError
from qawl.web.models import ErrorOut, SpeakerDetailOut, SpeakersPage
from qawl.web.routers._paging import fast_json, next_url

router = APIRouter(prefix="/api/speakers", tags=["speakers"])


@router.get("", response_model=SpeakersPage, summary="People and organisations, most quoted first")
def list_speakers(
    request: Request,
    paging: Paging,
    archive: ArchiveDep,
    name: Annotated[
        str | None, Query(description="only those with a name like this, in either script")
    ] = None,
    type: Annotated[str | None, Query(description="PER, ORG, GPE or LOC")] = None,
) -> Any:
    limit, offset = paging
    items, more = archive.list_speakers(
        limit=limit, offset=offset, name=(name or "").strip() or None, type=type
    )
    return fast_json(
        {"items": items, "limit": limit, "offset": offset, "next": next_url(request, limit, offset, more)}
    )


@router.get(
    "/{speaker_id}",
    response_model=SpeakerDetailOut,
    responses={404: {"model": ErrorOut, "description": "no such speaker"}},
    summary="One speaker: names in both scripts, titles, statements per day, whom they talk about",
)
def get_speaker(
    speaker_id: str,
    archive: ArchiveDep,
    recent: Annotated[int, Query(ge=1, le=1000, description="this many latest statements")] = 20,
) -> Any:
    """``speaker_id``: the record id from /api/speakers or /api/quotes, or any of their names."""
    sp = archive.get_speaker(speaker_id, recent=recent)
    if sp is None:
        raise ApiError(404, "not_found", f"no speaker {speaker_id!r}; list them with GET /api/speakers")
    return sp
