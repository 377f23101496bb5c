"""Quotation-mark regions: «…», “…”, „…“, "…", '…', across sentences and paragraphs.

Real articles are messy: a closing guillemet typed as an opener («لـ»مواقعنا»), a quote whose
opener was lost («: نعد برنامجا …»»), a multi-paragraph quote that reopens « on each paragraph
without closing the previous one, an opener never closed. Each case is handled so that a region
never runs past the end of its paragraph unless the next paragraph continues the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAIRS = {"«": "»", "“": "”", "„": "“", "‹": "›", "{": "}"}  # {…}: Qur'anic citations
MAX_REGION = 6000  # characters; longer "quotes" are typographic accidents
_MARK = re.compile("[«»“”„‹{\"']")  # every character that can open or close a region


@dataclass(frozen=True, slots=True)
class Region:
    start: int  # the opening mark (or the first quoted character when the opener is missing)
    end: int  # one past the closing mark (or the last quoted character when unclosed)
    closed: bool = True
    opened: bool = True

    @property
    def inner(self) -> tuple[int, int]:
        s = self.start + (1 if self.opened else 0)
        e = self.end - (1 if self.closed else 0)
        return s, e


def _paragraph_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "\u0640"


def find_regions(text: str) -> list[Region]:
    """All quotation-mark regions, sorted, not nested (inner marks belong to the outer region)."""
    regions: list[Region] = []
    n = len(text)
    i = 0
    while i < n:
        # jump to the next quotation mark: most characters are not one
        m = _MARK.search(text, i)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c in PAIRS or (c == "»" and _guillemet_used_as_opener(text, i)):
            r = _close_guillemet_like(text, i, "»" if c == "»" else PAIRS[c])
            regions.append(r)
            i = r.end
            continue
        if c == "»":
            r = _orphan_closer(text, i, regions)
            if r is not None:
                regions.append(r)
            i += 1
            continue
        if c == '"':
            r = _straight(text, i, '"')
            if r is not None:
                regions.append(r)
                i = r.end
                continue
        if (
            c == "'"
            and (i == 0 or not _is_word_char(text[i - 1]))
            and i + 1 < n
            and _is_word_char(text[i + 1])
        ):
            r = _straight(text, i, "'", max_len=300)
            if r is not None:
                regions.append(r)
                i = r.end
                continue
        i += 1
    return regions


def _guillemet_used_as_opener(text: str, i: int) -> bool:
    """»X… with a letter right after and a space, clitic or line start before: an opener typed wrong."""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev = text[i - 1] if i > 0 else " "
    return _is_word_char(nxt) and (prev.isspace() or prev in "ـ(" or prev in "لبوف")


def _close_guillemet_like(text: str, i: int, closer: str) -> Region:
    opener = text[i]
    depth = 0
    j = i + 1
    limit = min(len(text), i + MAX_REGION)
    para_end = _paragraph_end(text, i)
    while j < limit:
        c = text[j]
        if c == "\n" and j >= para_end:
            # a quote may continue into the next paragraph when that one opens with the same mark
            k = j
            while k < len(text) and text[k].isspace():
                k += 1
            if k < len(text) and text[k] == opener and depth == 0:
                para_end = _paragraph_end(text, k)
                j = k + 1
                continue
            break
        if c == opener and opener != closer:
            depth += 1
        elif c == closer:
            if depth == 0:
                return Region(i, j + 1)
            depth -= 1
        j += 1
    # unclosed: stop at the end of the paragraph, trailing spaces excluded
    end = min(j, para_end)
    while end > i + 1 and text[end - 1].isspace():
        end -= 1
    return Region(i, end, closed=False)


def _orphan_closer(text: str, i: int, regions: list[Region]) -> Region | None:
    """A » with no opener: the quote starts after the last colon earlier in the paragraph."""
    para_start = text.rfind("\n", 0, i) + 1
    floor = max(para_start, regions[-1].end if regions else 0)
    colon = text.rfind(":", floor, i)
    if colon < 0 or i - colon > 1500:
        return None
    s = colon + 1
    while s < i and text[s].isspace():
        s += 1
    if s >= i:
        return None
    return Region(s, i + 1, closed=True, opened=False)


def _straight(text: str, i: int, mark: str, max_len: int = MAX_REGION) -> Region | None:
    para_end = _paragraph_end(text, i)
    j = text.find(mark, i + 1, min(para_end, i + max_len))
    if mark == "'":
        # skip apostrophes inside words (don't, Shi'ite)
        while j > 0 and j + 1 < len(text) and _is_word_char(text[j + 1]) and _is_word_char(text[j - 1]):
            j = text.find(mark, j + 1, min(para_end, i + max_len))
    if j < 0:
        if mark == "'":
            return None
        # an unclosed straight quote: only when it plainly opens a quote (space before, text after)
        if i > 0 and not text[i - 1].isspace() and text[i - 1] not in ":(":
            return None
        end = para_end
        while end > i + 1 and text[end - 1].isspace():
            end -= 1
        return Region(i, end, closed=False) if end - i > 1 else None
    return Region(i, j + 1)
