"""Tokens with offsets into the source text.

Arabic clitics (و، ف، ب، ل، ك، ال) stay attached to their word, as in ANERcorp: the lexicons
and the NER model see the same units. Punctuation and quotation marks are tokens of their own.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

# a dot inside a word («3.5», «د.محمد», «بيت.كوم»), but not a full stop glued to the next sentence
# after a word of three letters or more («داعش.وقالت»: two tokens, as the segmenter splits them)
_INNER_DOT = r"\.(?!(?<=\p{Arabic}{3}\.)(?!(?:كوم|نت|أورغ|اورج)\b)\p{Arabic})"

# a word: letters/marks/digits with inner apostrophes, hyphens, tatweel or dots in numbers;
# anything else that is not space is a one-character token
# «د. عبدالرحمن», «أ.د. محمد», «م. خالد»: a one-letter title abbreviation keeps its dot (titles.tsv)
_TOKEN = regex.compile(
    # (no lookbehind needed: a match never starts inside a word the scan has already taken)
    r"(?:[أا]\.)?[دمأ]\.(?=\s)"
    r"|[\p{L}\p{M}\p{N}_\u0640]+(?:(?:['’\-]|" + _INNER_DOT + r")[\p{L}\p{M}\p{N}\u0640]+)*|@[\w.]+|\S"
)
_ARABIC = regex.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = regex.compile(r"[A-Za-z\u00C0-\u024F]")


class Token(NamedTuple):
    """A word or punctuation mark; a tuple because documents hold thousands (cheap to build)."""

    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] in "@_\u0640"

    @property
    def is_arabic(self) -> bool:
        # tokens are one script; the first letter decides, which is much cheaper than a regex
        c = self.text[0]
        return "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufeff"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def script_of(text: str) -> str:
    """'ar', 'en' (Latin script) or 'und', by counting letters."""
    if len(text) > 400:
        text = text[:200] + text[-200:]  # enough letters to decide, and cheap on long paragraphs
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    if ar == 0 and la == 0:
        return "und"
    return "ar" if ar >= la else "en"


_LATIN_WORD = regex.compile(r"(?<![@/.\w])[A-Za-z][a-z]+(?![@/.\w])")


def is_english_prose(text: str) -> bool:
    """English prose, not an e-mail address, a URL or a phone line («88591 - Stc»)."""
    return len(_LATIN_WORD.findall(text)) >= 4
