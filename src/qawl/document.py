"""The data model: a Document and the spans found in it.

Every annotation points into the untouched source text with ``start``/``end`` (Python string
indices, end exclusive) and keeps its ``text``, so ``doc.text[s.start:s.end] == s.text`` holds
for every span (spaCy's Doc/Span design). Nothing here normalises or edits the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

QUOTE_KINDS = ("direct", "indirect", "mixed", "according_to", "embedded_post")
ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC")


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of the source text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Span:
        return cls(start, end, source[start:end])


@dataclass(slots=True)
class Segment:
    """A paragraph, sentence or other stretch of text with its language."""

    start: int
    end: int
    kind: str  # "paragraph" | "sentence" | "headline" | "post"
    lang: str  # "ar" | "en" | "und"


@dataclass(slots=True)
class Mention:
    """One occurrence of a named (or described) entity in the text."""

    start: int
    end: int
    text: str
    type: str  # PER, ORG, GPE, LOC
    source: str = "rule"  # which finder produced it: gazetteer, model, title, cue, ...
    title: Span | None = None  # a title right before the name («الرئيس الفرنسي» ماكرون)
    entity: str | None = None  # id of the Entity it belongs to, set by clustering

    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(slots=True)
class Entity:
    """A real-world entity, all its mentions in the article clustered together."""

    id: str
    name: str
    type: str
    titles: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other names, other scripts
    gender: str | None = None  # "m" | "f" | None (unknown)
    number: str = "sg"  # "sg" | "du" | "pl"
    described: bool = False  # an unnamed source («مصدر أمني», "a senior official")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "titles": list(self.titles),
            "mentions": [m.to_dict() for m in self.mentions],
        }
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.gender:
            out["gender"] = self.gender
        if self.described:
            out["described"] = True
        return out


@dataclass(slots=True)
class Speaker:
    """Who a quote is attributed to, and how that was decided."""

    name: str
    entity: str | None = None
    mention: Span | None = None  # the words in the text that name the speaker, if any
    resolution: str = "explicit"  # explicit | title | implicit | headline | post | description

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"entity": self.entity, "name": self.name, "resolution": self.resolution}
        if self.mention is not None:
            out["mention"] = self.mention.to_dict()
        return out


@dataclass(slots=True)
class Quote:
    """A statement: its content span, cue, kind and speaker."""

    id: str
    start: int
    end: int
    text: str
    kind: str
    lang: str
    speaker: Speaker | None = None
    cue: Span | None = None
    confidence: float = 0.5
    same_as: list[str] = field(default_factory=list)
    same_as_scores: dict[str, float] = field(default_factory=dict)  # quote id -> link score (links.py)
    # "rules": found by this language's cues; "translation": found as the translation of a
    # statement found in the other language (translations.py)
    found_by: str = "rules"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "lang": self.lang,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "confidence": round(self.confidence, 3),
            "same_as": list(self.same_as),
            "same_as_scores": {k: round(v, 3) for k, v in self.same_as_scores.items()},
            "found_by": self.found_by,
        }


@dataclass(slots=True)
class DateMention:
    """A date expression and the calendar day it refers to (None when it cannot be resolved)."""

    start: int
    end: int
    text: str
    value: str | None  # ISO YYYY-MM-DD
    calendar: str = "gregorian"  # gregorian | hijri | relative | weekday

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value}


@dataclass(slots=True)
class Document:
    """The result of analysing one article. Build it with :func:`qawl.extract`."""

    text: str
    published: date | None = None
    title: str | None = None
    lang: str = "ar"
    id: str | None = None
    segments: list[Segment] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def to_dict(self) -> dict[str, Any]:
        """The output contract of ../shared/eval/FORMAT.md (plus a few extra fields)."""
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        out.update(
            {
                "lang": self.lang,
                "published": self.published.isoformat() if self.published else None,
                "entities": [e.to_dict() for e in self.entities],
                "quotes": [q.to_dict() for q in self.quotes],
                "dates": [d.to_dict() for d in self.dates],
            }
        )
        return out
