"""The web layer: ``create_app(settings)`` builds the FastAPI app (pages, HTTP API, static files)."""

from __future__ import annotations

from qawl.web.settings import Settings

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None, **kwargs):
    """Build the FastAPI app; see :func:`qawl.web.app.create_app`."""
    from qawl.web.app import create_app as _create_app

    return _create_app(settings, **kwargs)
