"""Quotation-mark regions over the untouched text, for every common typography.

A region runs from an opening mark to its closing mark, both included. Curly (“ ”), straight
"), guillemets (« »), low-high („ “) and typewriter (``quote'' or ''quote'') marks are recognised. The newspaper convention for a
quotation that runs over several paragraphs (every paragraph opens with a mark, only the last
one closes) gives one region over all of them.
"""

from __future__ import annotations

OPEN_ONLY = "“«„"
CLOSE_ONLY = "”»"
STRAIGHT = '"'
OPENERS = OPEN_ONLY + STRAIGHT


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-empty lines of text[start:end]."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        pos = stop + 1
    return out


def _first_char(text: str, start: int, end: int) -> int:
    """Index of the first non-space character in text[start:end], or -1."""
    for i in range(start, end):
        if not text[i].isspace():
            return i
    return -1


def quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Quotation regions in ``text[start:end]`` as (start, end) with the marks included."""
    end = len(text) if end is None else end
    paras = _paragraphs(text, start, end)
    regions: list[tuple[int, int]] = []
    open_at: int | None = None  # start of the region being read
    for pi, (ps, pe) in enumerate(paras):
        i = ps
        if open_at is not None:
            # a continued quotation: this paragraph opens with a mark that is not a closer
            first = _first_char(text, ps, pe)
            if first >= 0 and text[first] in OPENERS:
                i = first + 1
            elif text.startswith(("''", "``"), first):
                i = first + 2
        while i < pe:
            ch = text[i]
            width = 1
            if text.startswith(("''", "``"), i):  # typewriter marks: ``quote'' or ''quote''
                ch, width = (STRAIGHT if text[i] == "'" else "“"), 2
            if open_at is None:
                if ch in OPEN_ONLY or (ch == STRAIGHT and _opens_straight(text, i + width - 1, ps, pe)):
                    open_at = i
            elif ch in CLOSE_ONLY or ch == STRAIGHT or (ch == "“" and _closes_curly(text, i, pe)):
                regions.append((open_at, i + width))
                open_at = None
            i += width
        if open_at is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            first = _first_char(text, nxt[0], nxt[1]) if nxt else -1
            if first >= 0 and (text[first] in OPENERS or text.startswith(("''", "``"), first)):
                continue  # the quotation goes on in the next paragraph
            # unterminated: close it at the end of its paragraph when it is long enough to be a quote
            if len(text[open_at:pe].split()) >= 3:
                regions.append((open_at, pe))
            open_at = None
    return [r for r in regions if r[1] - r[0] > 2]


def _opens_straight(text: str, i: int, ps: int, pe: int) -> bool:
    """A straight mark opens when the text after it is not space (it starts a word)."""
    return i + 1 < pe and not text[i + 1].isspace()


def _closes_curly(text: str, i: int, pe: int) -> bool:
    """A “ used as a closer (some typographies): followed by space, punctuation or the line end."""
    return i + 1 >= pe or text[i + 1].isspace() or text[i + 1] in ",.;:!?)"
