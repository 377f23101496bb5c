"""The FastAPI application: ``create_app(settings)``; nothing is created at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from qawl import __version__
from qawl.web import errors
from qawl.web.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware, TimeoutMiddleware
from qawl.web.settings import Settings

log = logging.getLogger("qawl.web")

WEB_DIR = Path(str(resources.files("qawl.web")))


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(WEB_DIR / "templates")),
        autoescape=True,  # every {{ value }} is HTML-escaped, in text and in attributes
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    return Jinja2Templates(env=env)


def safe_url(value: Any) -> str | None:
    """Only http(s) links leave the site: a ``javascript:`` URL from an article is dropped."""
    if not isinstance(value, str):
        return None
    v = value.strip()
    return v if v.lower().startswith(("http://", "https://")) else None


def _swagger_dir() -> Path | None:
    try:
        import swagger_ui_bundle
    except ImportError:  # the docs page then explains how to get it; the API works regardless
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)


def create_app(
    settings: Settings | None = None,
    *,
    extract: Callable[..., Any] | None = None,
    archive: Any | None = None,
) -> FastAPI:
    """Build the app. ``extract`` and ``archive`` replace the real ones (tests, embedding).

    ``archive`` is a :class:`qawl.web.archive.WebArchive` or any object with its methods; by
    default one is opened on ``settings.db`` when the app starts and closed when it stops.
    """
    settings = (settings or Settings.from_env()).validated()
    if extract is None:
        from qawl import extract as _extract

        extract = _extract

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = None
        if app.state.archive is None:
            from qawl.web.archive import open_archive

            try:
                opened = await anyio.to_thread.run_sync(open_archive, settings)
                app.state.archive = opened
                app.state.archive_error = None
            except Exception as exc:  # the pages and /api/extract still work without one
                log.warning("archive not available: %s", exc)
                app.state.archive_error = str(exc)
        try:
            yield
        finally:
            if opened is not None and hasattr(opened, "close"):
                opened.close()
                app.state.archive = None

    app = FastAPI(
        title="qawl",
        version=__version__,
        summary="Who said what, about whom, when: Arabic and English news",
        description=(
            "Reads are open. Writes (POST /api/articles) need `Authorization: Bearer <QAWL_TOKEN>`. "
            'Errors are JSON: `{"error": {"code": ..., "message": ...}}`. Offsets are Python '
            "string indices (code points) into the article text."
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.extract = extract
    app.state.extract_limiter = anyio.CapacityLimiter(settings.extract_concurrency)
    app.state.archive = archive
    app.state.archive_error = None
    app.state.templates = _templates()

    errors.install(app)
    # each add wraps the previous ones: headers outermost, then the time limit, then the size limit
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(TimeoutMiddleware, seconds=settings.request_timeout_s)
    app.add_middleware(SecurityHeadersMiddleware)

    swagger = _swagger_dir()
    if swagger is not None:  # before /static, which would otherwise shadow it
        app.mount("/static/swagger", StaticFiles(directory=str(swagger)), name="swagger")
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    from qawl.web.routers import articles, pages, quotes, speakers
    from qawl.web.routers import extract as extract_router

    app.include_router(extract_router.router)
    app.include_router(articles.router)
    app.include_router(quotes.router)
    app.include_router(speakers.router)
    app.include_router(pages.router)

    @app.get("/healthz", tags=["meta"], summary="Liveness and archive status")
    async def healthz(request: Request) -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "archive": request.app.state.archive is not None,
            "writes": bool(settings.token),
        }

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    async def docs(request: Request):
        from qawl.web.i18n import page_context

        ctx = page_context(request)
        ctx["swagger"] = swagger is not None
        return app.state.templates.TemplateResponse(request, "docs.html", ctx)

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> RedirectResponse:
        return RedirectResponse("/docs")

    return app
