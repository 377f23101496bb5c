"""Readers for the NER training and test corpora in ../shared/data (used by training and bench only).

Every reader returns sentences as ``(tokens, tags)`` with coarse BIO tags: PER, ORG, LOC, MISC
(ANERcorp's types; NewsFANE and Wojood mapped onto them) and, from Wojood only, OCC.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from qawl.ner.evaluate import bio_spans

Sentence = tuple[list[str], list[str]]

# ANERcorp sentences 3927..4871 (split at "." tokens) are the CAMeL Lab test block:
# see ../shared/data/anercorp/TRAIN_SPLIT.md
CAMEL_TEST_FIRST = 3927

_ANER = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}

# NewsFANE Gold's 50 fine types -> coarse; anything absent maps to O
# (Group = nationalities and peoples, «الصينيون», which ANERcorp leaves O or MISC)
NEWSFANE_COARSE = {
    **dict.fromkeys(
        [
            "Politician",
            "Athlete",
            "Artist",
            "Other_PER",
            "Religious_PER",
            "Scientist",
            "Businessperson",
            "Lawyer",
            "Engineer",
            "Police",
        ],
        "PER",
    ),
    **dict.fromkeys(
        [
            "Non-Governmental",
            "Sports",
            "Government",
            "Media",
            "Commercial",
            "Educational",
            "Medical-Science",
            "Entertainment",
            "Religious_ORG",
        ],
        "ORG",
    ),
    **dict.fromkeys(
        [
            "Nation",
            "Population-Center",
            "State-or-Province",
            "GPE-Cluster",
            "County-or-District",
            "Continent",
            "Water-Body",
            "Land",
            "Land-Region-Natural",
            "Celestial",
            "Water",
            "Path",
            "Building-Grounds",
            "Airport",
            "Subarea-Facility",
        ],
        "LOC",
    ),
    **dict.fromkeys(["Book", "Movie", "Software", "Hardware"], "MISC"),
}

# Wojood types -> coarse (outermost mapped layer wins; OCC only in the title layer)
WOJOOD_COARSE = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def _map_bio(tags: list[str], mapping: dict[str, str]) -> list[str]:
    out: list[str] = []
    prev = "O"
    for t in tags:
        if t == "O" or "-" not in t:
            out.append("O")
            prev = "O"
            continue
        bio, typ = t.split("-", 1)
        c = mapping.get(typ)
        if c is None:
            out.append("O")
            prev = "O"
            continue
        if bio == "I" and prev == c:
            out.append("I-" + c)
        else:
            out.append("B-" + c)
        prev = c
    return out


def read_anercorp_original(path: str | Path) -> list[Sentence]:
    """``original/ANERCorp`` split into sentences at each "." token, lines with no token skipped."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\r\n").split()
            if len(parts) < 2:
                continue
            toks.append(parts[0])
            tags.append(parts[-1])
            if parts[0] == ".":
                sents.append((toks, _map_bio(tags, _ANER)))
                toks, tags = [], []
    if toks:
        sents.append((toks, _map_bio(tags, _ANER)))
    return sents


def read_conll(path: str | Path, mapping: dict[str, str] | None = None) -> list[Sentence]:
    """Two-column ``token TAG`` with blank lines between sentences (the CAMeL test split)."""
    mapping = _ANER if mapping is None else mapping
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            parts = line.replace("\u200e", "").rstrip("\r\n").split()
            if not parts:
                if toks:
                    sents.append((toks, _map_bio(tags, mapping)))
                    toks, tags = [], []
                continue
            if len(parts) < 2:
                continue
            toks.append(parts[0])
            tags.append(parts[-1])
    if toks:
        sents.append((toks, _map_bio(tags, mapping)))
    return sents


def read_newsfane(path: str | Path) -> list[Sentence]:
    """NewsFANE Gold (BOM and LRM marks stripped) with fine types mapped to coarse ones."""
    return read_conll(path, NEWSFANE_COARSE)


def _layers(rows: list[list[str]]) -> list[tuple[str, int, int]]:
    """All (type, start, end) spans over every tag column of a Wojood sentence."""
    spans: list[tuple[str, int, int]] = []
    ncol = max(len(r) for r in rows)
    for col in range(1, ncol):
        spans += bio_spans([r[col] if col < len(r) else "O" for r in rows])
    return spans


def _outermost(spans: Iterable[tuple[str, int, int]], n: int) -> list[str]:
    tags = ["O"] * n
    for typ, s, e in sorted(set(spans), key=lambda x: (-(x[2] - x[1]), x[1])):
        if all(t == "O" for t in tags[s:e]):
            tags[s] = "B-" + typ
            for i in range(s + 1, e):
                tags[i] = "I-" + typ
    return tags


def read_wojood(path: str | Path, occ: bool = False) -> list[Sentence]:
    """Wojood sample flattened: for each token the outermost span of a mapped type.

    PERS->PER, ORG->ORG, GPE/LOC/FAC->LOC; other types are dropped (their inner spans of mapped
    types are kept: «وزير خارجية فرنسا» as OCC keeps فرنسا as LOC). With ``occ=True`` the tags
    are the outermost OCC spans only (titles and roles), for the title model.
    """
    sents: list[Sentence] = []
    rows: list[list[str]] = []
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().splitlines() + [""]
    for line in lines:
        parts = line.split()
        if parts:
            if len(parts) >= 2:
                rows.append(parts)
            continue
        if not rows:
            continue
        spans = _layers(rows)
        if occ:
            chosen = [("OCC", s, e) for t, s, e in spans if t == "OCC"]
        else:
            chosen = [(WOJOOD_COARSE[t], s, e) for t, s, e in spans if t in WOJOOD_COARSE]
        sents.append(([r[0] for r in rows], _outermost(chosen, len(rows))))
        rows = []
    return sents


def _letters(tokens: list[str]) -> str:
    from qawl.ner.normalize import fold

    return "".join(c for c in fold("".join(tokens)) if "\u0621" <= c <= "\u064a")


def align_newsfane(newsfane: list[Sentence], anercorp: list[Sentence]) -> list[int]:
    """For each NewsFANE sentence, the index of the ANERcorp sentence it comes from.

    NewsFANE holds the ANERcorp text in another document order and tokenisation (clitics split
    off), so each sentence's letters are looked up in ANERcorp's letter stream. Sentences that
    cannot be found (short ones, re-typed ones: about 7%) take the index next to their
    neighbours' (documents are contiguous runs in both corpora).
    """
    import bisect

    offsets: list[int] = []
    parts: list[str] = []
    pos = 0
    for toks, _ in anercorp:
        offsets.append(pos)
        lt = _letters(toks)
        parts.append(lt)
        pos += len(lt)
    stream = "".join(parts)
    found: list[int | None] = []
    for toks, _ in newsfane:
        lt = _letters(toks)
        at = stream.find(lt) if len(lt) >= 10 else -1
        if at < 0 and len(lt) >= 40:
            at = stream.find(lt[:40])
        found.append(bisect.bisect_right(offsets, at) - 1 if at >= 0 else None)
    out: list[int] = []
    for i, f in enumerate(found):
        if f is not None:
            out.append(f)
            continue
        prev = next((found[j] for j in range(i - 1, -1, -1) if found[j] is not None), None)
        nxt = next((found[j] for j in range(i + 1, len(found)) if found[j] is not None), None)
        guess = [g for g in (prev, nxt) if g is not None]
        # the nearer neighbour, but the later one when they disagree: a sentence between the
        # last training sentence and the first test sentence counts as test (excluded)
        out.append(max(guess) if guess else len(anercorp))
    return out
