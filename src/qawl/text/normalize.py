"""Arabic normalisation for matching. It returns new strings and never edits the source text:
callers look words up with the normalised form and keep the offsets of the original."""

from __future__ import annotations

import re
from functools import lru_cache

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
# the letter folds every Arabic matching key in qawl shares (lexicons, NER features, archive keys)
ARABIC_LETTER_FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
EASTERN_DIGITS = {a: str(i) for i, a in enumerate("٠١٢٣٤٥٦٧٨٩")}
_LETTERS = str.maketrans(ARABIC_LETTER_FOLDS)
_NUMERALS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@lru_cache(maxsize=262144)  # words repeat a lot; the cache makes this nearly free
def norm(word: str) -> str:
    """Strip diacritics and tatweel, unify alef/yeh/teh-marbuta/hamza seats, lower-case Latin."""
    return _DIACRITICS.sub("", word).translate(_LETTERS).translate(_NUMERALS).lower()


def strip_diacritics(word: str) -> str:
    return _DIACRITICS.sub("", word)


# single-letter proclitics, in the order they stack: conjunction, then preposition
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


def proclitic_variants(word: str) -> list[str]:
    """The normalised word and what remains after stripping plausible proclitics.

    «وبالرئيس» -> [وبالرئيس, بالرئيس, الرئيس]; «للرئيس» -> [للرئيس, الرئيس]. Only words that keep
    at least two letters are returned, so short words are not stripped into nonsense.
    """
    w = norm(word)
    out = [w]
    rest = w
    if len(rest) > 3 and rest[0] in _CONJ:
        rest = rest[1:]
        out.append(rest)
    if len(rest) > 3 and rest[0] in _PREP:
        stem = rest[1:]
        # «لل» is ل + ال with the alef dropped
        if rest[0] == "ل" and stem.startswith("ل"):
            out.append("ا" + stem)
        else:
            out.append(stem)
    return out


def strip_article(word: str) -> str:
    """«الرئيس» -> «رئيس» (normalised input)."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word
