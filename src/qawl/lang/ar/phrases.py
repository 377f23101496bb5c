"""Arabic noun phrases around reporting cues: title + name, organisations, descriptions.

Hand-written rules, because no offline Arabic parser exists: a name is a run of name-like
words (from the name lists, the NER model, or words the article already used as a name); a
title is a chain of title heads and modifiers before it; organisations start with a head noun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from qawl.lang import ar
from qawl.text.normalize import norm, proclitic_variants, strip_diacritics
from qawl.text.tokens import Token

HARD_PUNCT = set('،,:؛;.!?؟()[]«»"“”„—–')
# quotation marks that open a name or a title in a phrase, and the mark that closes each
QUOTE_PAIRS = {"«": "»", '"': '"', "“": "”"}


@cache
def _stops() -> frozenset[str]:
    return ar.word_set("phrase_stops.txt")


@cache
def _connectors() -> frozenset[str]:
    return ar.word_set("name_connectors.txt")


@dataclass(slots=True)
class View:
    """A document's tokens with their normalised forms, and the names known so far."""

    text: str
    toks: list[Token]
    norms: list[str] = field(default_factory=list)
    known_names: set[str] = field(default_factory=set)  # normalised words used as person names
    model_name_tokens: set[int] = field(default_factory=set)  # token indices the NER model tagged PER
    model_org_tokens: set[int] = field(default_factory=set)
    model_place_tokens: set[int] = field(default_factory=set)
    model_starts: set[int] = field(default_factory=set)  # first tokens of the model's mentions

    def __post_init__(self) -> None:
        if not self.norms:
            self.norms = [norm(t.text) for t in self.toks]

    def is_punct(self, i: int) -> bool:
        return not self.toks[i].is_word

    def char(self, i: int) -> str:
        return self.toks[i].text


# the numeral «واحد/واحدة» ("one") is a word of its own, not و + «أحد»
_NOT_WAW = frozenset(("واحد", "واحده"))


@lru_cache(maxsize=200_000)  # pure functions of a normalised word, called for every token; bounded
def title_info(n: str) -> ar.WordInfo | None:
    t = ar.titles()
    if n in t:
        return t[n]
    if (
        n.startswith("و")
        and n[1:] in t
        and n not in _NOT_WAW
        and n[1:] not in ar.word_set("titles_definite.txt")
    ):
        return t[n[1:]]  # «والرئيس»; not «والمواطن», a common noun after «و»
    return None


@lru_cache(maxsize=200_000)  # pure functions of a normalised word, called for every token; bounded
def org_info(n: str) -> ar.WordInfo | None:
    t = ar.org_heads()
    for v in (n, n[1:] if n.startswith("و") else n):
        if v in t:
            return t[v]
    return None


def is_generic_org(n: str) -> bool:
    """«الشركة», «الوزارة»: a common noun that refers back to a named organisation."""
    t = ar.org_heads()
    return n.startswith("ال") and n in t and n[2:] in t


@lru_cache(maxsize=200_000)  # pure functions of a normalised word, called for every token; bounded
def is_stop(n: str) -> bool:
    return n in _stops() or (n.startswith("و") and n[1:] in _stops())


@lru_cache(maxsize=200_000)  # pure functions of a normalised word, called for every token; bounded
def is_complementizer(n: str) -> bool:
    comps = ar.complementizers()
    if n in comps:
        return True
    for suffix in ("ه", "ها", "هم", "هما", "هن", "نا", "ني", "كم"):
        if n.endswith(suffix) and n[: -len(suffix)] in comps:
            return True
    return False


@lru_cache(maxsize=200_000)  # pure functions of a normalised word, called for every token; bounded
def is_cue_word(n: str) -> bool:
    cues = ar.cues()
    return any(v in cues for v in (n, n[1:] if n[:1] in "وف" and len(n) > 3 else n))


