"""The dates stage: date expressions in Arabic and English text, resolved to calendar days.

Spans always point into the untouched text (``text[d.start:d.end] == d.text``). The patterns
accept every spelling of a letter (hamza forms, ى/ي, ة/ه; Eastern Arabic digits are digits);
diacritics, tatweel and bidi marks are removed from a copy, with an offset map back, only when
the text has any (folding all of 4 KB costs more than finding the dates in it). All words come
from the data files in ``qawl/lang/{ar,en}/dates/``, compiled once, at first use, into tries: a
cheap pattern finds where a date can start (a first word after a space or punctuation, a number),
and the full pattern is tried only there.

Resolution, against the publication date (or, without one, the latest full date in the text):

- a bare weekday («الثلاثاء», "Tuesday") is the most recent such day on or before publication;
  with «الماضي»/"last" strictly before, with «المقبل»/"next" strictly after;
- «أمس» = -1, «أول من أمس» = -2, «اليوم» = 0, «غداً» = +1, «بعد غد» = +2; combined with a weekday
  («أمس الأحد») it is one mention, and when the two disagree the weekday wins, looked for in the
  relative word's direction (a paper's «أمس» is often the day before a reprint's date);
- a day and month without a year take the year that puts them nearest the publication date, a
  day after it counting three times (news mostly reports the past);
- Hijri dates are converted with ``hijridate``; numeric dates are day/month/year unless only
  month/day/year is a valid date; years 1343-1500 in a numeric date are read as Hijri.

Not day dates, so skipped: a year alone («عام 2015م»), a month and year («نوفمبر 2025»).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from hijridate import Gregorian, Hijri

from qawl.document import DateMention

# --- spelling: variants matched by the patterns, marks removed from a copy, words folded to look up

_MARKS = "[\u064b-\u065f\u0670\u0640]"  # harakat, dagger alef, tatweel
_DELETE = re.compile(f"{_MARKS}|[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_TRAILING_MARKS = re.compile(f"{_MARKS}+")
_FOLD = {ord(c): "ا" for c in "أإآٱ"}
_FOLD.update({ord("ى"): "ي", ord("ة"): "ه"})
_FOLD_TABLE = str.maketrans(_FOLD)
_VARIANTS = {"ا": "[اأإآٱ]", "ي": "[يى]", "ه": "[هة]"}


def _fold_word(word: str) -> str:
    """One spelling per word: no diacritics or tatweel, bare alef, ي for ى, ه for ة."""
    return _DELETE.sub("", word).translate(_FOLD_TABLE)


def _char(ch: str) -> str:
    """The pattern for one letter of a folded lexicon word, matching all its spellings."""
    if ch == " ":
        return r"\s+"
    return _VARIANTS.get(ch) or re.escape(ch)


class _Unmarked:
    """The text without diacritics, tatweel and bidi marks, and the way back to source offsets.

    Letters keep their spelling (the patterns match every variant) and the copy is made only when
    there is something to delete, so most of the cost of normalising is avoided.
    """

    __slots__ = ("source", "text", "_shift")

    def __init__(self, source: str) -> None:
        self.source = source
        gone = [m.start() for m in _DELETE.finditer(source)]
        # index i of the copy is index i + #{k : gone[k] - k <= i} of the source
        self._shift = [p - k for k, p in enumerate(gone)]
        self.text = _DELETE.sub("", source) if gone else source

    def start(self, i: int) -> int:
        return i + bisect.bisect_right(self._shift, i) if self._shift else i

    def end(self, i: int) -> int:
        """Source end of a span ending at index i of the copy, the last letter's marks included."""
        if not self._shift:
            return i
        j = self.start(i - 1) + 1
        m = _TRAILING_MARKS.match(self.source, j)
        return m.end() if m else j


# --- lexicon: data files to two compiled patterns ------------------------------------------


