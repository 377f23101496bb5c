"""Documents built by hand for the store tests, and a tiny rule-based extractor for ingest tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from qawl.article import Article
from qawl.document import Document, Entity, Quote, Span, Speaker


@dataclass
class P:
    """A person (or organisation) in a hand-built document."""

    name: str
    type: str = "PER"
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    described: bool = False


@dataclass
class Q:
    """A quote: the exact words (a substring of the text), who said them (index into people)."""

    text: str
    speaker: int | None
    kind: str = "direct"
    cue: str | None = None


def build(text: str, people: list[P], quotes: list[Q], published: date | None = None) -> Document:
    doc = Document(text=text, published=published)
    for i, p in enumerate(people, 1):
        mentions = []
        for name in [p.name, *p.aliases]:
            for m in re.finditer(re.escape(name), text):
                mentions.append(Span.of(text, m.start(), m.end()))
        doc.entities.append(
            Entity(
                f"e{i}",
                p.name,
                p.type,
                titles=list(p.titles),
                mentions=mentions,
                aliases=list(p.aliases),
                described=p.described,
            )  # fmt: skip
        )
    for j, q in enumerate(quotes, 1):
        start = text.index(q.text)
        speaker = None
        if q.speaker is not None:
            speaker = Speaker(people[q.speaker].name, f"e{q.speaker + 1}")
        cue = None
        if q.cue:
            c = text.index(q.cue)
            cue = Span.of(text, c, c + len(q.cue))
        doc.quotes.append(Quote(f"q{j}", start, start + len(q.text), q.text, q.kind, "ar", speaker=speaker, cue=cue,
                                confidence=0.9))  # fmt: skip
    return doc


def article(text: str, id: str | None = None, published: str | None = "2025-11-25", **kw) -> Article:
    return Article(text=text, id=id, published=date.fromisoformat(published) if published else None, **kw)


# -- a rule-based extractor for ingest tests: `NAME said "WORDS"` and `قال NAME: «WORDS»` ------------

_EN = re.compile(r'([A-Z][a-z]+(?: [A-Z][a-z]+)?) said "([^"]+)"')
_AR = re.compile(r"قال ([\u0621-\u064a]+(?: [\u0621-\u064a]+)?): «([^»]+)»")


def fake_extract(text: str, published=None, title=None) -> Document:
    """Finds `Name said "..."` and `قال الاسم: «...»`; raises on the word EXPLODE."""
    if "EXPLODE" in text:
        raise ValueError("this article makes the extractor fail")
    doc = Document(text=text, published=published if isinstance(published, date) else None, title=title)
    ids: dict[str, str] = {}
    for rx, lang in ((_EN, "en"), (_AR, "ar")):
        for m in rx.finditer(text):
            name = m.group(1)
            if name not in ids:
                ids[name] = f"e{len(ids) + 1}"
                doc.entities.append(
                    Entity(ids[name], name, "PER", mentions=[Span.of(text, m.start(1), m.end(1))])
                )
            doc.quotes.append(
                Quote(
                    f"q{len(doc.quotes) + 1}",
                    m.start(2),
                    m.end(2),
                    m.group(2),
                    "direct",
                    lang,
                    speaker=Speaker(name, ids[name]),
                    confidence=0.8,
                )  # fmt: skip
            )
    return doc
