"""Shipped Arabic gazetteers (src/qawl/lang/ar/gazetteers/, see SOURCES.md there).

Loaded once with importlib.resources. Entries are matched on folded tokens (see
:func:`qawl.ner.normalize.fold`); the first token of a match may carry clitics (و، ف، ب، ل، ك، ال).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from importlib import resources

from qawl.ner.normalize import clitic_variants, fold, fold_word
from qawl.text.tokens import tokenize

MAX_LEN = 8  # longest place name matched, in tokens


def _read(name: str) -> list[str]:
    path = resources.files("qawl") / "lang" / "ar" / "gazetteers" / name
    return path.read_text(encoding="utf-8").splitlines()


def _tsv(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _read(name)[1:] if line.strip()]


def _words(name: str) -> frozenset[str]:
    return frozenset(fold(w.strip()) for w in _read(name) if w.strip() and not w.startswith("#"))


@dataclass(frozen=True)
class Place:
    name: str  # as listed
    name_en: str
    type: str  # GPE | LOC | ORG (organisations.tsv, institutions named by their seat)
    kind: str  # country | city | alias | org


@dataclass
class Gazetteers:
    places: dict[tuple[str, ...], Place]  # folded tokens -> place
    first_tokens: frozenset[str]  # folded first tokens of every place
    stop: frozenset[str]  # folded single-token places never forced on the model (common words)
    person_names: frozenset[str]
    given_names: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    loc_words: frozenset[str]
    speech_verbs: frozenset[str]
    currencies: frozenset[str]  # «اليورو», «درهم»: never an entity on their own
    family_names: frozenset[str]  # «الشهري», «الحربي»: a surname after a given name, else an adjective
    # sports-club name words: (prefix|suffix|team|nationality) -> folded word -> what must sit beside it (place|name)
    club_words: dict[str, dict[str, str]]
    # folded keys of organisations.tsv, also those a city of the same name holds in ``places``
    org_names: frozenset[tuple[str, ...]] = frozenset()
    # transliterated names by their consonant skeleton (:func:`skeleton`): spelling variants
    skeletons: dict[tuple[str, ...], tuple[tuple[str, ...], Place]] = dataclasses.field(default_factory=dict)
    # folded names of the Arab world's cities of a million people or more, which Arabic news names
    # often: «وجدة» is «و» + Jeddah, whatever else it may be
    big_cities: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.names = self.person_names | self.given_names  # any listed given name or name word
        self.skeleton_starts = frozenset(k[0] for k in self.skeletons)
        self._skeleton_starts = functools.lru_cache(maxsize=200_000)(self._skeleton_start_variants)
        self.club_forms = frozenset(f for forms in self.club_words.values() for f in forms)
        self._starts = functools.lru_cache(maxsize=200_000)(self._start_variants)

    def _skeleton_start_variants(self, word: str) -> tuple[tuple[int, str], ...]:
        """(variant index, folded form) of the forms of ``word`` whose skeleton can start a listed
        name: the word as written or with one clitic, never without its article («البخاري» is no
        «بخارى»)."""
        vs = clitic_variants(word)
        out = []
        for v, first in enumerate(vs[:2]):
            if len(first) < 3 or v and vs[0].startswith("ال"):
                break
            if skeleton(first) in self.skeleton_starts:
                out.append((v, first))
        return tuple(out)

    def _start_variants(self, word: str) -> tuple[tuple[int, str], ...]:
        """(variant index, folded form) of the forms of ``word`` that can start a place name."""
        vs = clitic_variants(word)
        return tuple(
            (v, first)
            for v, first in enumerate(vs)
            # not a place after stripping the article: الرئيس is no «رئيس»
            if first in self.first_tokens and not (v and vs[v - 1] == "ال" + first)
        )

    def match_variants(self, words: list[str]) -> list[tuple[int, int, Place, int]]:
        """Longest matches of transliterated names spelt otherwise than listed: «سلتيك» for
        «سيلتيك», «يديعوت أحرنوت», «هونج كونج» (:func:`skeleton`)."""
        out: list[tuple[int, int, Place, int]] = []
        n = len(words)
        starts = self._skeleton_starts
        # most words start no listed name: find the few that may in one pass, then look there
        after = 0
        for i in [k for k, w in enumerate(words) if starts(w)]:
            if i < after:
                continue
            best: tuple[int, int, Place, int] | None = None
            for v, first in starts(words[i]):
                key: tuple[str, ...] = (skeleton(first),)
                surface = [first]
                for j in range(i + 1, min(n, i + MAX_LEN) + 1):
                    if j > i + 1:
                        surface.append(fold_word(words[j - 1]))
                        key = key + (skeleton(surface[-1]),)
                    hit = self.skeletons.get(key)
                    if hit is None or not all(map(_spelling_variant, surface, hit[0])):
                        continue
                    if j == i + 1 and len(first) < 5:
                        continue  # one short word: too many names look alike
                    if best is None or j > best[1]:
                        best = (i, j, hit[1], v)
            if best is not None:
                out.append(best)
                after = best[1]
        return out

    def match_places(self, words: list[str]) -> list[tuple[int, int, Place, int]]:
        """Longest place matches over ``words``: (start, end, place, variant) with ``end`` exclusive.

        ``variant`` is the index into :func:`clitic_variants` of the first word that matched
        (0: as written; more: after stripping clitics).
        """
        out: list[tuple[int, int, Place, int]] = []
        n = len(words)
        i = 0
        starts = self._starts
        while i < n:
            best: tuple[int, int, Place, int] | None = None
            for v, first in starts(words[i]):
                key: tuple[str, ...] = (first,)
                for j in range(i + 1, min(n, i + MAX_LEN) + 1):
                    if j > i + 1:
                        key = key + (fold_word(words[j - 1]),)
                    p = self.places.get(key)
                    if p is not None and (best is None or j > best[1]):
                        best = (i, j, p, v)
            if best is not None:
                out.append(best)
                i = best[1]
            else:
                i += 1
        return out


_LONG_VOWELS = str.maketrans("", "", "اوي")


@functools.lru_cache(maxsize=200_000)
def skeleton(folded: str) -> str:
    """A folded word without its inner long vowels, «ج» read as «غ»: transliterations of one
    foreign name vary in both («سيلتيك» / «سلتيك», «أحرونوت» / «أحرنوت», «هونغ» / «هونج»)."""
    if len(folded) < 3:
        return folded.replace("ج", "غ")
    return (folded[0] + folded[1:-1].translate(_LONG_VOWELS) + folded[-1]).replace("ج", "غ")


def _spelling_variant(a: str, b: str) -> bool:
    """The same transliterated word: equal once «ج» is read as «غ», or but for one long vowel
    («سلتيك» / «سيلتيك»); «نوبل» is no «نيبال» (two), «بخارى» no «البخاري»."""
    a, b = a.replace("ج", "غ"), b.replace("ج", "غ")
    if a == b:
        return True
    if abs(len(a) - len(b)) != 1 or min(len(a), len(b)) < 3:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[k] in "اوي" and long_[:k] + long_[k + 1 :] == short for k in range(1, len(long_) - 1))


def _skeletons(
    places: dict[tuple[str, ...], Place], arab_cities: frozenset[str], small_cities: frozenset[str]
) -> dict[tuple[str, ...], tuple[tuple[str, ...], Place]]:
    """Skeleton keys of the transliterated names: no word with the article, five letters or more
    (seven for a name of several words), not a town of a country whose names are Arabic words
    (arab_countries.txt) nor one of under 100,000 people, and no two places sharing a skeleton."""
    out: dict[tuple[str, ...], Place] = {}
    clash: set[tuple[str, ...]] = set()
    for key, place in places.items():
        if place.name in arab_cities or place.name in small_cities or any(w.startswith("ال") for w in key):
            continue
        if (len(key[0]) < 5 if len(key) == 1 else sum(map(len, key)) < 7) or any(len(w) < 2 for w in key):
            continue
        if len(key) == 1 and place.kind == "city":
            continue  # one foreign-looking word is as often a person's name or a syllable as a town
        skel = tuple(skeleton(w) for w in key)
        if skel in out and out[skel][1].name_en != place.name_en:
            clash.add(skel)
        out.setdefault(skel, (key, place))
    for skel in clash:
        del out[skel]
    return out


@functools.lru_cache(maxsize=1)
def load() -> Gazetteers:
    places: dict[tuple[str, ...], Place] = {}

    def add(name: str, name_en: str, typ: str, kind: str) -> None:
        key = tuple(fold(t.text) for t in tokenize(name))
        if key and len(key) <= MAX_LEN and (key not in places or kind == "alias"):
            places[key] = Place(name, name_en, typ, kind)

    for row in _tsv("cities.tsv"):
        add(row[0], row[1], "GPE", "city")
    for row in _tsv("countries.tsv"):
        add(row[0], row[1], "GPE", "country")
    for row in _tsv("place_aliases.tsv"):
        add(row[0], row[1], row[2], "alias")
    for row in _tsv("organisations.tsv"):
        add(row[0], row[1], row[2], "org")
    # a two-word place is often written as one word: «دياربكر», «بيتلحم»; not after «أبو», «عبد»,
    # which make people's names written the same way («أبوسيف», «أبوحمد»)
    person_names = frozenset(fold(r[0]) for r in _tsv("person_names.tsv"))
    given_names = _words("given_names.txt")
    people = person_names | given_names
    for key, place in list(places.items()):
        if len(key) != 2 or place.kind == "org" or key[0] in people:
            continue
        joined = (key[0] + key[1],)
        if joined not in places and len(joined[0]) >= 6 and joined[0] not in people:
            places[joined] = place
    arab = {w.strip() for w in _read("arab_countries.txt") if w.strip() and not w.startswith("#")}
    cities = _tsv("cities.tsv")
    arab_cities = frozenset(r[0] for r in cities if r[2] in arab)
    small_cities = frozenset(r[0] for r in cities if not (r[3].isdigit() and int(r[3]) >= 100_000))
    return Gazetteers(
        places=places,
        first_tokens=frozenset(k[0] for k in places),
        stop=_words("place_stop.txt"),
        person_names=person_names,
        given_names=given_names,
        titles=_words("titles.txt"),
        org_words=_words("org_words.txt"),
        loc_words=_words("loc_words.txt"),
        speech_verbs=_words("speech_verbs.txt"),
        currencies=_words("currencies.txt"),
        family_names=_words("family_names.txt"),
        club_words=_club_words(),
        org_names=frozenset(tuple(fold(t.text) for t in tokenize(r[0])) for r in _tsv("organisations.tsv")),
        skeletons=_skeletons(places, arab_cities, small_cities),
        big_cities=frozenset(
            fold(r[0]) for r in cities if r[2] in arab and r[3].isdigit() and int(r[3]) >= 1_000_000
        ),
    )


def _club_words() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"prefix": {}, "suffix": {}, "team": {}, "nationality": {}}
    for word, position, after in _tsv("club_words.tsv"):
        out[position][fold(word)] = after
    return out


@functools.lru_cache(maxsize=100_000)
def is_known_name(folded: str) -> bool:
    """Whether a folded single word is a listed place or name (used to tell clitics from letters)."""
    g = load()
    return (folded,) in g.places or folded in g.person_names or folded in g.given_names
