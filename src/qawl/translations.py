"""Sentences that translate each other, and statements found through their translation.

An article that quotes someone in one language and then translates the passage (an English post
and its Arabic rendering, an English report followed by its Arabic translation) says the same
thing twice. :func:`align_sentences` pairs the article's Arabic and English sentences that
translate each other: one-to-one, best pair first, on the multilingual encoder's cosine plus
number and name agreement (the scores of :mod:`qawl.links`), with a length check; then, because
a translation keeps the order of its source, a looser pair next to a pair already joined is
accepted too. :func:`qawl.links.link_statements` uses the pairs to prefer links between aligned
sentences.

The rules of one language may miss a translated statement that the other language's rules found:
translators turn "he told reporters" into constructions the Arabic cues do not cover («وتم
الإبلاغ بأن …», a comma instead of «إن»). :func:`project_statements` makes the statement of such
a translated sentence a quote of its own: same speaker, ``found_by="translation"``, linked to the
original through ``same_as`` with the alignment's score.
"""

from __future__ import annotations

import bisect
import re

from qawl.document import Document, Quote, Segment, Speaker
from qawl.lang.ar.phrases import is_complementizer
from qawl.links import add_link, agreement, encoder
from qawl.text.normalize import norm
from qawl.text.quotemarks import find_regions
from qawl.text.tokens import is_english_prose

# cosine + agreement a sentence pair needs; calibrated on NTREX-128 (bench/ntrex_links.py --calibrate)
THRESHOLD = 0.50
# bonus for a pair in step with a pair already joined (the sentence order of a translation)
_IN_STEP = 0.12
# a translation is about as long as its source: Arabic/English character ratio bounds
_LENGTH_RATIO = (0.45, 2.2)
_EN_THAT = re.compile(
    r"\b(?:said|says|told|added|wrote|announced|warned|stated|noted|reported)\b[^.]*?\bthat\s", re.I
)


class Alignment:
    """Arabic and English sentences of one article that translate each other."""

    def __init__(self, sents: list[Segment], pairs: list[tuple[float, int, int]]):
        self.sents = sents
        self._starts = [s.start for s in sents]
        self.partner: dict[int, tuple[int, float]] = {}
        for score, a, b in pairs:
            self.partner[a] = (b, score)
            self.partner[b] = (a, score)

    def sentence_of(self, pos: int) -> int | None:
        k = bisect.bisect_right(self._starts, pos) - 1
        if k >= 0 and self.sents[k].start <= pos < self.sents[k].end:
            return k
        return None

    def relation(self, a: int, b: int) -> float:
        """+1 when the sentences at positions a and b translate each other, -1 when both
        translate other sentences, 0 otherwise (a sentence holding a quotation of several
        sentences may be translated by several sentences, of which only one is its partner)."""
        sa, sb = self.sentence_of(a), self.sentence_of(b)
        if sa is None or sb is None:
            return 0.0
        if self.partner.get(sa, (None,))[0] == sb:
            return 1.0
        return -1.0 if sa in self.partner and sb in self.partner else 0.0


def bilingual_sentences(doc: Document) -> list[Segment]:
    """The article's Arabic and English sentences, when it has both (else an empty list)."""
    spans = {
        (s.start, s.end): s
        for s in doc.segments
        if s.kind in ("sentence", "headline") and s.lang in ("ar", "en")
    }  # a headline is also a sentence: once
    sents = sorted(spans.values(), key=lambda s: s.start)
    return sents if len({s.lang for s in sents}) == 2 else []


def align_sentences(doc: Document) -> Alignment | None:
    """Pair the sentences that translate each other; None for a one-language article."""
    sents = bilingual_sentences(doc)
    rows = [
        k
        for k, s in enumerate(sents)
        if (
            is_english_prose(doc.text[s.start : s.end])
            if s.lang == "en"
            else len(doc.text[s.start : s.end].split()) >= 3
        )
    ]
    if not any(sents[k].lang == "ar" for k in rows) or not any(sents[k].lang == "en" for k in rows):
        return None
    return Alignment(sents, _pair(doc.text, sents, rows))


def project_statements(doc: Document, alignment: Alignment | None) -> list[Quote]:
    """For every aligned sentence pair where one side has a statement no link was found for:
    link it to the other side's statement, or make the other side's statement a quote. Returns
    the new quotes (already in ``doc.quotes``, every quote's id renumbered in text order)."""
    if alignment is None or not doc.quotes:
        return []
    sents = alignment.sents
    inside: dict[int, list[Quote]] = {}
    for q in doc.quotes:
        k = alignment.sentence_of(q.start)
        if k is not None and sents[k].lang == q.lang:
            inside.setdefault(k, []).append(q)
    new: list[Quote] = []
    done: set[int] = set()
    for k, (other, score) in sorted(alignment.partner.items()):
        if k in done:
            continue
        done.update((k, other))
        mine, theirs = inside.get(k, []), inside.get(other, [])
        if any(q.same_as for q in mine + theirs):
            continue  # the statement links were made there already
        if mine and theirs:
            # the rules cut the statement differently in the two languages: the sentences align
            found = max(theirs, key=lambda q: q.end - q.start)
            for x in mine:
                add_link(x, found, score)
        elif (mine or theirs) and all(q.speaker is not None for q in mine or theirs):
            # only a statement whose speaker is known is carried over: the translation names no one
            src, tgt = (mine, other) if mine else (theirs, k)
            q = _projected(doc.text, sents[tgt], src, score)
            if q is not None:
                new.append(q)
    if new:
        _renumber(doc, new)
    return new


