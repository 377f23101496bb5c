"""The pipeline: stages in order, nothing else."""

from __future__ import annotations

from datetime import date

from qawl.document import Document


def extract(text: str, published: date | str | None = None, title: str | None = None) -> Document:
    """Analyse one article: who said what, about whom, when."""
    if isinstance(published, str):
        published = date.fromisoformat(published)
    doc = Document(text=text, published=published, title=title)
    return doc