def name_like(v: View, i: int, first: bool) -> bool:
    """Could token i be (part of) a person's name?"""
    t = v.toks[i]
    if not t.is_word:
        return False
    if v.norms[i] in ar.word_set("gazetteers/currencies.txt"):
        return False  # «مليار ريال»: «ريال» is on a name list too
    if i in v.model_name_tokens:
        return True
    if i in v.model_place_tokens or i in v.model_org_tokens:
        return False  # the model read it as a place or an organisation («صنداي تلغراف»)
    n = v.norms[i]
    if not t.is_arabic:
        return t.text[:1].isupper() and len(t.text) > 1
    if strip_diacritics(t.text) in ar.given_names_raw():
        return not _preposition_ala(v, i)  # «علي» the name, which normalises like «على»
    if first and n[:1] == "و" and n[1:].endswith(("ها", "هم", "هما", "كم", "نا")) and n not in v.known_names:
        return False  # «الفريق وخسرها»: «و» + a verb with its object, not a name after a title
    if is_stop(n) or is_complementizer(n):
        return False  # before the known names: «على» normalises like the known name «علي»
    if n in v.known_names:
        return True
    if len(n) < 2 or n.isdigit() or any(c.isdigit() for c in n):
        return False
    if title_info(n) or org_info(n) or is_cue_word(n):
        return False
    if t.text.endswith(("اً", "ًا")):
        return False  # an indefinite accusative («تزامناً», «مجدداً») is an adverb, not a name
    if n in ar.person_names():
        return True
    if n in ar.common_words():
        return False
    if n.startswith(("سي", "ست", "سن")) and len(n) >= 5:
        return False  # «سيجري», «ستعمل»: a verb in the future tense
    if n.startswith(("فس", "وس")) and n[2:3] in ("ي", "ت", "ن") and len(n) >= 6:
        return False  # «فسيبذل», «وستعمل»: the same after a conjunction
    if n.endswith(("هم", "هما", "ها")) and len(n) >= 5:
        return False  # «لقائهم», «بتناولها»: a pronoun suffix; no name so ends
    if n.startswith(("مت", "مست")) and len(n) >= 5:
        return False  # «متميزين», «متذيل», «مستشار»: participles of derived verbs
    if n[:1] == "م" and n[1:2] not in ("ا", "و", "ي") and n.endswith(("ين", "ون")) and len(n) >= 6:
        return False  # «مسؤولين», «مراقبون»: sound plurals of participles (not «ماكين», «مارتين»)
    if n.startswith("عبد") and len(n) > 5:
        return True  # «عبدالرقيب», «عبدالله» written as one word
    if possessed(t.text):
        return False  # «دخوله», «سعادته»: a possessed common noun is not a name
    if (
        first
        and not n.startswith("ال")
        and any(
            n.endswith(suffix) and len(n) - len(suffix) >= 3 and n[: -len(suffix)] in ar.common_words()
            for suffix in ("نا", "ي")
        )
    ):
        return False  # «بطلنا» (our hero), «مقالاتي» (my articles), «جمهوري» (a Republican)
    for var in proclitic_variants(n)[1:]:
        # «لحزب», «باشتراك»: a preposition glued to a common word
        if var in ar.common_words() or org_info(var) or title_info(var):
            return False
    if n.startswith("لل") and len(n) > 4:
        return False  # «للعوام»: the preposition ل glued to «ال»; no name starts so
    if first and n.startswith("ال"):
        return False
    # imperfect verbs (يقول، ينضم) are the commonest unknown words after a name
    return not (n.startswith("ي") and len(n) >= 4)


def _preposition_ala(v: View, i: int) -> bool:
    """«علي الأقل», «علي هامش»: the preposition «على» as Egyptian papers write it, like the name
    «علي» (after_ala.txt lists the words that follow it in set phrases)."""
    if i + 1 >= len(v.norms) or v.toks[i + 1].text == "إن":
        return False  # «قال محمد علي إن …»: «على» takes «أن», never «إن»
    return v.norms[i + 1] in ar.word_set("after_ala.txt")


def split_lam(tokens: list[Token]) -> list[Token]:
    """The tokens for the phrase rules, with the preposition «ل» split off a title or an
    organisation head word glued to it after «وفقاً» or a statement noun: «وفقاً لوكالة الأنباء»
    and «بيان لوزارة الخارجية» read «وكالة الأنباء» and «وزارة الخارجية» as the source. The «ل»
    is left out of the token (offsets stay those of the source text).
    «لل» + a word lost the alef of «ال», so the rest is not a word as written and is left alone.
    Elsewhere «ل» stays: «المدرب السابق لنادي الهلال» is not a new subject.

    The NER model keeps the tokens as they are: it was trained on words with their clitics."""
    out = []
    for k, t in enumerate(tokens):
        w = t.text
        if (
            k > 0
            and len(w) > 4
            and w[0] == "ل"
            and w[1] != "ل"
            and (_according_word(tokens[k - 1].text) or _statement_word(tokens[k - 1].text))
        ):
            rest = norm(w[1:])
            if title_info(rest) is not None or org_info(rest) is not None:
                out.append(Token(t.start + 1, t.end, w[1:]))
                continue
        out.append(t)
    return out


_ACCORDING_TO = frozenset(norm(w) for w in ("وفق", "وفقا", "طبقا", "استنادا"))


def _statement_word(word: str) -> bool:
    """«بيان», «تقرير»: the heads org_heads.tsv marks as sources."""
    info = org_info(norm(word))
    return info is not None and info.kind == "source"


def _according_word(word: str) -> bool:
    n = norm(word)
    return n in _ACCORDING_TO or n[:1] == "و" and n[1:] in _ACCORDING_TO


@dataclass(slots=True)
class NP:
    """A noun phrase found in the text: tokens [start, end)."""

    start: int
    end: int
    kind: str  # person | title | org | description
    name: tuple[int, int] | None = None  # token range of the name (person)
    title: tuple[int, int] | None = None  # token range of the title
    gender: str | None = None
    number: str = "sg"
    definite: bool = True
    weak: bool = False  # guessed from a bare definite noun, not from a name, title or organisation


def window_end(v: View, i: int, limit: int = 16) -> int:
    """Index one past the last token that can belong to a phrase starting at i."""
    j = i
    n = len(v.toks)
    while j < n and j - i < limit:
        if v.is_punct(j):
            c = v.char(j)
            if c in QUOTE_PAIRS and j > i and v.norms[j - 1] in ar.word_set("work_heads.txt"):
                # «والمشرف على برنامج "جليس" الدكتور …»: a work's quoted title inside the title chain
                close = next((k for k in range(j + 1, min(n, j + 5)) if v.char(k) == QUOTE_PAIRS[c]), None)
                if close is not None:
                    j = close + 1
                    continue
            if c in HARD_PUNCT:
                break
        nj = v.norms[j]
        if j > i and (is_complementizer(nj) or is_cue_word(nj)):
            break
        if j > i and "\n" in v.text[v.toks[j - 1].end : v.toks[j].start]:
            break  # a line break ends the phrase: «… عبد ربه منصور هادي» / «طالب الرئيس …»
        j += 1
    return j


