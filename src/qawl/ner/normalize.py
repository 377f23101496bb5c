"""Arabic name normalisation for matching: letters folded, clitics stripped.

Nothing here touches the source text: these functions return new strings used as keys
(gazetteer look-ups, model features, clustering of mentions).
"""

from __future__ import annotations

import functools

import regex

from qawl.text.normalize import ARABIC_LETTER_FOLDS

# diacritics (harakat, shadda, sukun, superscript alef, Quranic marks), tatweel, bidi marks
_STRIP = regex.compile(
    r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]"
)
_FOLD = str.maketrans({**ARABIC_LETTER_FOLDS, "گ": "ك", "ک": "ك", "ی": "ي"})  # + Persian letter forms
_ARABIC_LETTER = regex.compile(r"[\u0621-\u064A]")

# proclitic conjunctions and prepositions that attach to a name in news text
CONJ = ("و", "ف")
PREP = ("ب", "ل", "ك")


def fold(text: str) -> str:
    """Diacritics, tatweel and bidi marks removed; alef/yeh/teh-marbuta/hamza-seat variants folded."""
    return _STRIP.sub("", text).translate(_FOLD)


@functools.lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """:func:`fold` for single words, cached."""
    return fold(word)


def clean(text: str) -> str:
    """Diacritics, tatweel and bidi marks removed, letters kept as written."""
    return _STRIP.sub("", text)


@functools.lru_cache(maxsize=200_000)
def clitic_variants(word: str) -> tuple[str, ...]:
    """Folded ``word`` and the forms left after stripping leading و/ف, ب/ل/ك and ال.

    The first item is the folded word itself; later items are progressively shorter, never
    shorter than two letters. «وبالقاهرة» gives ('وبالقاهره', 'بالقاهره', 'القاهره', 'قاهره').
    «للقاهرة» (ل + القاهرة with its alef dropped) gives ('للقاهره', 'القاهره', 'قاهره').
    """
    w = fold(word)
    out = [w]
    if not _ARABIC_LETTER.match(w):
        return tuple(out)
    rest = w
    if len(rest) > 3 and rest[0] in CONJ:
        rest = rest[1:]
        out.append(rest)
    if len(rest) > 3 and rest.startswith("لل"):
        rest = "ال" + rest[2:]
        out.append(rest)
    elif len(rest) > 3 and rest[0] in PREP:
        rest = rest[1:]
        out.append(rest)
    if len(rest) > 3 and rest.startswith("ال"):
        out.append(rest[2:])
    return tuple(dict.fromkeys(out))


_HAMZA_ALEF = ("أ", "إ", "آ")


def _known(folded: str) -> bool:
    from qawl.ner.gazetteers import is_known_name

    return is_known_name(folded)


def strip_clitics(word: str) -> tuple[str, str]:
    """(prefix, rest) of a word as written: a leading و/ف and one of ب/ل/ك split off when safe.

    A letter is only split off when what follows cannot be a name's own first letter: the
    article (بالقاهرة, والرئيس), a hamza-alef (لأوكرانيا, وأوباما), or a rest that the shipped
    gazetteers know (وروسيا, لفرنسا, بغداد stays whole because «غداد» is no name). «لل» is ل +
    ال with the alef dropped; its rest is returned as written, starting «ل».
    """
    w = clean(word)
    i = 0
    if len(w) < 4 or _known(fold(w)):
        return "", w
    if w[0] in CONJ and _safe(w[1:]):
        i = 1
    rest = w[i:]
    if len(rest) >= 4 and rest.startswith("لل"):
        i += 1  # ل + ال with the alef dropped
    elif (
        len(rest) >= 4
        and rest[0] in PREP
        and (rest[1:].startswith("ال") or rest[1] in _HAMZA_ALEF or _known(fold(rest[1:])))
    ):
        i += 1
    return w[:i], w[i:]


def _safe(rest: str) -> bool:
    """Whether ``rest`` (a word after a و/ف) is plainly a word of its own."""
    if rest.startswith(("ال", "لل")) or rest[0] in _HAMZA_ALEF:
        return True
    if rest[0] in PREP and len(rest) >= 4 and (rest[1:].startswith("ال") or rest[1] in _HAMZA_ALEF):
        return True
    return _known(fold(rest)) or (rest[0] in PREP and len(rest) >= 4 and _known(fold(rest[1:])))


@functools.lru_cache(maxsize=100_000)
def canonical_name(text: str) -> str:
    """A key for clustering mentions of one name: «وللرئيس» and «الرئيس» meet, so do «بأوباما» and «أوباما».

    Diacritics, tatweel and bidi marks are removed; on the first word a leading و/ف and then
    ب/ل/ك are stripped where that is safe (see :func:`strip_clitics`; «لل» becomes «ال»); then
    letters are folded (أإآ->ا, ى->ي, ة->ه, ؤ->و, ئ->ي). The article ال is kept: «القاهرة» gives
    «القاهره». Latin text is lower-cased. Whitespace is collapsed.
    """
    words = clean(text).split()
    if not words:
        return ""
    first = words[0]
    if _ARABIC_LETTER.match(first):
        first = _unclitic(first)
    words[0] = first
    return " ".join(fold(w) if _ARABIC_LETTER.match(w) else w.lower() for w in words)


def _unclitic(word: str) -> str:
    prefix, rest = strip_clitics(word)
    if prefix.endswith("ل") and rest.startswith("ل") and not _known(fold(rest)):
        rest = "ا" + rest  # للرئيس -> الرئيس
    return rest


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Folded word without safe clitics (see :func:`strip_clitics`) and without the article ال."""
    r = fold(_unclitic(word))
    if r.startswith("ال") and len(r) > 4:
        r = r[2:]
    return r
