"""Errors at the HTTP edge: every failure becomes ``{"error": {"code", "message"}}`` with a status.

Library errors (qawl.errors) are translated here, never inside the library. Page requests
(anything outside ``/api``) get the same information as a small HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from qawl import errors as qerrors

log = logging.getLogger("qawl.web")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
    504: "timeout",
}


class ApiError(Exception):
    """An error with an HTTP status, a stable machine code and a message saying what to do."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


def error_json(status: int, code: str, message: str, details: Any = None, headers=None) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path in ("/openapi.json", "/healthz"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _respond(
    request: Request, status: int, code: str, message: str, details: Any = None, headers=None
) -> Response:
    if _wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            from qawl.web.i18n import page_context  # local: avoid a cycle at import time

            ctx = page_context(request)
            ctx.update({"status": status, "code": code, "message": message})
            return templates.TemplateResponse(request, "error.html", ctx, status_code=status, headers=headers)
    return error_json(status, code, message, details, headers)


def _validation_message(errs: list[dict[str, Any]]) -> str:
    parts = []
    for e in errs[:5]:
        loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path"))
        parts.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def library_error_status(exc: qerrors.QawlError) -> tuple[int, str]:
    if isinstance(exc, qerrors.InputTooLargeError):
        return 413, "payload_too_large"
    if isinstance(exc, qerrors.UnsupportedLanguageError):
        return 422, "unsupported_language"
    if isinstance(exc, qerrors.InputError):
        return 400, "bad_input"
    name = type(exc).__name__.lower()
    if "notfound" in name:
        return 404, "not_found"
    if "conflict" in name or "duplicate" in name or "exists" in name:
        return 409, "conflict"
    return 400, "error"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into a JSON (or HTML) error."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _respond(request, exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}; see /docs for the API"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}; see /docs"
        return _respond(request, exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        errs = exc.errors()
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errs[:20]
        ]
        return _respond(request, 422, "invalid_request", _validation_message(errs), details)

    @app.exception_handler(qerrors.QawlError)
    async def _library_error(request: Request, exc: qerrors.QawlError) -> Response:
        status, code = library_error_status(exc)
        return _respond(request, status, code, str(exc) or code.replace("_", " "))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _respond(
            request, 500, "internal_error", "the server failed to handle this request; the error was logged"
        )
