"""POST /api/extract: analyse one article and return the FORMAT.md document. Nothing is stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from qawl.web.deps import run_extract
from qawl.web.models import ERROR_RESPONSES, DocumentOut, ErrorOut, ExtractRequest

router = APIRouter(prefix="/api", tags=["extract"])


@router.post(
    "/extract",
    response_model=DocumentOut,
    responses={**ERROR_RESPONSES, 504: {"model": ErrorOut, "description": "extraction took too long"}},
    summary="Who said what in one article",
)
async def extract(body: ExtractRequest, request: Request) -> Any:
    """Find the statements, their speakers, the entities and the dates in ``text``.

    Offsets are Python string indices into ``text`` exactly as sent. Open to everyone (it
    stores nothing), but limited in size (``QAWL_MAX_BODY_BYTES``) and time (``QAWL_EXTRACT_TIMEOUT``).

    Example: ``curl -s localhost:8000/api/extract -H 'content-type: application/json'
    -d '{"text": "قال ماكرون: «السلام ممكن».", "published": "2025-11-25"}'``
    """
    doc = await run_extract(request, body.text, body.published, body.title)
    return doc.to_dict()
