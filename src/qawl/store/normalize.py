"""Search keys: the normalised forms the archive stores next to names, titles and quote text.

The same function is applied to what is stored and to what a user types, so «إيمانويل ماكرون»,
«ايمانويل ماكرون» and «إيمانويـل مَاكرون» find each other, and "Macron" finds "MACRON". The keys
are part of the stored format: changing them needs a migration that recomputes the columns, which
is why the store keeps its own copy instead of following qawl.text.normalize as it evolves.
"""

from __future__ import annotations

import re
import unicodedata

from qawl.text.normalize import ARABIC_LETTER_FOLDS, EASTERN_DIGITS

# Arabic harakat, Quranic marks, superscript alef, tatweel, zero-width joiners and marks
_ARABIC_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u2066-\u2069\ufeff]"
)
_LETTERS = str.maketrans({**ARABIC_LETTER_FOLDS, "ـ": "", **EASTERN_DIGITS})  # + tatweel, digits
# words: letters, digits (any script); everything else separates words
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LATIN_COMBINING = re.compile("[\u0300-\u036f]")
# what needs Unicode decomposition: accented Latin letters, Arabic presentation forms, ligatures
_DECOMPOSABLE = re.compile("[\u00c0-\u024f\u1e00-\u1eff\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef]")


def normalize(text: str) -> str:
    """Search form of ``text``: Arabic diacritics and tatweel stripped, alef and hamza-seat forms
    unified (أإآٱ→ا, ؤ→و, ئ→ي), ى→ي, ة→ه, Latin accents removed and case folded, Arabic-Indic
    digits made ASCII, punctuation dropped, words joined by one space."""
    if not text:
        return ""
    t = _ARABIC_MARKS.sub("", text).translate(_LETTERS)
    if _DECOMPOSABLE.search(t):
        # strip Latin accents (é -> e) without touching Arabic letters: decompose, drop the
        # Latin combining marks, recompose
        t = unicodedata.normalize("NFC", _LATIN_COMBINING.sub("", unicodedata.normalize("NFKD", t)))
        t = _ARABIC_MARKS.sub("", t).translate(_LETTERS)
    return " ".join(_WORD.findall(t.casefold()))


def name_key(name: str) -> str:
    """Key of a person's or organisation's name (the same as :func:`normalize`)."""
    return normalize(name)


def affixes(key: str) -> list[str]:
    """Every proper whole-word prefix and suffix of a key: «a b c» -> [a, a b, c, b c]."""
    words = key.split()
    out: list[str] = []
    for i in range(1, len(words)):
        out.append(" ".join(words[:i]))
        out.append(" ".join(words[i:]))
    return out


def script(text: str) -> str:
    """'ar' when the text has Arabic letters, 'latin' when it has Latin letters, else 'other'."""
    for ch in text:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
            return "ar"
    if any(ch.isalpha() and ch.isascii() for ch in text) or any("\u00c0" <= ch <= "\u024f" for ch in text):
        return "latin"
    return "other"


def query_words(text: str) -> list[str]:
    """The normalised words of a full-text query."""
    return normalize(text).split()