def name_runs(v: View, i: int, end: int) -> list[tuple[int, int]]:
    runs = []
    j = i
    while j < end:
        if j > i and v.toks[j - 1].text in QUOTE_PAIRS:
            j += 1  # a quoted work's title in a title chain («برنامج "جليس"») is no person's name
            continue
        known = v.norms[j] in v.known_names or j in v.model_name_tokens
        # «بن طالب» refers to «خالد بن طالب»: a connector may start a run before a known name
        starts_ok = (
            v.norms[j] not in _connectors()
            or v.norms[j] in ("ابو", "عبد")
            or (j + 1 < end and v.norms[j + 1] in v.known_names)
        )
        if starts_ok and name_like(v, j, first=True) and (known or not v.norms[j].startswith("ال")):
            k = j + 1
            while k < end and (name_like(v, k, first=False) or (v.norms[k] in _connectors() and k + 1 < end)):
                k += 1
            while k > j + 1 and v.norms[k - 1] in _connectors():
                k -= 1
            # «زيد آل سليمان», «محمد بن سلمان»: a connector reaches back to the word before it
            if (
                j >= i + 2
                and v.norms[j - 1] in _connectors()
                and v.toks[j - 2].is_word
                and not is_stop(v.norms[j - 2])
                and not title_info(v.norms[j - 2])
                and not org_info(v.norms[j - 2])
                and name_like(v, j - 2, first=True)  # not the verb in «تعرض فان نيستلروي للعرقلة»
            ):
                j -= 2
            if not (k == j + 1 and not known and _feminine_noun(v.toks[j].text)):
                runs.append((j, k))  # a lone unlisted word in «ة» is a noun: «مصادر موثقة»
            j = k
        else:
            j += 1
    return runs


def _known_name(v: View, k: int) -> bool:
    """A name the model tagged or a list or the article knows (not merely name-like: «نشرت»)."""
    n = v.norms[k]
    return k in v.model_name_tokens or n in v.known_names or n in ar.person_names()


def _over_ala(n: str) -> bool:
    """«المشرف», «والمشرف»: a title that governs «على» (titles_over_ala.txt)."""
    heads = ar.word_set("titles_over_ala.txt")
    return n in heads or n[:1] == "و" and n[1:] in heads


def _construct_to_definite(v: View, j: int, end: int) -> bool:
    """From j, one to three indefinite nouns, each governing the next, up to a definite one."""
    for k in range(j + 1, min(end, j + 4)):
        if v.is_punct(k - 1) or is_stop(v.norms[k - 1]) or v.norms[k - 1].startswith("ال"):
            return False
        if v.norms[k].startswith("ال"):
            return not is_stop(v.norms[k])  # «من حضرموت لينضم إلى»: «إلى» is no definite noun
    return False


def _cut_at_stop(v: View, i: int, end: int, allow_in: bool) -> int:
    """First phrase-stop word in (i, end); «في»/«باسم» are allowed inside titles and descriptions."""
    for j in range(i + 1, end):
        n = v.norms[j]
        if strip_diacritics(v.toks[j].text) in ar.given_names_raw():
            if _preposition_ala(v, j):
                return j  # «وزيرة التعاون الدولي علي هامش المؤتمر»: the phrase ends before «على»
            continue
        if n == "علي" and not any(_over_ala(v.norms[k]) for k in range(i, j)):
            return j  # «وشدد الوزير على جاهزية …»: «على» is inside «المشرف العام على …» only
        if (
            allow_in
            and n in ("في", "من", "علي", "لدي")
            and j + 1 < end
            and (
                v.norms[j + 1].startswith("ال")
                or any(_known_name(v, k) for k in range(j + 2, end))
                # «عدد من أصحاب المحلات»: a noun governing a definite one; after «من», a chain of
                # them («عدد من أصحاب مكاتب حجاج الداخل»)
                or _construct_to_definite(v, j + 1, min(end, j + 3 if n != "من" else end))
            )
        ):
            continue  # «رئيس لجنة الإغاثة في الحكومة», «أحد المسؤولين في مكاتب التأجير خالد …»
        if n == "عن" and j > i and v.norms[j - 1] in ("الصادر", "صادر", "الصادره", "صادره"):
            continue
        if is_stop(n):
            return j
        if j > i + 1 and n[:1] == "ل" and n[1:] in ar.word_set("media_heads.txt"):
            return j  # «المتحدث باسم المبنى لوكالة …»: the outlet spoken to, after the phrase
    return end


def _person_run(v: View, runs: list[tuple[int, int]], cut: int) -> tuple[int, int]:
    """Of several name runs after a title, the person's is the first that the title chain does not
    continue after («الأمير بندر بن عبدالله، عضو مجلس …»), else the last («مدرب ريال مدريد
    الاسباني رافايل بينيتيز»)."""
    known = [any(_known_name(v, k) for k in range(*r)) for r in runs]
    for n, (s, e) in enumerate(runs):
        if not known[n] and any(known[:n]):
            # «وأكد الدكتور العبدالجبار أهمية إحضار المرشح …»: an unknown word after a name the
            # article or the model knows is the object, not the person
            return runs[max(m for m in range(n) if known[m])]
        if e < cut and title_info(v.norms[e]) and not known[n] and any(known[n + 1 :]):
            continue  # «وكيل أمين منطقة تبوك عضو اللجنة المهندس ابراهيم الغبان»: the chain goes on
        if e >= cut or v.is_punct(e) or title_info(v.norms[e]) or is_stop(v.norms[e]):
            return (s, e)
        if all(k in v.model_name_tokens for k in range(s, e)) and e - s >= 2:
            # «زار أمين جدة د. هاني أبو راس فعاليات …»: the model's full name, the object after it
            return (s, e)
    return runs[-1]