def _rows(lang: str, name: str) -> list[list[str]]:
    path = files("qawl") / "lang" / lang / "dates" / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def _trie(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, with shared prefixes factored out."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root) if root else "(?!)"


def _emit(node: dict) -> str:
    branches = [_char(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in node:  # a word may end here: the longer words are tried first (greedy ?)
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


def _ar_words(words: list[str]) -> str:
    """Arabic words; a word with the article also in its «لل» form after the clitic ل (للأحد)."""
    stems = [w[2:] for w in words if w.startswith("ال")]
    return f"(?:{_trie(words)}|(?<=ل)ل{_trie(stems)})" if stems else _trie(words)


def _first_words(phrases: list[str]) -> list[str]:
    """First words of Arabic phrases with the clitics they can take («وأمس», «بالأمس», «للأحد»)."""
    out = set()
    for phrase in phrases:
        w = phrase.split()[0]
        for conj in ("", "و", "ف"):
            out.add(conj + w)
            if w.startswith("ال"):
                out.update((conj + "ب" + w, conj + "ك" + w, conj + "ل" + w[1:]))
    return sorted(out)


def _cased(words: list[str]) -> list[str]:
    return [f for w in words for f in (w, w.upper())]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    candidates: re.Pattern[str]  # where a date may start: a non-word character, then a first word
    pattern: re.Pattern[str]  # a whole date expression, matched at a candidate
    months: dict[str, tuple[int, str]]  # folded name -> (month, calendar)
    weekdays: dict[str, int]  # folded or lower-cased name -> weekday
    relative: dict[str, int]
    ambiguous: frozenset[str]
    modifiers: dict[str, int]
    ordinals: dict[str, int]
    not_after: dict[str, frozenset[str]]  # date word -> words that must not come just before it
    not_before: dict[str, frozenset[str]]  # date word -> words that must not come just after it


_CLITIC = r"[وف]?(?:[بك](?=ال)|ل(?=ل))?"
_ERA = _trie([_fold_word(w) for w in ("هـ", "ه", "هجري", "هجرية", "م", "ميلادي", "ميلادية")])
_YEAR_WORD = _trie([_fold_word(w) for w in ("عام", "العام", "سنة")])
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"


def _year(group: str, era_group: str) -> str:
    """A four-digit year, optionally followed by its era («1436هـ», «2015 م»)."""
    return rf"(?P<{group}>\d{{4}})(?!\d)(?:\s*(?P<{era_group}>{_ERA})(?!\w))?"


@cache
def _lexicon() -> _Lexicon:
    """Read the data files and compile the finder once per process."""
    months: dict[str, tuple[int, str]] = {}
    for name, num, cal in _rows("ar", "months.tsv"):
        months[_fold_word(name)] = (int(num), cal)
    en_months: dict[str, int] = {}
    for row in _rows("en", "months.tsv"):
        en_months[row[0].lower()] = int(row[1])
        if row[2:] == ["abbr"]:
            en_months[row[0].lower() + "."] = int(row[1])
    weekdays = {_fold_word(w): int(n) for w, n in _rows("ar", "weekdays.tsv")}
    en_weekdays = {w.lower(): int(n) for w, n in _rows("en", "weekdays.tsv")}
    relative = {_fold_word(r[0]): int(r[1]) for r in _rows("ar", "relative.tsv")}
    ambiguous = frozenset(_fold_word(r[0]) for r in _rows("ar", "relative.tsv") if r[2:] == ["ambiguous"])
    en_relative = {r[0].lower(): int(r[1]) for r in _rows("en", "relative.tsv")}
    modifiers = {_fold_word(w): int(n) for w, n in _rows("ar", "modifiers.tsv")}
    en_modifiers = {w.lower(): int(n) for w, n in _rows("en", "modifiers.tsv")}
    ordinals = {_fold_word(w): int(n) for w, n in _rows("ar", "ordinals.tsv")}
    prefixes = [_fold_word(w[0]) for w in _rows("ar", "prefixes.txt")]
    not_after: dict[str, set[str]] = {}
    not_before: dict[str, set[str]] = {}
    for lang in ("ar", "en"):
        for side, word, target in _rows(lang, "false_friends.tsv"):
            table = not_after if side == "before" else not_before
            table.setdefault(_key(target), set()).add(_key(word))

    ar_month = _trie(list(months))
    ar_wd = _ar_words(list(weekdays))
    ar_mod = _trie(list(modifiers))
    en_month = _trie(_cased([m.capitalize() for m in en_months]))
    en_wd = _trie(_cased([w.capitalize() for w in en_weekdays]))
    parts = {
        # «أمس»، «يوم الخميس الماضي»، «مساء أمس (الخميس)»: the time of day stays out of the span
        "ar_day": (
            rf"(?<!\w)(?:[وف]?(?P<tod>{_trie(prefixes)})\s+)?(?P<cl>{_CLITIC})"
            rf"(?P<core>(?P<yawm>يوم\s+)?(?:(?P<rel>{_ar_words(list(relative))})"
            rf"(?:(?:\s+|\s*(?P<rp>\()\s*)(?P<rwd>{ar_wd})(?(rp)\s*\)))?"
            rf"|(?P<wd>{ar_wd})(?:\s+(?P<mod>{ar_mod}))?))(?!\w)"
        ),
        # «23 نوفمبر (تشرين الثاني) 2025»، «الأول من يوليو»، «15 رمضان 1436هـ»
        "ar_abs": (
            rf"(?:(?<![\d.,/:])(?P<d>\d{{1,2}})\s*(?:من\s+)?|(?<!\w)[وف]?(?P<od>{_trie(list(ordinals))})\s+من\s+)"
            rf"(?:شهر\s+)?(?P<m>{ar_month})(?:(?:\s*/\s*|\s*(?P<mp>\()\s*){ar_month}(?(mp)\s*\)))?(?!\w)"
            rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{_YEAR_WORD}\s+)?{_year('y', 'era')})?"
            rf"(?:\s+(?P<amod>{ar_mod})(?!\w))?"
        ),
        # "25 November 2025", "Nov. 25, 2025", "November 25th"
        "en_abs": (
            rf"(?:(?<![\d.,/:])(?P<ed>\d{{1,2}}){_ORD_SUFFIX}\s+(?:of\s+)?(?P<em>{en_month})"
            rf"|(?<![A-Za-z])(?P<em2>{en_month})\s+(?P<ed2>\d{{1,2}}){_ORD_SUFFIX})(?![\w])"
            rf"(?:,?\s+{_year('ey', 'eera')})?"
        ),
        "en_day": (
            rf"(?<![A-Za-z])(?:(?P<erel>(?i:{_trie(list(en_relative))}))"
            rf"|(?:(?P<emod>(?i:{_trie(list(en_modifiers))}))\s+)?(?P<ewd>{en_wd}))(?![A-Za-z])"
        ),
        # 2025-11-25, 25/11/2025, 15/9/1436 هـ
        "num": (
            r"(?<![\d/.\-])(?:(?P<ny>\d{4})(?P<s1>[-/.])(?P<nm>\d{1,2})(?P=s1)(?P<nd>\d{1,2})"
            r"|(?P<na>\d{1,2})(?P<s2>[-/.])(?P<nb>\d{1,2})(?P=s2)(?P<ny2>\d{4}))(?!\d|[/.\-]\d)"
            rf"(?:\s*(?P<nera>{_ERA})(?!\w))?"
        ),
    }
    pattern = re.compile("|".join(f"(?P<{k}>{v})" for k, v in parts.items()))
    first = _first_words([*weekdays, *relative, *ordinals, *prefixes, "يوم"])
    first += _cased([w.capitalize() for w in [*en_months, *en_weekdays, *en_relative, *en_modifiers]])
    first += [w.lower() for w in [*en_relative, *en_modifiers]]
    # the first character is a class, so the regex engine skips everything else in C
    candidates = re.compile(rf"\W(?:[وفبل]?(?=\d)|(?P<w>{_trie(first)}))")
    weekdays.update(en_weekdays)
    relative.update(en_relative)
    modifiers.update(en_modifiers)
    months.update({k: (v, "gregorian") for k, v in en_months.items()})
    return _Lexicon(
        candidates=candidates,
        pattern=pattern,
        months=months,
        weekdays=weekdays,
        relative=relative,
        ambiguous=ambiguous,
        modifiers=modifiers,
        ordinals=ordinals,
        not_after={k: frozenset(v) for k, v in not_after.items()},
        not_before={k: frozenset(v) for k, v in not_before.items()},
    )


# --- finding ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    """One match, with what it says but not yet resolved."""

    start: int
    end: int
    calendar: str  # gregorian | hijri | relative | weekday
    year: int | None = None
    month: int | None = None
    day: int | None = None
    offset: int | None = None  # days from the anchor, for relative words
    weekday: int | None = None
    direction: int = 0  # -1 before the anchor, 1 after, 0 nearest / on or before


def _key(word: str) -> str:
    """Lexicon key of a matched word: folded, inner whitespace as one space, lower-cased."""
    return " ".join(_fold_word(word).split()).lower()


_NEXT_WORD = re.compile(r"\s+(\w+)")
_PREV_WORD = re.compile(r"(\w+)\s+$")
_OPENING_QUOTES = frozenset("«\"“'")
_CLOSING_QUOTES = frozenset("»\"”'")
_NOT_ARTICLE = frozenset({"الي", "الا"})  # «إلى/الى», «إلا/الا» folded: they only look like «ال» words
_GAP_TO_DATE = re.compile(r"\s*[،,]?\s*(?:الموافق\s*)?$")


def _scan(text: str) -> list[_Found]:
    lex = _lexicon()
    out: list[_Found] = []
    done = 0  # end of the last date found: candidates inside it are skipped
    for pos in _candidate_starts(text, lex):
        if pos < done:
            continue
        m = lex.pattern.match(text, pos)
        found = _READERS[m.lastgroup](m, lex, text) if m and m.lastgroup else None
        if found is not None:
            out.append(found)
            done = m.end()
    return _merge_weekday_with_date(out, text)


def _candidate_starts(text: str, lex: _Lexicon) -> Iterator[int]:
    """Where a date may start: the text's start, a first word, a number («ب23» after its clitic)."""
    yield 0
    for c in lex.candidates.finditer(text):
        yield c.end() if c.group("w") is None else c.start("w")


def _read_ar_day(m: re.Match[str], lex: _Lexicon, text: str) -> _Found | None:
    start, end = m.span("core")
    if text.startswith("لل", m.start("cl")):  # «للأحد»: keep the clitic, or the span reads «لأحد»
        start = m.start("cl")
    wd = m.group("rwd") or m.group("wd")
    weekday = _lookup(lex.weekdays, wd) if wd else None
    if m.group("rel") is None:
        direction = lex.modifiers[_key(m.group("mod"))] if m.group("mod") else 0
        found = _Found(start, end, "weekday", weekday=weekday, direction=direction)
        word = wd
    else:
        word = m.group("rel")
        found = _Found(start, end, "relative", offset=_lookup(lex.relative, word), weekday=weekday)
    bare = not (m.group("tod") or m.group("yawm") or m.group("mod") or (wd and m.group("rel")))
    if bare and _false_friend(_article(word), m, lex, text):
        return None
    return found


def _article(word: str) -> str:
    """«لأحد» (matched after the clitic ل of «للأحد») back to its lexicon form «الأحد»."""
    return word if word.startswith("ال") or not word.startswith("ل") else "ا" + word


def _lookup(table: dict[str, int], word: str) -> int:
    key = _key(word)
    return table[key] if key in table else table[_key(_article(word))]


def _false_friend(word: str, m: re.Match[str], lex: _Lexicon, text: str) -> bool:
    """Whether a bare date word reads as something else here («في اليوم نفسه», «روسيا اليوم»)."""
    key = _key(word)
    prev = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
    if prev and key in lex.not_after:
        pw = _key(prev.group(1))
        if pw in lex.not_after[key] or (pw[:1] in "وف" and pw[1:] in lex.not_after[key]):
            return True
    nxt = _NEXT_WORD.match(text, m.end())
    following = _key(nxt.group(1)) if nxt else ""
    if following in lex.not_before.get(key, ()):
        return True
    if key in lex.ambiguous:
        if m.group("cl") and m.group("cl")[-1:] in "بكل":  # «باليوم الوطني»
            return True
        start = m.start("core")
        if start and text[start - 1] in _OPENING_QUOTES and text[m.end() : m.end() + 1] in _CLOSING_QUOTES:
            return True  # «اليوم» alone in quotes is a newspaper
        # «اليوم الأول»، «اليوم التالي»، «غدا الأمر»: a definite word after it is an attribute
        if following.startswith("ال") and following not in lex.weekdays and following not in _NOT_ARTICLE:
            return True
    return False


def _read_ar_abs(m: re.Match[str], lex: _Lexicon, text: str) -> _Found | None:
    day = int(m.group("d")) if m.group("d") else lex.ordinals[_key(m.group("od"))]
    month, calendar = lex.months[_key(m.group("m"))]
    year = int(m.group("y")) if m.group("y") else None
    if year is not None and m.group("era") and m.group("era").startswith("ه"):
        calendar = "hijri"
    direction = lex.modifiers[_key(m.group("amod"))] if m.group("amod") else 0
    if not 1 <= day <= 31:
        return None
    return _Found(m.start(), m.end(), calendar, year, month, day, direction=direction)


def _read_en_abs(m: re.Match[str], lex: _Lexicon, text: str) -> _Found | None:
    day = int(m.group("ed") or m.group("ed2"))
    month = lex.months[_key(m.group("em") or m.group("em2"))][0]
    year = int(m.group("ey")) if m.group("ey") else None
    if not 1 <= day <= 31:
        return None
    return _Found(m.start(), m.end(), "gregorian", year, month, day)


def _read_en_day(m: re.Match[str], lex: _Lexicon, text: str) -> _Found | None:
    if m.group("erel"):
        key = _key(m.group("erel"))
        prev = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
        if prev and _key(prev.group(1)) in lex.not_after.get(key, ()):  # "USA Today"
            return None
        return _Found(m.start(), m.end(), "relative", offset=lex.relative[key])
    direction = lex.modifiers[_key(m.group("emod"))] if m.group("emod") else 0
    return _Found(
        m.start(), m.end(), "weekday", weekday=lex.weekdays[_key(m.group("ewd"))], direction=direction
    )


def _read_num(m: re.Match[str], lex: _Lexicon, text: str) -> _Found | None:
    if m.group("ny"):
        year, month, day = int(m.group("ny")), int(m.group("nm")), int(m.group("nd"))
    else:
        year, a, b = int(m.group("ny2")), int(m.group("na")), int(m.group("nb"))
        # day/month/year as in Arabic and British usage; month/day/year only when that alone fits
        day, month = (b, a) if a <= 12 < b else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    era = m.group("nera") or ""
    if 1343 <= year <= 1500 or era.startswith("ه"):
        return _Found(m.start(), m.end(), "hijri", year, month, day)
    if not 1800 <= year <= 2200:  # a code or a reference number, not a date
        return None
    return _Found(m.start(), m.end(), "gregorian", year, month, day)


_READERS = {
    "ar_day": _read_ar_day,
    "ar_abs": _read_ar_abs,
    "en_abs": _read_en_abs,
    "en_day": _read_en_day,
    "num": _read_num,
}


def _merge_weekday_with_date(found: list[_Found], text: str) -> list[_Found]:
    """«الثلاثاء 25 نوفمبر», "Tuesday, November 25": one mention, the day the date names."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.calendar == "weekday"
            and prev.direction == 0
            and f.calendar in ("gregorian", "hijri")
            and _GAP_TO_DATE.match(text[prev.end : f.start])
            and _same_weekday(f, prev.weekday)
        ):
            f.start = prev.start
            out[-1] = f
        else:
            out.append(f)
    return out


def _same_weekday(f: _Found, weekday: int | None) -> bool:
    """Whether a date can be the weekday before it (in a list «الثلاثاء، 23 نوفمبر 2025» it is not)."""
    if f.year is None:
        return True
    day = _absolute(f)
    return day is None or day.weekday() == weekday


# --- resolving --------------------------------------------------------------------------------


def _weekday_on_or_before(anchor: date, weekday: int) -> date:
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _weekday_before(anchor: date, weekday: int) -> date:
    return anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)


def _weekday_after(anchor: date, weekday: int) -> date:
    return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)


def _weekday(anchor: date, weekday: int, direction: int) -> date:
    if direction < 0:
        return _weekday_before(anchor, weekday)
    if direction > 0:
        return _weekday_after(anchor, weekday)
    return _weekday_on_or_before(anchor, weekday)


def _nearest(candidates: list[date], anchor: date, direction: int) -> date | None:
    """The candidate nearest the anchor in the given direction; days after it count three times."""
    if direction < 0:
        candidates = [c for c in candidates if c < anchor]
    elif direction > 0:
        candidates = [c for c in candidates if c > anchor]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (anchor - c).days if c <= anchor else 3 * (c - anchor).days)


def _gregorian(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_hijri(year: int, month: int, day: int) -> date | None:
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(g.year, g.month, g.day)


def _absolute(f: _Found) -> date | None:
    """The day a date with its year names, or None."""
    assert f.year is not None and f.month is not None and f.day is not None
    if f.calendar == "hijri":
        return _from_hijri(f.year, f.month, f.day)
    return _gregorian(f.year, f.month, f.day)


def _resolve(f: _Found, anchor: date | None) -> date | None:
    if f.calendar in ("gregorian", "hijri") and f.year is not None:
        return _absolute(f)
    if anchor is None:
        return None
    if f.calendar == "weekday":
        assert f.weekday is not None
        return _weekday(anchor, f.weekday, f.direction)
    if f.calendar == "relative":
        assert f.offset is not None
        day = anchor + timedelta(days=f.offset)
        if f.weekday is None or day.weekday() == f.weekday:
            return day
        # they disagree: the paper's «أمس» was relative to another day; trust the weekday
        return _weekday(anchor, f.weekday, -1 if f.offset < 0 else (1 if f.offset > 0 else 0))
    return _without_year(f, anchor)


def _without_year(f: _Found, anchor: date) -> date | None:
    assert f.month is not None and f.day is not None
    if f.calendar == "hijri":
        try:
            year = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri().year
        except (ValueError, OverflowError):
            return None
        days = [_from_hijri(y, f.month, f.day) for y in (year - 1, year, year + 1)]
    else:
        days = [_gregorian(y, f.month, f.day) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    return _nearest([d for d in days if d is not None], anchor, f.direction)


# --- public -----------------------------------------------------------------------------------


def _latest_full_date(found: list[_Found]) -> date | None:
    days = [_absolute(f) for f in found if f.calendar in ("gregorian", "hijri") and f.year is not None]
    return max((d for d in days if d is not None), default=None)


def infer_reference_date(text: str) -> date | None:
    """The latest full date written in ``text`` (day, month and year; Hijri converted), or None.

    >>> infer_reference_date("نشر في 25 نوفمبر 2025، وعُدّل 2025-11-26")
    datetime.date(2025, 11, 26)
    """
    return _latest_full_date(_scan(_Unmarked(text).text)) if text else None


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, sorted by start, resolved against ``published``.

    Without ``published`` the anchor is :func:`infer_reference_date`; without either, relative
    expressions and dates without a year get ``value=None``.

    >>> [(d.text, d.value) for d in find_dates("قال أمس الأحد", date(2025, 11, 25))]
    [('أمس الأحد', '2025-11-23')]
    """
    if not text:
        return []
    unmarked = _Unmarked(text)
    found = _scan(unmarked.text)
    anchor = published if published is not None else _latest_full_date(found)
    out = []
    for f in found:
        start, end = unmarked.start(f.start), unmarked.end(f.end)
        value = _resolve(f, anchor)
        out.append(DateMention(start, end, text[start:end], value.isoformat() if value else None, f.calendar))
    return out
