"""An article as read from a source, before analysis."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date


@dataclass(slots=True)
class Article:
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None  # the outlet
    id: str | None = None
    author: str | None = None
    origin: str | None = None  # where it was read from: a path, path:line, a URL

    @property
    def content_hash(self) -> str:
        """Identity of the content, for idempotent ingest."""
        h = hashlib.sha256()
        for part in (self.title or "", self.text, self.published.isoformat() if self.published else ""):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(slots=True)
class BadDocument:
    """A document that could not be read; a batch reports it and goes on."""

    origin: str
    reason: str