def _named_after_person(v: View, s: int) -> bool:
    """The name at s follows an institution's head and a rank: «جامعة الملك عبدالعزيز», «بمستشفى
    الأمير سلطان»: the institution is named after that person."""
    if s < 2 or v.norms[s - 1] not in ar.word_set("namesake_ranks.txt"):
        return False
    head = v.norms[s - 2]
    return any(org_info(h) is not None for h in (head, head[1:] if head[:1] in "بل" else head))


def _org_name(v: View, run: tuple[int, int]) -> bool:
    """«نائب رئيس مجلس إدارة سابك»: one unknown word after an organisation head names the organisation."""
    s, e = run
    if e - s == 1 and s in v.model_org_tokens:
        return True
    return (
        e - s == 1
        and v.norms[s] not in ar.person_names()
        and v.norms[s] not in v.known_names
        and s not in v.model_name_tokens
    )


def _split_org_from_person(v: View, run: tuple[int, int], after_org_head: bool) -> tuple[int, int]:
    """«نادي بايرن ميونيخ كارل هاينتس رومينيغه»: the person starts at the first known first name."""
    s, e = run
    if not after_org_head or e - s < 3:
        return run
    names = ar.person_names()
    if v.norms[s] in names and (s - 1 in v.model_place_tokens or s - 1 in v.model_org_tokens):
        return run  # «رئيس المجلس البلدي بنجران زيد شويل آل سليمان»: the place ended the organisation
    head = v.norms[s - 1] if s > 0 else ""
    if v.norms[s] in names and head.startswith("ال") and org_info(head) is not None:
        return run  # «رئيس الحكومة رجب طيب اردوغان»: a definite head takes no name after it
    for k in range(s + 1, e - 1):
        if v.norms[k] in _connectors() or v.norms[k - 1] in _connectors():
            continue  # «زيد آل سليمان» stays whole
        if v.norms[k] in names or k in v.model_name_tokens:
            return (k, e)
    if any(v.norms[k] in _connectors() for k in range(s, e)):
        return run
    return (e - 2, e)


def parse_np(v: View, i: int, limit: int = 16) -> NP | None:
    """The subject phrase starting at token i (after a cue, or a headline's left side)."""
    if i >= len(v.toks) or v.is_punct(i):
        return None
    n0 = v.norms[i]
    if n0 in ("بعض", "وبعض") and i + 1 < len(v.toks):
        # «اعتبرت بعض قوى المعارضة السورية أن …»: some of a group, described by the group
        inner = parse_np(v, i + 1, limit)
        if inner is not None and inner.kind in ("description", "org", "title") and not inner.weak:
            return NP(i, inner.end, "description", title=(i, inner.end), gender=inner.gender, number="pl")
        return None
    raw_name = strip_diacritics(v.toks[i].text) in ar.given_names_raw()
    if (is_stop(n0) or is_complementizer(n0)) and not raw_name:
        return None
    if n0 in ar.word_set("honorific_pronouns.txt"):
        # «وقال سموه»: a title with a pronoun, resolved to the person meant by the speakers stage
        return NP(i, i + 1, "title", title=(i, i + 1), gender="f" if n0.endswith("ها") else "m")
    end = window_end(v, i, limit)
    if end <= i:
        return None
    t0 = title_info(n0)
    o0 = org_info(n0)
    if t0 is not None:
        cut = _cut_at_stop(v, i, end, allow_in=True)
        # «متحدث باسم خفر السواحل»: what follows «باسم» names the organisation, not the person
        # nor does «بجامعة الملك عبدالعزيز»: the university's name, not the person's
        runs = [
            r
            for r in name_runs(v, i + 1, cut)
            if v.norms[r[0] - 1] != "باسم" and not _named_after_person(v, r[0])
        ]
        if t0.kind != "description" and runs:
            chosen = _person_run(v, runs, cut)
            org_before = any(org_info(v.norms[k]) for k in range(i + 1, chosen[0]))
            run = _split_org_from_person(v, chosen, org_before)
            if not (org_before and _org_name(v, run)):
                gender = _titles_gender(v, i, run[0], t0.gender)
                return NP(i, run[1], "person", name=run, title=(i, run[0]), gender=gender, number="sg")
        kind = "description" if t0.kind == "description" else "title"
        stop = _description_end(v, i, cut) if kind == "description" else _trim_np(v, i, cut)
        return NP(
            i,
            stop,
            kind,
            title=(i, stop),
            gender=t0.gender,
            number=t0.number,
            definite=n0.startswith("ال") or n0.startswith("وال"),
        )
    if o0 is not None and not name_like(v, i, first=True):
        if i + 1 < len(v.toks) and v.toks[i + 1].text in QUOTE_PAIRS:
            # «صحيفة «اس» الإسبانية», «وكالة "الأناضول" للأنباء»: the name in quotation marks
            closer = QUOTE_PAIRS[v.toks[i + 1].text]
            close = next((k for k in range(i + 2, min(len(v.toks), i + 8)) if v.toks[k].text == closer), None)
            if close is not None:
                k = close + 1
                while (
                    k < len(v.toks)
                    and k - close <= 2
                    and v.norms[k].startswith(("ال", "لل"))  # «الإسبانية», «للأنباء»
                    and not is_stop(v.norms[k])
                ):
                    k += 1
                return NP(i, k, "org", gender=o0.gender, number=o0.number, definite=False)
        cut = _cut_at_stop(v, i, end, allow_in=o0.number == "pl")
        # a title after a complete name ends it: «وزير الإدارة المحلية رئيس لجنة الإغاثة»; right
        # after the head it belongs to the name: «مكتب رئيس الوزراء»
        cut = next(
            (
                k
                for k in range(i + 2, cut)
                if title_info(v.norms[k]) is not None and v.norms[k - 1].startswith("ال")
            ),
            cut,
        )
        return NP(
            i,
            _org_end(v, i, _trim_np(v, i, cut), o0.number),
            "org",
            gender=o0.gender,
            number=o0.number,
            definite=n0.startswith("ال"),
        )
    if name_like(v, i, first=True):
        runs = name_runs(v, i, end)
        if runs and runs[0][0] == i:
            s, e = runs[0]
            return NP(i, e, "person", name=(s, e))
    if i in v.model_org_tokens:
        k = i + 1
        while k < end and k in v.model_org_tokens and k not in v.model_starts:
            k += 1  # one organisation: «وزارة الخارجية ووزارة الدفاع» are two
        return NP(i, k, "org", number="sg")
    if i in v.model_place_tokens:
        # «وقالت نيوزيلندا»، «لكن روسيا قالت»: a country speaking through its government
        k = i + 1
        while k < end and k in v.model_place_tokens and k not in v.model_starts:
            k += 1  # one place: «أعلنت السعودية ومصر والأردن» names the first, not a place «السعودية ومصر»
        return NP(i, k, "place", gender="f", number="sg")
    if n0.startswith("ال") and len(n0) > 4 and not is_cue_word(n0) and not org_info(n0):
        # an unlisted definite noun as subject («المنظمون», «المحتجون»): a description of the source
        k = i + 1
        while k < end and k - i < 3 and v.norms[k].startswith("ال") and not is_stop(v.norms[k]):
            k += 1
        plural = n0.endswith(("ون", "ين")) or n0.endswith("ات")
        return NP(
            i,
            k,
            "description",
            gender="f" if n0.endswith(("ه", "ات")) else "m",
            number="pl" if plural else "sg",
            weak=True,
        )
    return None