def _pair(text: str, sents: list[Segment], rows: list[int]) -> list[tuple[float, int, int]]:
    """Sentences paired one-to-one, best first; a pair in step with a pair already joined (the
    next sentence after both, or the one before) gets a bonus in a second round."""
    import numpy as np

    vecs = np.asarray(encoder().encode([text[sents[k].start : sents[k].end] for k in rows]), dtype="float32")
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    sim = vecs @ vecs.T
    # a sentence's ordinal among the sentences of its language
    ordinal: dict[int, int] = {}
    per_lang: dict[str, int] = {}
    for k in rows:
        lang = sents[k].lang
        ordinal[k] = per_lang.get(lang, 0)
        per_lang[lang] = ordinal[k] + 1
    scored = []
    for a, si in enumerate(rows):
        if sents[si].lang != "en":
            continue
        latin = text[sents[si].start : sents[si].end]
        for b, ti in enumerate(rows):
            if sents[ti].lang != "ar":
                continue
            arabic = text[sents[ti].start : sents[ti].end]
            if not _LENGTH_RATIO[0] <= len(arabic) / max(len(latin), 1) <= _LENGTH_RATIO[1]:
                continue
            score = float(sim[a, b]) + agreement(latin, arabic)
            if score >= THRESHOLD - _IN_STEP:
                scored.append((score, si, ti))

    joined: set[tuple[int, int]] = set()

    def in_step(si: int, ti: int) -> bool:
        s, t = ordinal[si], ordinal[ti]
        return any((s + d, t + d) in joined for d in (-2, -1, 1, 2))

    out: list[tuple[float, int, int]] = []
    used: set[int] = set()
    for bonus_round in (False, True):  # clear pairs first; they vouch for their neighbours
        cands = sorted(
            (
                (score + (_IN_STEP if bonus_round and in_step(si, ti) else 0.0), si, ti)
                for score, si, ti in scored
                if si not in used and ti not in used
            ),
            reverse=True,
        )
        best: dict[int, float] = {}
        for adj, si, ti in cands:
            best.setdefault(si, adj)
            best.setdefault(ti, adj)
        for adj, si, ti in cands:
            if adj < THRESHOLD or si in used or ti in used:
                continue
            if adj < best[si] or adj < best[ti]:
                continue  # not the best pair for one of them: another sentence translates it better
            used.update((si, ti))
            out.append((min(adj, 1.0), si, ti))
            joined.add((ordinal[si], ordinal[ti]))
    return out


def _projected(text: str, sent: Segment, src: list[Quote], score: float) -> Quote | None:
    """The statement of the translated sentence: its quotation, what follows the complementizer
    or the colon, or the whole sentence."""
    start, end, kind = _content(text, sent)
    if end - start < 3:
        return None
    first = max(src, key=lambda q: q.confidence)
    speaker = None
    if first.speaker is not None:
        speaker = Speaker(first.speaker.name, first.speaker.entity, None, "translation")
    if kind is None:
        # without quotation marks a translation reports the words: indirect speech
        kind = "according_to" if first.kind == "according_to" else "indirect"
    q = Quote(
        "",
        start,
        end,
        text[start:end],
        kind,
        sent.lang,
        speaker,
        None,
        round(min(first.confidence, score) * 0.8, 3),
        found_by="translation",
    )
    q.same_as = [x.id for x in src]  # the links back are made once q has its id (_renumber)
    q.same_as_scores = {x.id: round(min(score, 1.0), 3) for x in src}
    return q


def _content(text: str, sent: Segment) -> tuple[int, int, str | None]:
    """Span of what the sentence reports, and "direct" when that is a quotation (else None)."""
    s, e = sent.start, sent.end
    while e > s and text[e - 1] in " .،,؛;":
        e -= 1
    body = text[s:e]
    regions = [r for r in find_regions(body) if r.end - r.start >= 0.4 * len(body)]
    if regions:
        r = regions[0]
        return s + r.start, s + r.end, "direct"
    colon = body.find(":")
    if 0 < colon < 0.5 * len(body):
        c = colon + 1
        while c < len(body) and body[c].isspace():
            c += 1
        return s + c, e, None
    if sent.lang == "ar":
        pos = 0
        for k, w in enumerate(body.split()):
            at = body.find(w, pos)
            pos = at + len(w)
            if k >= 1 and k <= 12 and is_complementizer(norm(w)) and pos < 0.7 * len(body):
                c = pos
                while c < len(body) and body[c].isspace():
                    c += 1
                return s + c, e, None
    else:
        m = _EN_THAT.search(body)
        if m and m.end() < 0.7 * len(body):
            return s + m.end(), e, None
    return s, e, None


def _renumber(doc: Document, new: list[Quote]) -> None:
    """Insert the new quotes in text order, give every quote its id in that order, and link each
    new quote and its sources both ways."""
    fresh = {id(q) for q in new}
    doc.quotes = sorted([*doc.quotes, *new], key=lambda q: (q.start, q.end))
    mapping = {q.id: f"q{k}" for k, q in enumerate(doc.quotes, 1) if id(q) not in fresh}
    for k, q in enumerate(doc.quotes, 1):
        q.id = f"q{k}"
        q.same_as = [mapping.get(x, x) for x in q.same_as]
        q.same_as_scores = {mapping.get(x, x): v for x, v in q.same_as_scores.items()}
    by_id = {q.id: q for q in doc.quotes}
    for p in new:
        for src_id in p.same_as:
            src = by_id[src_id]
            if p.id not in src.same_as:
                src.same_as.append(p.id)
            src.same_as_scores[p.id] = p.same_as_scores[src_id]
