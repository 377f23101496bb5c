"""Paragraphs, sentences and the headline, with the language of each.

Sentence ends are found outside quotation regions only, so a quote of several sentences stays
in the sentence that introduces it. Paragraph breaks always end a sentence.
"""

from __future__ import annotations

import bisect

import regex

from qawl.document import Segment
from qawl.text.quotemarks import Region
from qawl.text.tokens import script_of

_SENT_END = regex.compile(
    # not after a one-letter abbreviation: «د. عبدالرحمن النامي» (doctor), «م. خالد» (engineer)
    r"(?<![.\d])(?<!(?:^|[\s.(])\p{Arabic}\.?)[.!?؟](?![.\d])(?=[\s\"”»)]|$)|(?<=[!?؟])\s"
    # «البواسل.فيقول»: a stop glued to the next sentence (a word of 3+ letters before it, so
    # «د.محمد» and «أ.د.» stay whole)
    r"|(?<=\p{Arabic}{3})[.](?=\p{Arabic})(?!(?:كوم|نت|أورغ|اورج)\b)"  # not «بيت.كوم»
)
_HEADLINE_MAX = 160


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, spaces trimmed."""
    out = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


class RegionIndex:
    """Which quotation region (if any) covers a position; O(log n) per lookup."""

    def __init__(self, regions: list[Region]):
        self.regions = regions
        self.starts = [r.start for r in regions]

    def covering(self, pos: int) -> Region | None:
        k = bisect.bisect_right(self.starts, pos) - 1
        if k >= 0 and self.regions[k].start <= pos < self.regions[k].end:
            return self.regions[k]
        return None

    def within(self, start: int, end: int) -> list[Region]:
        k = bisect.bisect_left(self.starts, start)
        out = []
        while k < len(self.regions) and self.regions[k].start < end:
            out.append(self.regions[k])
            k += 1
        return out


def _closed_by_stop(text: str, r: Region, e0: int) -> bool:
    """A quotation whose last sentence ends inside its marks («… 2015م .”»), with more text after
    it in the paragraph: the sentence that holds it ends with it."""
    if not r.closed or r.end >= e0:
        return False
    inner = text[r.start : r.end - 1].rstrip()
    return inner[-1:] in (".", "!", "?", "؟") and text[r.end : r.end + 1].isspace()


def sentences(text: str, para: tuple[int, int], index: RegionIndex) -> list[tuple[int, int]]:
    s0, e0 = para
    out = []
    cur = s0
    ends = [m.start() for m in _SENT_END.finditer(text, s0, e0)]
    # a quotation closed after its own full stop ends the sentence too (its end, a space)
    ends += [r.end for r in index.within(s0, e0) if _closed_by_stop(text, r, e0)]
    for p in sorted(ends):
        if index.covering(p) is not None or p < cur:
            continue
        end = p + 1 if text[p] in ".!?؟" else p
        if end - cur > 1:
            out.append((cur, end))
        cur = end
        while cur < e0 and text[cur].isspace():
            cur += 1
    if cur < e0:
        out.append((cur, e0))
    return out


def is_headline(text: str, para: tuple[int, int], is_first: bool, next_para: tuple[int, int] | None) -> bool:
    """The first line of an article is its headline when short and not a finished sentence."""
    s, e = para
    if not is_first or e - s > _HEADLINE_MAX or next_para is None:
        return False
    return text[e - 1] not in ".،,؛;"


def segment(text: str, regions: list[Region]) -> tuple[list[Segment], list[Segment]]:
    """(paragraph segments, sentence segments), each with its language."""
    index = RegionIndex(regions)
    paras = paragraphs(text)
    para_segs: list[Segment] = []
    sent_segs: list[Segment] = []
    for k, p in enumerate(paras):
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        lang = script_of(text[p[0] : p[1]])
        kind = "headline" if is_headline(text, p, k == 0, nxt) else "paragraph"
        para_segs.append(Segment(p[0], p[1], kind, lang))
        if kind == "headline":
            sent_segs.append(Segment(p[0], p[1], "headline", lang))
            continue
        sents = sentences(text, p, index)
        for s, e in sents:
            # a paragraph is usually one language: only split ones are measured again
            lang_s = lang if len(sents) == 1 else script_of(text[s:e])
            sent_segs.append(Segment(s, e, "sentence", lang_s))
    return para_segs, sent_segs