def _dashed_name(v: View, np: NP) -> NP:
    """«وقال الشاب المعتكف -عبدالرحمن الأسمري-:»: the name between dashes after a description."""
    k = np.end
    if np.kind == "person" or k + 2 >= len(v.toks) or v.toks[k].text not in ("-", "–"):
        return np
    runs = name_runs(v, k + 1, min(len(v.toks), k + 6))
    if runs and runs[0][0] == k + 1 and runs[0][1] < len(v.toks) and v.toks[runs[0][1]].text in ("-", "–"):
        s, e = runs[0]
        return NP(np.start, e + 1, "person", name=(s, e), title=(np.start, np.end), gender=np.gender)
    return np


def _titles_gender(v: View, i: int, j: int, first: str | None) -> str | None:
    """A woman's office is often named in the masculine («عضو مجلس الشورى الدكتورة منى …»): a
    feminine title right before the name says she is a woman («مساعد وزيرة الخارجية» is not one)."""
    if j - 1 > i:
        info = title_info(v.norms[j - 1])
        if info is not None and info.gender == "f":
            return "f"
    return first


def parse_subject(v: View, i: int) -> NP | None:
    """The subject after a verb cue, allowing a short phrase first: «أكد لـ«عكاظ» رئيس المجلس …»,
    «قال أمس الرئيس …», «قالت، الثلاثاء، الوزارة …»."""
    if i < len(v.toks) and v.norms[i] in _TO_PRONOUNS:
        # «قال لي المسؤول …», «قال له الضابط …»: told to someone; «قال لي: …» names nobody
        np = parse_np(v, i)
        if np is not None and np.kind == "person" and np.end > i + 1:
            return _dashed_name(v, np)  # «وقال لي كه تشيانغ»: the name «لي»
        return parse_subject(v, i + 1)
    np = parse_np(v, i)
    if np is not None:
        return _dashed_name(v, np)
    if i < len(v.toks) and v.toks[i].text == "«":
        # «قالت «السعودي الفرنسي كابيتال» إن …»: an organisation's name in quotation marks
        close = next((k for k in range(i + 1, min(len(v.toks), i + 7)) if v.toks[k].text == "»"), None)
        if close is not None and close + 1 < len(v.toks) and close > i + 1:
            after = v.norms[close + 1]
            if is_complementizer(after) or v.toks[close + 1].text == ":" or after in ("عن", "في", "ان"):
                return NP(i, close + 1, "org", gender="f", number="sg")
    if i >= len(v.toks) or v.toks[i].text in ("«", "“", '"', ":", "„"):
        return None  # the quotation itself follows the cue
    if v.norms[i] in ("هذا", "هذه") and i + 1 < len(v.toks) and title_info(v.norms[i + 1]):
        np = parse_np(v, i + 1)  # «كما أوضح هذا المسؤول أن …»: the official just mentioned
        if np is not None and np.kind in ("title", "person"):
            return np
    j = i
    n = len(v.toks)
    steps = 0
    while j < n and steps < 6:
        t = v.toks[j]
        nj = v.norms[j]
        if t.text in ("،", ","):
            j += 1
        elif t.text == "«":
            close = next((k for k in range(j + 1, min(n, j + 7)) if v.toks[k].text == "»"), None)
            if close is None:
                break
            j = close + 1  # «لـ«عكاظ»»: the newspaper's name is not the subject
        elif (
            nj in ("ل", "لـ", "ـ")
            or t.text in ("ـ", "»")
            or nj.startswith("ل")
            and j + 1 < n
            and v.toks[j + 1].text in ("«", "ـ")
        ):
            j += 1
        elif nj in ar.word_set("time_words.txt"):
            j += 1  # a time word: «أمس», «الثلاثاء»; a preposition («عبر تويتر») ends the search
        elif (aside := aside_at(v, j)) > 0:
            j += aside  # «وبيّن من جهته محمود …», «وقال بدوره …»
        elif nj == "في" and j + 2 < n and v.norms[j + 1] == "وقت":
            j += 3  # «وقالت في وقت سابق هوغيت لابيل …»
        elif t.text[:1] == "ل" and len(nj) > 3 and steps == 0:
            j += 1  # «لصحيفة», «للصحفيين»
        else:
            break
        steps += 1
        if j < n and (v.toks[j - 1].text == "»" or not v.is_punct(j)) and j > i:
            np = parse_np(v, j)
            if np is not None and np.kind != "description" and recognised(v, np):
                return np
    return _role_then_name(v, i)


