"""qawl: who said what, about whom, when, in Arabic and English news."""

from __future__ import annotations

from qawl.analyse import extract
from qawl.document import DateMention, Document, Entity, Mention, Quote, Span, Speaker

__version__ = "0.1.0"
__all__ = [
    "extract",
    "Document",
    "Entity",
    "Mention",
    "Quote",
    "Span",
    "Speaker",
    "DateMention",
    "__version__",
]
