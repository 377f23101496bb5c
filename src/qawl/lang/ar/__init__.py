"""Arabic language data: cues, titles, organisation heads, word lists.

Everything is read from the data files beside this module once, normalised with
:func:`qawl.text.normalize.norm`, and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from qawl.text.normalize import norm


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True, slots=True)
class CueInfo:
    form: str
    lemma: str
    kind: str  # verb | participle | noun | passive | according
    gender: str | None  # m | f | None
    number: str  # sg | du | pl | -
    strength: float


def _cue_table(name: str) -> dict[str, CueInfo]:
    out: dict[str, CueInfo] = {}
    for ln in _lines(name):
        form, lemma, kind, gender, number, strength = ln.split("\t")
        info = CueInfo(form, lemma, kind, None if gender == "-" else gender, number, float(strength))
        out.setdefault(norm(form), info)
    return out


@cache
def cues() -> dict[str, CueInfo]:
    return _cue_table("cues.tsv")


@cache
def initial_cues() -> dict[str, CueInfo]:
    """Cue forms that are also nouns: cues only where a verb starts a clause (initial_cues.tsv)."""
    return _cue_table("initial_cues.tsv")


@cache
def clause_initial_cues() -> dict[str, CueInfo]:
    """Cue forms that are also prepositions: cues only first in their clause (clause_initial_cues.tsv)."""
    return _cue_table("clause_initial_cues.tsv")


@dataclass(frozen=True, slots=True)
class WordInfo:
    gender: str | None
    number: str
    kind: str


def _with_forms(out: dict[str, WordInfo], form: str, info: WordInfo, feminine: bool) -> None:
    """Add a head word with and without the article, and its feminine singular («اللاعبة»)."""
    n = norm(form)
    bare = n[2:] if n.startswith("ال") and len(n) > 4 else n
    for f in (bare, "ال" + bare):
        out.setdefault(f, info)
    if feminine and info.number == "sg" and info.gender == "m" and not bare.endswith(("ه", "ي", "ا")):
        fem = WordInfo("f", "sg", info.kind)
        for f in (bare + "ه", "ال" + bare + "ه"):
            out.setdefault(f, fem)


@cache
def titles() -> dict[str, WordInfo]:
    out: dict[str, WordInfo] = {}
    for ln in _lines("titles.tsv"):
        form, gender, number, kind = ln.split("\t")
        out.setdefault(norm(form), WordInfo(None if gender == "-" else gender, number, kind))
    definite = word_set("titles_definite.txt")
    for ln in _lines("titles.tsv"):
        form, gender, number, kind = ln.split("\t")
        if " " not in form and norm(form) not in definite:
            _with_forms(out, form, WordInfo(None if gender == "-" else gender, number, kind), feminine=True)
    return out


@cache
def org_heads() -> dict[str, WordInfo]:
    out: dict[str, WordInfo] = {}
    rows = [(ln.split("\t") + ["org"])[:4] for ln in _lines("org_heads.tsv")]
    for form, gender, number, kind in rows:
        out.setdefault(norm(form), WordInfo(gender, number, kind))
    for form, gender, number, kind in rows:
        _with_forms(out, form, WordInfo(gender, number, kind), feminine=False)
    return out


@cache
def complementizers() -> frozenset[str]:
    return frozenset(norm(ln.split("\t")[0]) for ln in _lines("complementizers.tsv"))


@cache
def not_complementizer_before() -> frozenset[str]:
    return frozenset(norm(ln) for ln in _lines("not_complementizer_before.txt"))


@cache
def clause_breaks() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(norm(w) for w in ln.split()) for ln in _lines("clause_breaks.txt"))


@cache
def common_words() -> frozenset[str]:
    return frozenset(_lines("vocab/common_words.txt"))


@cache
def person_names() -> frozenset[str]:
    return frozenset(_lines("vocab/person_names.txt"))


@cache
def raw_lines(name: str) -> tuple[str, ...]:
    """A list in this folder as written (not normalised: «فان» and «فإن» differ)."""
    return tuple(ln.strip() for ln in _lines(name))


@cache
def word_set(name: str) -> frozenset[str]:
    """Any one-word-per-line list in this folder, normalised."""
    return frozenset(norm(ln) for ln in _lines(name))


@cache
def given_names_raw() -> frozenset[str]:
    """Names whose normalised form collides with a common word; matched on the raw spelling."""
    return frozenset(_lines("vocab/given_names_raw.txt"))


@cache
def place_heads() -> dict[str, str]:
    """Head nouns of place names, normalised -> GPE or LOC (place_heads.tsv)."""
    out = {}
    for ln in _lines("place_heads.tsv"):
        form, type_ = ln.split("\t")
        out[norm(form)] = type_
    return out
