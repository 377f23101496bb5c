"""Do an Arabic-script name and a Latin-script name name the same thing? (ماكرون / Macron)

Two kinds of knowledge, both offline:

- a dictionary of 15,898 Arabic→English name pairs (``lang/translit/ar2en.tsv``, Google's
  transliteration data, Apache-2.0);
- consonant skeletons: both names reduced to classes of consonants (vowels, alif, waw and ya as
  vowels, h and ʿayn dropped; t/d, s/z/sh/th, k/q/c, f/v/ph, b/p merged), compared with at most
  one edit for longer names. «ماكرون» and "Macron" are both MKRN; «ليفيت» and "Leavitt" LFT.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_AR_CLASS = {
    "ب": "B",
    "پ": "B",
    "ت": "T",
    "ط": "T",
    "د": "T",
    "ض": "T",
    "ث": "S",
    "ذ": "S",
    "ظ": "S",
    "ج": "G",
    "غ": "G",
    "خ": "K",
    "ق": "K",
    "ك": "K",
    "گ": "G",
    "ر": "R",
    "ز": "S",
    "س": "S",
    "ص": "S",
    "ش": "S",
    "ف": "F",
    "ڤ": "F",
    "ل": "L",
    "م": "M",
    "ن": "N",
}
_AR_VOWELS = set("اأإآىيوؤئءةعحه") | {"\u0640"}
_AR_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
_LATIN_DIGRAPHS = [
    ("sch", "S"),
    ("tch", "S"),
    ("ck", "K"),
    ("ph", "F"),
    ("th", "T"),
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "K"),
    ("gh", "G"),
    ("dj", "G"),
    ("zh", "S"),
]
_LATIN_CLASS = {
    "b": "B",
    "p": "B",
    "t": "T",
    "d": "T",
    "s": "S",
    "z": "S",
    "k": "K",
    "q": "K",
    "g": "G",
    "j": "G",
    "f": "F",
    "v": "F",
    "r": "R",
    "l": "L",
    "m": "M",
    "n": "N",
    "x": "KS",
}
_AR_PREFIXES = ("وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORD_AR = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u0640\u064b-\u065f]+")
_WORD_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f'’-]+")


def is_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


@lru_cache(maxsize=1)
def dictionary() -> dict[str, frozenset[str]]:
    """Arabic form -> Latin forms (lower case)."""
    data = resources.files("qawl.lang.translit").joinpath("ar2en.tsv").read_text(encoding="utf-8")
    out: dict[str, frozenset[str]] = {}
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        ar, _, latin = line.partition("\t")
        out[ar] = frozenset(latin.split("|"))
    return out


def skeleton_ar(word: str) -> str:
    word = _AR_DIACRITICS.sub("", word)
    out = []
    for ch in word:
        cls = _AR_CLASS.get(ch)
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


def skeleton_latin(word: str) -> str:
    word = word.lower()
    out = []
    i = 0
    while i < len(word):
        cls = None
        for dig, c in _LATIN_DIGRAPHS:
            if word.startswith(dig, i):
                cls, i = c, i + len(dig)
                break
        if cls is None:
            ch = word[i]
            if ch == "c":
                cls = "S" if word[i + 1 : i + 2] in ("e", "i", "y") else "K"
            else:
                cls = _LATIN_CLASS.get(ch)
            i += 1
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


def _edit1(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = diff = 0
    while i < len(a) and j < len(b):
        if a[i] != b[j]:
            diff += 1
            if diff > 1:
                return False
            if len(a) == len(b):
                i += 1
            j += 1
        else:
            i += 1
            j += 1
    return diff + (len(b) - j) + (len(a) - i) <= 1


def _ar_variants(word: str) -> list[str]:
    word = _AR_DIACRITICS.sub("", word).replace("\u0640", "")
    out = [word]
    for p in _AR_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            out.append(word[len(p) :])
    return out


def words_match(ar_word: str, latin_word: str) -> bool:
    """One Arabic word and one Latin word are the same name."""
    latin = latin_word.lower().strip("'’-")
    if not latin:
        return False
    table = dictionary()
    lsk = skeleton_latin(latin)
    for v in _ar_variants(ar_word):
        forms = table.get(v)
        if forms and latin in forms:
            return True
        ask = skeleton_ar(v)
        if not ask or not lsk:
            continue
        if ask == lsk and len(ask) >= 2:
            return True
        if len(ask) >= 4 and len(lsk) >= 4 and _edit1(ask, lsk):
            return True
    return False


def names_match(ar_name: str, latin_name: str) -> float:
    """Share of the words of the shorter name that have a counterpart in the other name, in
    order (0 when the first word of the shorter one has none). 1.0: «كارولاين ليفيت» /
    "Karoline Leavitt", «ماكرون» / "Emmanuel Macron"."""
    ar_words = _WORD_AR.findall(ar_name)
    la_words = [w for w in _WORD_LATIN.findall(latin_name) if w.lower() not in ("the", "of", "al", "el")]
    if not ar_words or not la_words:
        return 0.0
    short, long_, ar_short = (
        (ar_words, la_words, True) if len(ar_words) <= len(la_words) else (la_words, ar_words, False)
    )
    hits = 0
    j = 0
    for w in short:
        for k in range(j, len(long_)):
            ok = words_match(w, long_[k]) if ar_short else words_match(long_[k], w)
            if ok:
                hits += 1
                j = k + 1
                break
    return hits / len(short)


def latin_names_in(ar_text: str, latin_names: list[str]) -> list[str]:
    """The Latin names whose every word has an Arabic counterpart somewhere in ``ar_text``."""
    ar_words = _WORD_AR.findall(ar_text)
    out = []
    for name in latin_names:
        words = [w for w in _WORD_LATIN.findall(name) if len(w) > 1]
        if words and all(any(words_match(a, w) for a in ar_words) for w in words):
            out.append(name)
    return out