# «لي», «له», «لنا»: the preposition «ل» with a pronoun, whom the cue tells
_TO_PRONOUNS = frozenset(norm(w) for w in ("لي", "له", "لها", "لهم", "لهما", "لنا", "لك", "لكم"))


@cache
def _asides() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(norm(w) for w in ln.split()) for ln in ar._lines("subject_asides.txt"))


def aside_at(v: View, j: int) -> int:
    """Tokens of an aside from subject_asides.txt at j («من جهته», «بدوره»), else 0."""
    for length in (2, 1):
        if tuple(v.norms[j : j + length]) in _asides():
            return length
    return 0


def _role_then_name(v: View, i: int) -> NP | None:
    """«أكد إداري الاتفاق حسين الغامدي أن …»: a role no list has, then a name the model or the
    lists know, right before «أن» or «:». The words before the name describe the person."""
    n = len(v.toks)
    for k in range(i + 1, min(i + 4, n)):
        if v.is_punct(k - 1) or is_stop(v.norms[k - 1]) or is_cue_word(v.norms[k - 1]):
            return None
        known = k in v.model_name_tokens or v.norms[k] in v.known_names or v.norms[k] in ar.person_names()
        if not known:
            continue
        e = k + 1
        while e < n and e - k < 4 and (e in v.model_name_tokens or v.norms[e] in v.known_names):
            e += 1
        after = v.norms[e] if e < n else ""
        if e - k >= 2 and (is_complementizer(after) or (e < n and v.toks[e].text in (":", "،", ","))):
            return NP(i, e, "person", name=(k, e), title=(i, k), number="sg")
        return None
    return None


def recognised(v: View, np: NP) -> bool:
    """After skipping words, only a subject we can vouch for: a title, an organisation, or a name
    that is known, listed or tagged by the model («وأضاف، نتشرف في …» has no subject)."""
    if np.kind != "person" or np.title is not None and np.title[1] > np.title[0]:
        return True
    s, e = np.name or (np.start, np.end)
    if e < len(v.toks) and (title_info(v.norms[e]) or is_complementizer(v.norms[e])):
        return True  # «هوغيت لابيل رئيسة المنظمة …»: a name followed by its title
    return any(
        v.norms[k] in v.known_names or v.norms[k] in ar.person_names() or k in v.model_name_tokens
        for k in range(s, e)
    )


_NISBA_ENDINGS = ("ي", "يه", "يون", "يين", "يان", "يتان")


def _description_end(v: View, i: int, cut: int) -> int:
    """«مصدر عسكري بقاعدة العند», «مسؤولون في الرئاسة الفرنسية»: the head, its adjectives and
    one place phrase; «المصدر الانتهاء من …» stops after «المصدر»."""
    k = i + 1
    if v.norms[i].endswith("و") and k < cut and v.toks[k].is_word and not is_stop(v.norms[k]):
        # «مسئولو منطقة عسير», «ممثلو الشركات»: a plural in construct governs the noun after it
        head = v.norms[k]
        k += 1
        if (
            not head.startswith("ال")
            and (org_info(head) or head in ar.word_set("region_heads.txt"))
            and k < cut
        ):
            k += 1  # «منطقة عسير»: an indefinite head and its name
        named = v.model_org_tokens | v.model_place_tokens | v.model_name_tokens
        while (
            k < cut and k - i < 5 and (k in named or v.norms[k].startswith("ال")) and not is_stop(v.norms[k])
        ):
            k += 1
    chained = False  # a chain of nouns was taken («في مقر حكومة رئيس الوزراء»): a name after it is no place's
    while k < cut and k - i < 8:
        n = v.norms[k]
        if len(n) >= 4 and n.endswith(_NISBA_ENDINGS) and not is_cue_word(n) and not is_stop(n):
            k += 1
        elif n in ar.word_set("source_adjectives.txt"):
            k += 1  # «مصدر مسؤول», «مصادر مطلعة», «رفيع المستوى»
        elif n in ("في", "من") and _construct_to_definite(v, k + 1, cut):
            # «عدد من أصحاب المحلات», «… من أصحاب مكاتب حجاج الداخل»: nouns, each governing the
            # next, up to a definite one
            k += 2
            while not v.norms[k].startswith("ال"):
                k += 1
            k += 1
            chained = True
        elif n in ("في", "من") and k + 1 < cut and v.norms[k + 1].startswith("ال"):
            k += 2
            while k < cut and v.norms[k].startswith("ال") and v.norms[k].endswith(_NISBA_ENDINGS):
                k += 1
            named = v.model_org_tokens | v.model_place_tokens
            while k < cut and k in named and k - 1 in named:
                k += 1  # «مسؤول في الأمم المتحدة»: the whole name the model found
        elif n.startswith(("بال", "بم", "لل")) and k > i + 1:
            k += 1  # «بقاعدة», «بمحافظة»: a place glued to its preposition
        elif (
            v.norms[k - 1].startswith(("بال", "بم", "لل", "ال"))
            and k > i + 1
            and not chained
            and not n.startswith("ال")
            and name_like(v, k, first=True)
        ):
            k += 1  # the place's name
        else:
            break
    return k


