"""Pages of results: the ``next`` link, and a fast JSON response."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response


def next_url(request: Request, limit: int, offset: int, has_more: bool) -> str | None:
    if not has_more:
        return None
    params = {k: v for k, v in request.query_params.multi_items() if k not in ("offset", "limit")}
    params.update({"limit": str(limit), "offset": str(offset + limit)})
    return request.url.path + "?" + urlencode(params)


def fast_json(data: Any) -> Response:
    """Serialise a page of archive records directly: the records are already plain JSON data
    of the documented shape, and skipping the response model's re-validation roughly halves
    the time a search takes in the server (the model still documents it in /openapi.json)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
    return Response(body, media_type="application/json")
