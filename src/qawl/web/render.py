"""View models for the pages: an annotated article, speaker colours, a timeline.

Everything here produces plain data (strings, numbers, lists); the templates escape it. No
HTML is built in Python, so no string from an article can become markup.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Light backgrounds with a darker border of the same hue; dark text stays readable on all.
PALETTE = (
    ("#fde2e2", "#c0392b"),
    ("#dbeafe", "#1d4ed8"),
    ("#dcfce7", "#15803d"),
    ("#fef3c7", "#b45309"),
    ("#ede9fe", "#6d28d9"),
    ("#cffafe", "#0e7490"),
    ("#fce7f3", "#be185d"),
    ("#e0e7ff", "#4338ca"),
    ("#ecfccb", "#4d7c0f"),
    ("#ffedd5", "#c2410c"),
    ("#f1f5f9", "#334155"),
    ("#d1fae5", "#047857"),
)
UNKNOWN_COLOUR = ("#eeeeee", "#6b7280")

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")


def speaker_key(name: str | None) -> str:
    """A spelling-tolerant key: the same speaker gets the same colour on every page."""
    if not name:
        return ""
    key = _DIACRITICS.sub("", name).strip().lower()
    key = re.sub("[إأآٱ]", "ا", key)
    key = key.replace("ة", "ه").replace("ى", "ي")
    return re.sub(r"\s+", " ", key)


def colour_for(name: str | None) -> tuple[str, str]:
    key = speaker_key(name)
    if not key:
        return UNKNOWN_COLOUR
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def script_of(text: str) -> str:
    """'ar' when Arabic letters dominate, 'en' when Latin ones do, else 'und'."""
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    if ar == 0 and la == 0:
        return "und"
    return "ar" if ar >= la else "en"


def dir_of(lang: str | None) -> str:
    return "rtl" if lang == "ar" else ("ltr" if lang == "en" else "auto")


@dataclass(slots=True)
class Piece:
    text: str
    classes: list[str] = field(default_factory=list)
    title: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    href: str | None = None


@dataclass(slots=True)
class Block:
    """A run of text inside one paragraph: either inside one quote or outside every quote."""

    pieces: list[Piece]
    quote: dict[str, Any] | None = None  # the quote view (see quote_view) when inside one
    first: bool = False  # the first block of its quote: carries the anchor id and the label


@dataclass(slots=True)
class Paragraph:
    blocks: list[Block]
    lang: str
    dir: str


def _speaker_name(q: dict[str, Any]) -> str | None:
    sp = q.get("speaker")
    if isinstance(sp, dict):
        return sp.get("name") or None
    if isinstance(sp, str):
        return sp or None
    return None


def quote_view(q: dict[str, Any], speaker_href: str | None = None) -> dict[str, Any]:
    name = _speaker_name(q)
    bg, fg = colour_for(name)
    cue = q.get("cue") or None
    same_as = [str(x) for x in (q.get("same_as") or [])]
    return {
        "id": str(q.get("id", "")),
        "anchor": "q-" + str(q.get("id", "")),
        "start": int(q.get("start", 0)),
        "end": int(q.get("end", 0)),
        "text": q.get("text") or "",
        "kind": q.get("kind") or "direct",
        "lang": q.get("lang") or "und",
        "dir": dir_of(q.get("lang")),
        "speaker": name,
        "speaker_href": speaker_href,
        "cue": cue.get("text") if isinstance(cue, dict) else None,
        "confidence": q.get("confidence"),
        "same_as": same_as,
        "bg": bg,
        "fg": fg,
    }


def annotate(
    text: str,
    doc: dict[str, Any],
    speaker_links: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Split ``text`` into paragraphs of blocks of pieces, each carrying its annotations.

    ``doc`` is a FORMAT.md document (``Document.to_dict()``). Spans may overlap in any way:
    the text is cut at every span boundary and each piece lists what covers it; quotes are
    the outer level (a later quote that overlaps an earlier one is clipped).
    ``speaker_links`` maps a speaker name to its page, when the archive knows it.
    """
    speaker_links = speaker_links or {}
    n = len(text)
    quotes_in = sorted(
        (q for q in doc.get("quotes") or [] if isinstance(q, dict)),
        key=lambda q: (int(q.get("start", 0)), -int(q.get("end", 0))),
    )
    quotes = [quote_view(q, speaker_links.get(_speaker_name(q) or "")) for q in quotes_in]
    by_id = {q["id"]: q for q in quotes}
    # same_as goes both ways even when the extractor wrote only one direction
    for q in quotes:
        for other in q["same_as"]:
            o = by_id.get(other)
            if o is not None and q["id"] not in o["same_as"]:
                o["same_as"].append(q["id"])

    # outer intervals: quotes, clipped so they do not overlap
    outer: list[tuple[int, int, dict[str, Any]]] = []
    last_end = 0
    for q in quotes:
        s, e = max(0, min(q["start"], n)), max(0, min(q["end"], n))
        s = max(s, last_end)
        if e > s:
            outer.append((s, e, q))
            last_end = e

    # inner annotations
    inner: list[tuple[int, int, str, str | None, dict[str, str], str | None]] = []
    entities = [e for e in doc.get("entities") or [] if isinstance(e, dict)]
    for ent in entities:
        etype = str(ent.get("type") or "MISC")
        name = str(ent.get("name") or "")
        titles = [str(t) for t in ent.get("titles") or []]
        label = f"{etype}: {name}" + (f" ({'، '.join(titles)})" if titles else "")
        href = speaker_links.get(name) if etype == "PER" else None
        for m in ent.get("mentions") or []:
            if isinstance(m, dict):
                inner.append(
                    (
                        int(m.get("start", 0)),
                        int(m.get("end", 0)),
                        f"ent ent-{etype.lower()}",
                        label,
                        {"entity": str(ent.get("id", "")), "etype": etype},
                        href,
                    )
                )
    for d in doc.get("dates") or []:
        if isinstance(d, dict):
            value = d.get("value")
            inner.append(
                (
                    int(d.get("start", 0)),
                    int(d.get("end", 0)),
                    "date",
                    str(value or "?"),
                    {"value": str(value or "")},
                    None,
                )
            )
    for q in quotes:
        src = next((x for x in quotes_in if str(x.get("id", "")) == q["id"]), None) or {}
        cue = src.get("cue")
        if isinstance(cue, dict):
            label = f"{q['speaker'] or '?'} · {q['kind']}"
            inner.append(
                (int(cue.get("start", 0)), int(cue.get("end", 0)), "cue", label, {"quote": q["id"]}, None)
            )

    cuts = {0, n}
    for s, e, *_ in outer:
        cuts.update((s, e))
    for s, e, *_ in inner:
        if 0 <= s < e <= n:
            cuts.update((s, e))
    for i, ch in enumerate(text):
        if ch == "\n":
            cuts.update((i, i + 1))
    points = sorted(cuts)

    def quote_at(pos: int) -> dict[str, Any] | None:
        for s, e, q in outer:
            if s <= pos < e:
                return q
        return None

    paragraphs: list[Paragraph] = []
    blocks: list[Block] = []
    seen_quotes: set[str] = set()

    def close_paragraph(start: int, end: int) -> None:
        nonlocal blocks
        if any(p.text.strip() for b in blocks for p in b.pieces):
            lang = script_of(text[start:end])
            paragraphs.append(Paragraph(blocks, lang, dir_of(lang)))
        blocks = []

    para_start = 0
    for a, b in zip(points, points[1:], strict=False):
        chunk = text[a:b]
        if chunk == "\n":
            close_paragraph(para_start, a)
            para_start = b
            continue
        covering = [x for x in inner if x[0] <= a and b <= x[1] and x[0] < x[1]]
        piece = Piece(chunk)
        for _s, _e, cls, title, data, href in covering:
            piece.classes.extend(cls.split())
            if title and piece.title is None:
                piece.title = title
            piece.data.update(data)
            if href and piece.href is None:
                piece.href = href
        q = quote_at(a)
        if blocks and blocks[-1].quote is q:
            blocks[-1].pieces.append(piece)
        else:
            first = q is not None and q["id"] not in seen_quotes
            if q is not None:
                seen_quotes.add(q["id"])
            blocks.append(Block([piece], q, first))
    close_paragraph(para_start, n)

    speakers: dict[str, dict[str, Any]] = {}
    for q in quotes:
        key = q["speaker"] or ""
        s = speakers.setdefault(
            key,
            {"name": q["speaker"], "bg": q["bg"], "fg": q["fg"], "count": 0, "href": q["speaker_href"]},
        )
        s["count"] += 1
    return {
        "paragraphs": paragraphs,
        "quotes": quotes,
        "speakers": sorted(speakers.values(), key=lambda s: -s["count"]),
        "entities": entities,
        "dates": [d for d in doc.get("dates") or [] if isinstance(d, dict)],
        "lang": doc.get("lang") or script_of(text),
        "dir": dir_of(doc.get("lang") or script_of(text)),
    }


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def timeline(
    days: list[dict[str, Any]], width: int = 720, height: int = 170, pad: int = 40
) -> dict[str, Any]:
    """Bars for an SVG timeline drawn by the template: one bar per day, its height the number
    of statements that day. ``days``: dicts with ``date`` (ISO) and ``quotes`` (a count), and
    optionally ``href``. Undated entries are counted apart (``undated``)."""
    dated = [
        (d, int(it.get("quotes") or 0), it) for it in days if (d := _as_date(it.get("date"))) is not None
    ]
    undated = sum(int(it.get("quotes") or 0) for it in days if _as_date(it.get("date")) is None)
    out: dict[str, Any] = {
        "width": width,
        "height": height,
        "bars": [],
        "ticks": [],
        "count": 0,
        "undated": undated,
    }
    if not dated:
        return out
    dated.sort(key=lambda x: x[0])
    first, last = dated[0][0], dated[-1][0]
    span = max((last - first).days, 1)
    axis_y = height - pad + 10
    top = 14
    usable = width - 2 * pad
    peak = max(n for _, n, _ in dated) or 1
    bar_w = max(3.0, min(18.0, usable / (span + 1) * 0.7))

    def x_of(d: date) -> float:
        return pad + usable / 2 if first == last else pad + usable * (d - first).days / span

    for d, n, it in dated:
        h = max(4.0, (axis_y - top) * n / peak)
        out["bars"].append(
            {
                "x": round(x_of(d) - bar_w / 2, 1),
                "y": round(axis_y - h, 1),
                "w": round(bar_w, 1),
                "h": round(h, 1),
                "date": d.isoformat(),
                "count": n,
                "href": it.get("href"),
            }
        )
        out["count"] += n
    ticks = [first] if first == last else [first, last]
    if span > 30:
        months, y, m = [], first.year, first.month
        while (y, m) <= (last.year, last.month):
            if first < date(y, m, 1) < last:
                months.append(date(y, m, 1))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        stride = max(1, len(months) // 5)
        ticks = [first, *months[::stride], last]
    placed: list[dict[str, Any]] = []
    for d in ticks:
        x = round(x_of(d), 1)
        if placed and x - placed[-1]["x"] < 90:  # labels would overlap: the last date wins
            if d == last and len(placed) > 1:
                placed.pop()
            else:
                continue
        placed.append({"x": x, "label": d.isoformat()})
    out["ticks"] = placed
    out["axis_y"] = axis_y
    out["x0"], out["x1"] = pad, width - pad
    out["first"], out["last"] = first.isoformat(), last.isoformat()
    out["peak"] = peak
    return out
