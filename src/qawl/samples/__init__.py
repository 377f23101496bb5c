"""Sample articles bundled with qawl, so ``qawl serve --sample`` shows the product at once.

``articles.jsonl``: the seed article (Arabic, with an embedded English post) and the 123
NTREX-128 news documents in English with their human Arabic translations (CC BY-SA 4.0).
Origins and licences: SOURCES.md in this folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

FILE = "articles.jsonl"


def path():
    """The bundled JSONL file (a Traversable; ``str()`` gives a path for an installed package)."""
    return resources.files("qawl.samples") / FILE


def iter_samples(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield the sample articles: dicts with id, title, text, published, source, url."""
    with path().open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                return
            if line.strip():
                yield json.loads(line)