def _feminine_noun(word: str) -> bool:
    """Does the word end in «ة»? Alone and unlisted («تكتيكية», «موثقة», «محاضرة») it is a noun or
    an adjective, not a name: the given names so spelt (فاطمة، أسامة) are in the name lists,
    foreign names end in «ا»; family names in «ة» (الطراونة) come after a given name."""
    raw = strip_diacritics(word)
    return raw.endswith("ة") and len(raw) >= 4


def plausible_name_word(word: str) -> bool:
    """Could a word the model tagged as part of a name really be one? «باشتراك» (ب + a common
    word) or «دخوله» (a possessed common noun) cannot; unknown words and listed names can."""
    n = norm(word)
    if any(c in word for c in "\u064b\u064c\u064d"):
        return False  # «هشًا», «جباناً»: an indefinite adjective or noun with its tanween, no name
    if n in ar.person_names() or strip_diacritics(word) in ar.given_names_raw():
        return True
    if n in ar.common_words() or possessed(word):
        return False
    if strip_diacritics(word).endswith(("يتين", "يتان")) and len(word) >= 6:
        return False  # a feminine dual («زاويتين», «أسبوعيتين»), not a name
    return not any(var in ar.common_words() for var in proclitic_variants(n)[1:])


def possessed(word: str) -> bool:
    """A common noun with a possessive pronoun, judged on the raw spelling: the pronoun «ه» must
    not be confused with «ة», which normalisation turns into «ه» («سعادته» yes, «الخارجية» no)."""
    raw = strip_diacritics(word)
    for suffix in ("ه", "ها", "هم", "هما"):
        if raw.endswith(suffix) and len(raw) - len(suffix) >= 3:
            stem = norm(raw[: -len(suffix)])
            if stem in ar.common_words() or (stem.endswith("ت") and stem[:-1] + "ه" in ar.common_words()):
                return True
    return False


def _trim_np(v: View, i: int, cut: int) -> int:
    """Keep at most a head and its modifiers: stop before a verb-like or cue word, a possessed
    noun («سعادته») or a phrase with ب («بنجاح»), which begin the object, not the subject."""
    k = i + 1
    while k < cut and k - i < 8:
        n = v.norms[k]
        known = k in v.model_place_tokens or k in v.model_org_tokens or k in v.model_name_tokens
        if known and not is_cue_word(n):
            k += 1  # «صحيفة واشنطن بوست»: a name the model found is not the object («بوست» is no «ب» + «وست»)
            continue
        if is_cue_word(n) or (
            n.startswith(("ي", "ت"))
            and n not in ar.common_words()
            and len(n) >= 4
            and not n.startswith("ال")
            and not known  # «وكالة تونس الرسمية»: a place, not a verb
        ):
            break
        if possessed(v.toks[k].text):
            break
        if n.startswith("ب") and n != "باسم" and len(n) > 3 and n[1:] in ar.common_words():
            break
        k += 1
    return k


def _org_end(v: View, i: int, end: int, number: str) -> int:
    """Where an organisation's name ends: a chain of nouns («مجلس إدارة شركة …») closes at its first
    definite word («وزارة الدفاع»), after which only adjectives («الأمريكية», «المسلحة»), a genitive with
    «لل» («للأمم المتحدة») and names the model knows follow. «وزارة الدفاع تراقب طائرة», «الشرطة
    المتظاهرين», «الحكومة السودانية والمتمردين» end before the verb, object or conjunct."""
    head = v.norms[i]
    closed = head.startswith(("ال", "وال"))
    for j in range(i + 1, end):
        n = v.norms[j]
        if j in v.model_place_tokens or j in v.model_org_tokens or j in v.model_name_tokens:
            closed = True  # «صحيفة واشنطن بوست»: a name completes the chain
            continue
        if n == "عن" and v.norms[j - 1] in ("الصادر", "صادر", "الصادره", "صادره"):
            closed = False  # «البيان الصادر عن مكتب رئيس الوزراء»: the issuer follows
        elif n.startswith("لل") and len(n) > 4:
            closed = True  # «الهيئة العامة للإحصاء»
        elif n.startswith("ل") and len(n) > 3 and j + 1 < end and v.norms[j + 1].startswith("ال"):
            closed = False  # «المرصد السوري لحقوق الإنسان», «الاتحاد الدولي لكرة القدم»
        elif n.startswith("وال") and v.norms[j - 1].startswith("ل"):
            closed = True  # «للدعوة والإرشاد»: a conjunct inside the genitive
        elif n.startswith("ال"):
            stem = n[2:]
            # a plural after a singular head is its object, not its adjective («الشرطة الهراوات»)
            if (
                closed
                and number == "sg"
                and stem.endswith(("ات", "ين", "ون"))
                and not stem.endswith(("يات", "يين", "يون"))
            ):
                return j
            if closed and not _adjective_like(n) and j not in v.model_place_tokens:
                return j  # «الشرطة العراقية العثور على …»: a noun after a complete name begins the object
            closed = True
        elif n.startswith("وال"):
            if head.startswith(("ال", "وال")):
                return j  # «الحكومة السودانية والمتمردين»; not «وزارة العمل والتنمية الاجتماعية»
            closed = True
        elif closed:
            return j
    return end


def _adjective_like(n: str) -> bool:
    """Could a definite word be an adjective of the name before it? Nisba adjectives («الدولية»,
    «الأمريكيين»), participles («المتحدة», «المسلحة»), elatives and their feminines («الأحمر»,
    «الكبرى») and the listed ones (org_adjectives.txt, descriptive_modifiers.txt)."""
    stem = n[2:]
    return (
        stem.endswith(("ي", "يه", "يين", "يون", "يات"))
        or (stem.startswith("م") and len(stem) >= 4 and org_info(n) is None)  # not «المؤسسة»
        or (stem.startswith("ا") and len(stem) == 4)  # أفعل: الأحمر، الأوسط، الأعلى
        or n in ar.word_set("org_adjectives.txt")
        or n in ar.word_set("descriptive_modifiers.txt")
    )


def np_before(v: View, cue: int, floor: int, term_starts: dict[int, int] | None = None) -> NP | None:
    """An SVO subject: «وكانت الحكومة التركية أكدت»، «غير أن الرئيس الفرنسي حذّر».

    `term_starts` maps the token index of a quoted name's closing mark to its opening mark, so
    «وكانت شبكتا «سي ان ان تورك» و»ان تي في» … أكدتا» is read as one phrase.
    """
    if cue - 1 >= floor and v.norms[cue - 1] in _VERB_PARTICLES:
        cue -= 1  # «وكان خامنئي قد قال», «التي لم يكشف»: the particle belongs to the verb
    if cue - 1 >= floor and v.norms[cue - 1] in _RELATIVES:
        cue -= 1  # «السلطات المحلية التي أكدت»: the subject is the relative's antecedent
    j = cue - 1
    start = cue
    while j >= floor and j >= cue - 16:
        if term_starts and j in term_starts:
            j = term_starts[j]
            start = j
            j -= 1
            continue
        if v.is_punct(j) and v.char(j) in HARD_PUNCT:
            break
        n = v.norms[j]
        if is_complementizer(n) or n in _SVO_LEADS or is_cue_word(n) or n in _VERB_PARTICLES:
            break  # «وبحسب الصحيفة فقد تصدرت …»: a verb's particle ends what came before it
        start = j
        j -= 1
    if start >= cue:
        return None
    if is_stop(v.norms[start]) or v.norms[start] in _PREPOSITIONS:
        return None  # «وعن راموس قال»: a prepositional phrase, not a subject
    np = parse_np(v, start, limit=cue - start)
    if np is not None and np.end == cue:
        return np
    h = v.norms[start]
    if (org_info(h) or title_info(h)) and cue - start <= 16:
        kind = "org" if org_info(h) else "description"
        info = org_info(h) or title_info(h)
        return NP(start, cue, kind, gender=info.gender, number=info.number)
    # «ولا يزال مدرب مانشستر يونايتد، الهولندي لويس فان غال يؤكد»: the name right before the cue
    runs = name_runs(v, start, cue)
    if runs and runs[-1][1] == cue and not (runs[-1][0] > 0 and v.norms[runs[-1][0] - 1] in _PREPOSITIONS):
        s, e = runs[-1]
        return NP(s, e, "person", name=(s, e))
    return None


_RELATIVES = frozenset(norm(w) for w in ("الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي"))
# particles that only ever stand before a verb
_VERB_PARTICLES = frozenset(norm(p + w) for w in ("قد", "لم", "لن") for p in ("", "و", "ف")) | {"لقد"}

_PREPOSITIONS = frozenset(
    norm(w)
    for w in (
        "في",
        "على",
        "عن",
        "من",
        "إلى",
        "الى",
        "مع",
        "وعن",
        "وفي",
        "وعلى",
        "ومن",
        "وإلى",
        "ومع",
        "حول",
        "بشأن",
        "لدى",
        "ضد",
        "تجاه",
        "أمام",
        "خلال",
        "وخلال",
        "بعد",
        "قبل",
        "منذ",
    )
)


_SVO_LEADS = frozenset(
    norm(w)
    for w in (
        "كان",
        "كانت",
        "وكان",
        "وكانت",
        "يزال",
        "تزال",
        "زال",
        "زالت",
        "ظل",
        "ظلت",
        "وظل",
        "وظلت",
        "لا",
        "ولا",
        "ما",
        "وما",
        "غير",
        "إلا",
        "لكن",
        "ولكن",
        "كما",
        "فيما",
        "بينما",
        "وبينما",
        "حيث",
        "قد",
        "وقد",
        "لقد",
        "ثم",
        "جهته",
        "جهتها",
        "بدوره",
        "بدورها",
        "عندما",
        "وعندما",
    )
)


def variants(word: str) -> list[str]:
    return proclitic_variants(word)
