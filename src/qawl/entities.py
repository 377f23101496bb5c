"""Entity mentions (rules + the NER model + gazetteers) and their clustering within an article.

Finding mentions and linking them are separate steps: `find_rule_mentions` labels spans,
`cluster` groups them into entities (full name, surname, spelling variants, titles).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from qawl.document import Entity, Mention, Span
from qawl.lang.ar import (
    WordInfo,
    common_words,
    given_names_raw,
    org_heads,
    person_names,
    place_heads,
    word_set,
)
from qawl.lang.ar.phrases import (
    NP,
    View,
    is_cue_word,
    is_stop,
    name_like,
    org_info,
    parse_np,
    plausible_name_word,
    possessed,
    title_info,
)
from qawl.text.normalize import norm, proclitic_variants, strip_diacritics
from qawl.text.quotemarks import Region

log = logging.getLogger(__name__)
_NO_ORG = WordInfo(None, "sg", "")


def np_mention(v: View, np: NP, source: str = "rule") -> Mention | None:
    text = v.text
    if np.kind == "person" and np.name:
        s, e = v.toks[np.name[0]].start, v.toks[np.name[1] - 1].end
        title = None
        if np.title and np.title[1] > np.title[0]:
            ts, te = v.toks[np.title[0]].start, v.toks[np.title[1] - 1].end
            title = Span(ts, te, text[ts:te])
        return Mention(s, e, text[s:e], "PER", source, title=title)
    s, e = v.toks[np.start].start, v.toks[np.end - 1].end
    if np.kind == "org":
        if text[s] == "«" and text[e - 1] == "»":
            s, e = s + 1, e - 1  # the name inside its quotation marks
        elif text[s] == "و" and (text[s + 1 : s + 3] == "ال" or v.norms[np.start][1:] in org_heads()):
            s += 1  # «والمفوضية الأوروبية», «وإدارة البحوث»: the conjunction is not part of the name
        return Mention(s, e, text[s:e], "ORG", "description" if _generic_org(v, np) else source)
    if np.kind == "place":
        return Mention(s, e, text[s:e], "GPE", source)
    if np.kind == "description":
        head = np.start + 1 if v.norms[np.start] in ("بعض", "وبعض") and np.end > np.start + 1 else np.start
        return Mention(s, e, text[s:e], "PER" if title_info(v.norms[head]) else "ORG", "description")
    return None


def _generic_org(v: View, np: NP) -> bool:
    """«الحكومة السودانية», «القوات المسلحة الأمريكية»: a common noun for an institution and only
    adjectives (nisba «…ي/…ية», participles «الم…») after it describe it; they do not name it.
    Nor do «مجلس الإدارة» (generic_org_phrases.txt) or a head with only «الجديدة», «الحالية» and
    the like after it (descriptive_modifiers.txt)."""
    if _generic_org_words(list(v.norms[np.start : np.end])):
        return True
    heads = word_set("generic_org_heads.txt")
    first = v.norms[np.start]
    if first not in heads and not (first.startswith("و") and first[1:] in heads):
        return False
    for k in range(np.start + 1, np.end):
        n = v.norms[k]
        known = k in v.model_name_tokens or k in v.model_org_tokens or k in v.model_place_tokens
        if (
            known
            or not n.startswith("ال")
            or not (n.endswith(("ي", "يه", "يين", "يون")) or n.startswith("الم"))
        ):
            return False
    return True


def _unnamed_institution(v: View, np: NP, m: Mention) -> bool:
    """«وزارة الصناعة», «مجلس الوزراء», «المحكمة العليا»: an institution's head and common nouns,
    none of which the model read as a name and which the gazetteer does not list, describe a body
    every state has (whose, the context tells); they do not name it. It stays an entity that can
    speak, marked `described`, as ANERcorp leaves such phrases unannotated. «مجلس الأمن» and
    «وزارة الخارجية الأمريكية» are listed; «حزب الله» the model knows."""
    if any(
        k in v.model_name_tokens or k in v.model_org_tokens or k in v.model_place_tokens
        for k in range(np.start, np.end)
    ):
        return False
    return not _listed_org(m.text.split())


def describes_org(text: str) -> bool:
    """Does an organisation mention only describe one: «مجلس الإدارة», «القناة الجديدة» (see
    `_generic_org_words`), or an agency's credit by its nationality alone, «(الفرنسية)»,
    «(الألمانية)», which ANERcorp leaves unannotated all 35 times it occurs?"""
    words = text.split()
    if _generic_org_words([norm(w) for w in words]):
        return True
    return len(words) == 1 and words[0].endswith(("ية", "يه")) and _nationality(words[0])


def _generic_org_words(norms: list[str]) -> bool:
    """«مجلس الإدارة» (a body every company has) and a head with only «الجديدة», «الحالية» and the
    like after it: normalised words that describe an organisation without naming it."""
    if norms and norms[0].startswith("وال"):
        norms = [norms[0][1:], *norms[1:]]
    if " ".join(norms) in word_set("generic_org_phrases.txt"):
        return True
    return len(norms) >= 2 and all(n in word_set("descriptive_modifiers.txt") for n in norms[1:])


def find_rule_mentions(v: View, regions: list[Region]) -> list[Mention]:
    """Title + name phrases («الرئيس الفرنسي إيمانويل ماكرون») and quoted names («سابك»)."""
    out: list[Mention] = []
    text = v.text
    region_starts = {r.start for r in regions}
    for i, n in enumerate(v.norms):
        t = v.toks[i]
        if not t.is_arabic:
            continue
        ti = title_info(n)
        if ti is not None and ti.kind != "description" and not n.startswith(("ال", "وال")):
            m = _name_before_title(v, i)
            if m is not None:
                out.append(m)
        if ti is not None and ti.kind != "description":
            np = parse_np(v, i)
            if np is not None and np.kind == "person":
                m = np_mention(v, np)
                if m:
                    out.append(m)
        elif (
            (org_info(n) or _NO_ORG).kind == "org"  # not «بيان …», «تقرير …»: sources, not names
            and i + 1 < len(v.toks)
            and v.norms[i + 1].startswith("ال")
            # «المجموعة السابعة», «المركز الثاني»: a rank or a round, not an organisation
            and not (n.startswith("ال") and v.norms[i + 1] in word_set("ordinals.txt"))
            and not _inside_title(v, i)
        ):
            np = parse_np(v, i, limit=5)
            if np is not None and np.kind == "org" and np.end - np.start >= 2:
                m = np_mention(v, np)
                if m and m.source == "rule" and _unnamed_institution(v, np, m):
                    m = Mention(m.start, m.end, m.text, m.type, "description")
                if m:
                    out.append(m)
    out += _headed_places(v)
    out += _bylines(v)
    tok_at_end = {t.end: k for k, t in enumerate(v.toks)}
    names_end: set[int] = set()  # where an accepted quoted name ends: «سي ان ان» و«ان تي في»
    works_end: set[int] = set()  # where a quoted work's title ends: «روايات «اللص والكلاب» و«الطريق»»
    for r in regions:
        if r.start not in region_starts or not r.closed or not r.opened:
            continue
        s, e = r.inner
        while s < e and text[s].isspace():  # « سابك »: the name without the spaces around it
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        words = text[s:e].split()
        if not 1 <= len(words) <= 4 or any(c in text[s:e] for c in ".،,؟?!:"):
            continue
        if any(c.isdigit() for c in text[s:e]):
            continue  # «"سي 4"», «"روفر 25"»: a model or a product (ANERcorp: 2 organisations in 18)
        prev = tok_at_end.get(_end_before(text, r.start))
        before_and = _before_and(v, prev, tok_at_end)
        if _after_work_head(v, prev) or before_and in works_end:
            works_end.add(r.end)  # a title of a work, and so are the ones listed after it
            continue
        if before_and in names_end or _quoted_name(v, prev, words):
            out.append(Mention(s, e, text[s:e], "ORG", "quoted-name"))
            names_end.add(r.end)
    return out


def _before_and(v: View, prev: int | None, tok_at_end: dict[int, int]) -> int | None:
    """Where the item before a listing «و» ends (``prev``: the «و»), over a year between them
    («"رادوبيس" 1939 و"كفاح طيبة"»); None when ``prev`` is no «و»."""
    if prev is None or v.norms[prev] != "و":
        return None
    end = _end_before(v.text, v.toks[prev].start)
    k = tok_at_end.get(end)
    if k is not None and v.toks[k].text.isdigit():
        end = _end_before(v.text, v.toks[k].start)
    return end


def _after_work_head(v: View, prev: int | None) -> bool:
    """«برنامج «حكايات»», «روايته الأخيرة «…»», «المجموعة القصصية «…»»: a quotation right after a
    word that introduces a work's title, or after such a word and one adjective."""
    heads = word_set("work_heads.txt")
    for k in (prev, None if prev is None or prev == 0 else prev - 1):
        if k is None:
            return False
        if any(x in heads for x in proclitic_variants(v.norms[k])):
            return True
        if not v.norms[k].startswith("ال"):
            return False  # only an adjective («الأخيرة», «الشهيرة») may stand between
    return False


def _inside_title(v: View, i: int) -> bool:
    """«وزير الخارجية السوداني», «الشؤون الداخلية»: a ministry's short name after a title word or
    «الشؤون» belongs to that phrase."""
    if i == 0 or v.norms[i] not in word_set("ministry_shorthands.txt"):
        return False
    prev = v.norms[i - 1]
    return title_info(prev) is not None or prev in ("الشوون", "شوون")


def _name_before_title(v: View, i: int) -> Mention | None:
    """«فايزة أبوالنجا وزيرة التعاون الدولي», «بركات لاعب وسط الفريق»: a name, then its title in
    apposition (a title without the article, governing the next word). Up to three name words
    before it; a single one must be a known name."""
    if i + 1 >= len(v.toks) or not v.toks[i + 1].is_word or v.norms[i + 1] in word_set("phrase_stops.txt"):
        return None
    k = i
    family = i > 1 and _family_name(v, i - 1)
    if family:
        k = i - 1  # «وقال البدري مدير الكرة», «محمد الفلاحي مدير …»: a family name in «ال…»
    while (
        k > 0
        and i - k < 3
        and not v.norms[k - 1].startswith(("ال", "وال"))
        and name_like(v, k - 1, first=False)
    ):
        k -= 1
    if k == i or title_info(v.norms[k - 1] if k else "") is not None:
        return None  # no name, or a title before it («الوزير فايزة …»: the title rule's)
    if family and i - k > 1:
        if not _known_person_word(v, k):
            return None  # «فتعددت العرضيات امام»: not a given name before it
    elif i - k == 1 and not (_known_person_word(v, k) or (family and is_cue_word(v.norms[k - 1]))):
        # one unknown word before a title is as often a noun or a verb («ركوب», «رعى»); a family
        # name right after a speech verb is the speaker («وقال البدري مدير الكرة»)
        return None
    s, e = v.toks[k].start, v.toks[i - 1].end
    if v.text[s] == "و" and k in v.model_name_tokens:
        s += 1
    ts, te = v.toks[i].start, v.toks[i + 1].end
    return Mention(s, e, v.text[s:e], "PER", "apposition", title=Span(ts, te, v.text[ts:te]))


_DASHES = frozenset("ـ-–—:")


def _bylines(v: View) -> list[Mention]:
    """«غزة ـ من أشرف أبوالهول:», «لندن: معد فياض بغداد:», «كتب - محمد عبدالمقصود:»: at the start
    of a line, a dateline (a place, or «كتب», «متابعة»: byline_heads.txt), a dash or a colon, then
    two or three words ending at another dash or colon, or at the next city's dateline: the
    reporter. One of the words must be a listed or found name, so that «عواصم - وكالات الأنباء:»
    and an agency's initials stay out."""
    text = v.text
    seen = [k for k, t in enumerate(v.toks) if text[t.start : t.end].strip("\u200e\u200f\u200b ")]
    out = []

    def dash(p: int) -> bool:
        return p < len(seen) and v.toks[seen[p]].text in _DASHES

    for p, k in enumerate(seen):
        if p and "\n" not in text[v.toks[seen[p - 1]].end : v.toks[k].start]:
            continue  # not the first word of its line
        q = p
        if v.norms[k] in word_set("byline_heads.txt"):
            q += 1
        else:
            while q < len(seen) and seen[q] in v.model_place_tokens:
                q += 1
        if q == p or not dash(q):
            continue
        q += 1
        if q < len(seen) and v.norms[seen[q]] == "من":
            q += 1  # «غزة ـ من أشرف أبوالهول»
        r = q
        while r < len(seen) and r - q < 3 and _byline_word(v, seen[r], r == q):
            r += 1
        if r - q < 2 or not (dash(r) or (r < len(seen) and seen[r] in v.model_place_tokens)):
            continue
        if not any(_known_person_word(v, seen[j]) or seen[j] in v.model_name_tokens for j in range(q, r)):
            continue
        s, e = v.toks[seen[q]].start, v.toks[seen[r - 1]].end
        out.append(Mention(s, e, text[s:e], "PER", "byline"))
    return out


def _byline_word(v: View, k: int, first: bool) -> bool:
    t, n = v.toks[k], v.norms[k]
    if not t.is_word or len(n) < 2 or k in v.model_place_tokens or k in v.model_org_tokens:
        return False
    if first and n.startswith("ال"):
        return False  # a reporter's name starts with a given name
    return not (is_stop(n) or title_info(n) or org_info(n) or is_cue_word(n))


def _family_name(v: View, k: int) -> bool:
    """«البدري», «الآلوسي»: a word in «ال…» that is no common word, place, organisation or
    nationality can be a family name."""
    n, t = v.norms[k], v.toks[k]
    return (
        t.is_arabic
        and n.startswith("ال")
        and len(n) >= 5
        and n not in common_words()
        and k not in v.model_place_tokens
        and k not in v.model_org_tokens
        and not _nationality(t.text)
        and title_info(n) is None
        and org_info(n) is None
    )


def _known_person_word(v: View, k: int) -> bool:
    n = v.norms[k]
    if "ال" + n in word_set("ordinals.txt"):
        return False  # «ثاني لاعب»: an ordinal, though «ثاني» is a name too
    return k in v.model_name_tokens or n in v.known_names or n in person_names()


def _headed_places(v: View) -> list[Mention]:
    """«مطار الكويت الدولي», «قاعدة انجيرليك», «إقليم كردستان»: a place head word (place_heads.tsv)
    and the place or name after it, with a following adjective in «ال…ي» («الدولي», «الجوية»)."""
    heads = place_heads()
    out = []
    toks, text = v.toks, v.text
    for i, t in enumerate(toks[:-1]):
        n = v.norms[i]
        stripped = 0
        if n not in heads and n[:1] in "ول" and n[1:] in heads:
            n, stripped = n[1:], 1  # «لاقليم كردستان», «ومطار القاهرة»
        if n not in heads:
            continue
        k = i + 1
        if not (k in v.model_place_tokens or k in v.model_name_tokens or _unknown_name_word(v, k)):
            continue
        k += 1
        while k < len(toks) and k - i < 3 and (k in v.model_place_tokens or _unknown_name_word(v, k)):
            k += 1
        if (
            k < len(toks)
            and v.norms[k].startswith("ال")
            and v.norms[k].endswith(("ي", "يه"))
            and not is_stop(v.norms[k])
        ):
            k += 1  # «الدولي», «الجوية»; not «الذي»
        s, e = t.start + stripped, toks[k - 1].end
        out.append(Mention(s, e, text[s:e], heads[n], "place-head"))
    return out


def _unknown_name_word(v: View, k: int) -> bool:
    """A word that reads as a name and no list or model knows («انجيرليك»)."""
    n = v.norms[k]
    if n.startswith(("ال", "بال", "لل", "كال", "وال")) or n.endswith(("اتهم", "اتها", "اته", "اتنا")):
        return False  # a definite noun, or a plural with a possessive («خلافاتهم»): not a name
    return v.toks[k].is_arabic and name_like(v, k, first=True)


def _end_before(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos


def _verb_form(n: str) -> bool:
    """A past plural («فشلوا») or a future («سيعمل») verb: a quoted word so formed is not a name."""
    return len(n) >= 4 and (n.endswith("وا") or (n.startswith("س") and n[1:2] in "يتن" and len(n) >= 5))


@lru_cache(maxsize=1)
def _pious_formulas() -> frozenset[str]:
    from qawl.lang.ar import raw_lines

    return frozenset(" ".join(norm(w) for w in ln.split()) for ln in raw_lines("pious_formulas.txt"))


def is_pious_formula(text: str) -> bool:
    """«رحمه الله», «شفاه الله», «صلى الله عليه وسلم» (pious_formulas.txt): a blessing, no name."""
    words = [norm(w) for w in text.strip('«»"“” ').split()]
    if words and words[0][:1] == "و" and " ".join([words[0][1:], *words[1:]]) in _pious_formulas():
        return True
    return " ".join(words) in _pious_formulas()


def _quoted_name(v: View, prev: int | None, words: list[str]) -> bool:
    """A short quotation that names something: after a head word («صحيفة «عكاظ»», «لـ«سابك»»),
    or a word or two that are not ordinary vocabulary («نزاهة» is, «سابك» is not). A quoted
    phrase of common words is a term or a scare quote («إنجاز المهمة»), not a name."""
    if is_pious_formula(" ".join(words)):
        return False  # «محمد رمضان «شفاه الله»»: a blessing after a name
    if prev is not None:
        n = v.norms[prev]
        if n in ("ل", "لـ", "لدي") or v.toks[prev].text in ("لـ", "للـ"):
            return True  # «قال لـ«عكاظ»», «المسجلين لدى «تداول»»; not «بـ«نعم»»
        if any(org_info(x) is not None for x in (n, *proclitic_variants(n))):
            return True  # «صحيفة «الرأي»», «لصحيفة «الرأي»»
    if len(words) == 1:
        n = norm(words[0])
        # «تداول», «سابك»; not «نعم», «لا», nor a word or a verb quoted for emphasis («"فشلوا"»,
        # «"القيادة"», «"تمزيق"») or a cue caught between quotations («"وأضاف"»)
        return (
            not is_stop(n)
            and not is_cue_word(n)
            and not any(x in common_words() for x in proclitic_variants(n))
            and not _verb_form(n)
        )
    return len(words) == 2 and not all(norm(w) in common_words() for w in words)


def model_mentions(text: str, tokens) -> list[Mention]:
    """The trained NER model and gazetteers, when the package ships them."""
    try:
        from qawl.ner import find_mentions
    except ImportError:  # the model is optional at this layer; rules still run
        return []
    from qawl.ner.tagger import ModelError

    try:
        found = [
            m
            for m in find_mentions(text, tokens, titles=False)
            if m.type in ("PER", "ORG", "GPE", "LOC", "TITLE") and not is_pious_formula(m.text)
        ]
        for m in found:
            if m.type == "ORG" and describes_org(m.text):
                m.source = "description"  # «القناة الجديدة»: the model's span, but no name
        found = drop_lone_common_words(found)
        return [
            t
            for t in (_trim_mention(text, x) for m in found for x in _split_org_list(text, m))
            if t is not None
        ]
    except ModelError as exc:  # a source checkout before `qawl train ner`: rules still work
        log.warning("NER model not available: %s", exc)
        return []


def drop_lone_common_words(found: list[Mention]) -> list[Mention]:
    """A one-word person that is a common word («الثاني», «لصالح», «ليتر») is a misreading, unless
    the article also names someone with it as a later word of a longer name («بركات» after
    «محمد بركات»): surnames are often common words, given names are listed."""
    later = {norm(w) for m in found if m.type == "PER" for w in m.text.split()[1:]}
    return [
        m
        for m in found
        if not (
            m.type == "PER"
            and " " not in m.text
            and not plausible_name_word(m.text)
            and norm(m.text) not in later
        )
    ]


def _proper_word(word: str) -> bool:
    """A word that can only be part of a name: no article, no common word, no digits."""
    n = norm(word)
    return (
        len(n) >= 2
        and n.isalpha()  # no digits, nor «"اس"» with its quotation marks (the quoted-name rule has that)
        and not n.startswith(("ال", "وال", "لل"))
        and n not in common_words()  # the word as written: «فورد» is no «ف» + «ورد»
        and org_info(n) is None
    )


def _nationality(word: str) -> bool:
    """«الفرنسية», «البريطاني»: a nationality adjective (masculine forms in nationalities.txt and
    club_words.tsv)."""
    from qawl.ner.normalize import fold_word

    f = fold_word(word)
    nationalities = _nationalities()
    return f in nationalities or (f.endswith("ه") and f[:-1] in nationalities)


@lru_cache(maxsize=1)
def _nationalities() -> frozenset[str]:
    from qawl.lang.ar import raw_lines
    from qawl.ner.gazetteers import load
    from qawl.ner.normalize import fold_word

    return frozenset(load().club_words["nationality"]) | {
        fold_word(w) for w in raw_lines("nationalities.txt")
    }


def _listed(words: list[str]) -> str | None:
    """What the gazetteers list ``words`` as: org, else a place kind (country, city, alias), else
    None. An organisation wins: «نوكيا» is a company before it is a Finnish town."""
    from qawl.ner.gazetteers import load
    from qawl.ner.normalize import fold_word

    gaz = load()
    key = tuple(fold_word(w) for w in words)
    if key in gaz.org_names:
        return "org"
    place = gaz.places.get(key)
    return place.kind if place is not None else None


def _listed_org(words: list[str]) -> bool:
    return _listed(words) == "org"


def proper_org_name(text: str, m: Mention) -> Mention:
    """An organisation with a proper name is named by it: a descriptive head before it and
    nationality adjectives after it are left out («شركة توتال الفرنسية» -> «توتال», «حركة حماس» ->
    «حماس», «شركة شل البريطانية الهولندية» -> «شل»), so that the same company is one entity however
    the article describes it. A name of common words keeps both («الحزب الشيوعي الصيني»)."""
    words = [(w.start(), w.end()) for w in _WORD.finditer(text, m.start, m.end)]
    if len(words) < 2:
        return m
    raw = [text[a:b] for a, b in words]
    s, e = 0, len(words)
    while e - s > 1 and _nationality(raw[e - 1]):
        e -= 1
    head = norm(raw[0]) in word_set("org_descriptor_heads.txt")
    if head and e - s > 1:
        k = 1
        while k < e - 1 and _nationality(raw[k]):
            k += 1  # «الشركة الروسية البريطانية تي إن كي بي بي»
        rest = _listed(raw[k:e])
        # «حماس» is also a common word; «نادي جدة», «وكالة تونس …» are no places: they keep the head
        if (
            _proper_word(raw[k]) and rest in (None, "org") and _listed(raw[k : k + 1]) in (None, "org")
        ) or rest == "org":
            s = k
    core = raw[s:e] if s else raw[int(head) : e]  # the words that must make a proper name
    # a proper name only: «ريال مدريد الإسباني» -> «ريال مدريد»; «خفر السواحل الليبي» is described
    if (s, e) == (0, len(words)) or not (
        (core and all(_proper_word(w) for w in core)) or _listed_org(raw[s:e])
    ):
        return m
    a, b = words[s][0], words[e - 1][1]
    return Mention(a, b, text[a:b], m.type, m.source, m.title, m.entity)


def _split_org_list(text: str, m: Mention) -> list[Mention]:
    """Organisations the model read as one: cut before «و» + a head word («توتال الفرنسية والشركة
    الروسية …») and around «و» + a possessed noun («كرونوس ريسينغ وشريكته سيتروين»). Not before
    other conjuncts, which belong to the name («حزب العدالة والتنمية»)."""
    if m.type != "ORG":
        return [m]
    words = [(w.start(), w.end()) for w in _WORD.finditer(text, m.start, m.end)]
    parts, start = [], 0
    for k in range(1, len(words)):
        w = text[words[k][0] : words[k][1]]
        if not w.startswith("و") or len(w) < 4:
            continue
        if (org_info(norm(w[1:])) or _NO_ORG).kind == "org":
            parts.append((start, k))
            start = k
        elif possessed(w[1:]) and k + 1 < len(words):
            parts.append((start, k))
            start = k + 1  # «وشريكته»: the partner is named next
    if not parts:
        return [m]
    parts.append((start, len(words)))
    out = []
    for a, b in parts:
        if b > a:
            s, e = words[a][0], words[b - 1][1]
            out.append(Mention(s, e, text[s:e], m.type, m.source, m.title, m.entity))
    return out


def _trim_mention(text: str, m: Mention) -> Mention | None:
    """Drop cue and title words the model put at the edges of a name («روى البخاري» -> «البخاري»),
    and the conjunction or preposition glued to an organisation's head word («لشركة الخليج»)."""
    if m.type == "ORG":
        m = proper_org_name(text, m)
        first = text[m.start : m.end].split()[0]
        for k in (1, 2):
            rest = first[k:]
            if (
                len(rest) >= 3
                and all(c in "وفلب" for c in first[:k])
                and "لل" not in first[: k + 1]  # «للمعهد»: ل + ال with the alef dropped, no word left
                and (org_info(norm(rest)) or _NO_ORG).kind == "org"
            ):
                s = m.start + k
                return Mention(s, m.end, text[s : m.end], m.type, m.source, m.title, m.entity)
        return m
    if m.type != "PER":
        return m
    from qawl.lang.ar.phrases import is_cue_word, is_stop

    words = [(w.start(), w.end()) for w in _WORD.finditer(text, m.start, m.end)]

    def not_name(k: int, first: bool) -> bool:
        w = text[words[k][0] : words[k][1]]
        if first and len(words) > 1 and strip_diacritics(w) in given_names_raw():
            return False  # «علي الحجار»: the name «علي», which normalises like the preposition «على»
        n = norm(w)
        if first and len(words) > 1 and _bare_rank_name(w, n):
            return False  # «سيد ليلاز», «عماد الحوسني»: a given name, not «السيد», «العماد»
        if not first and len(words) > 2:
            info = title_info(n)
            if info is not None and info.kind == "office" and n.startswith("ال"):
                return True  # «علي محمد العياشي القنصل»: his office after the name
            if n.startswith("وال") and len(n) > 5:
                return True  # «روبن فان بيرسي والكولومبي»: the next phrase, joined by «و»
        return is_cue_word(n) or is_stop(n) or (first and title_info(n) is not None)

    while words and not_name(0, True):
        words.pop(0)
    while words and not_name(-1, False):
        words.pop()
    if not words:
        return None
    s, e = words[0][0], words[-1][1]
    s += _glued_clitic(text[s : words[0][1]])  # «وخالد قدسي», «لديفيد سيلفا»
    if (s, e) == (m.start, m.end):
        return m
    return Mention(s, e, text[s:e], m.type, m.source, m.title, m.entity)


_WORD = re.compile(r"\S+")


def _glued_clitic(word: str) -> int:
    """«وخالد», «لنجيب», «لديفيد»: a conjunction or preposition glued to a listed given name;
    how many letters to leave out. «وليد», «لبنى» are names of their own (given_names.txt)."""
    from qawl.ner.gazetteers import load
    from qawl.ner.normalize import fold_word

    g = load()
    f = fold_word(word)
    if f in g.given_names or f in g.person_names:
        return 0
    # after «و»/«ل», any listed name («لديفيد»); «ب»/«ف» open many foreign names, so Arabic ones only
    return 1 if f[:1] in "ول" and f[1:] in g.names or f[:1] in "بف" and f[1:] in g.given_names else 0


def _bare_rank_name(word: str, n: str) -> bool:
    """A rank that is also a given name, written without the article: «سيد», «عماد», «شيخ».
    As a rank it takes the article («السيد فلان», «العماد ميشال عون»); bare, it opens a name (in
    ANERcorp's training part, 10 times out of 10 before a person)."""
    bare = word.lstrip("وف")
    info = title_info(n)
    return not bare.startswith("ال") and info is not None and info.kind == "rank" and n in person_names()


def prefer_model_people(text: str, rule_people: list[Mention], model: list[Mention]) -> list[Mention]:
    """A title rule's person ends where the model found another name after «و» («الرئيس جورج بوش
    ورايس», «الفنانة أم كلثوم وعبد الحليم حافظ»), and gives way to the model's where the model's
    name reaches past it: «الخبير الاقتصادي أمين فارس» (the rule read «أمين» as part of the
    title), «الحسن بن علي» (the rule stopped at «علي», which is also the preposition «على»); the
    rule's title then goes to the model's name. Otherwise the rule stays: it attaches the title,
    and joins a name the model cut in two."""
    out = []
    for r in rule_people:
        overlap = [m for m in model if m.type == "PER" and m.start < r.end and r.start < m.end]
        cut = min(
            (w for m in overlap if (w := _word_start(text, m.start)) > r.start and text[w] == "و"),
            default=None,
        )
        if cut is not None and text[r.start : cut].strip():
            end = r.start + len(text[r.start : cut].rstrip())
            r = Mention(r.start, end, text[r.start : end], "PER", r.source, r.title)
            overlap = [m for m in overlap if m.start < end]
        if any(_name_reaches_past(text, m, r) for m in overlap):
            inside = [m for m in overlap if m.start >= r.start]
            if r.title is not None and inside and r.title.end <= inside[0].start and inside[0].title is None:
                inside[0].title = r.title
            continue
        out.append(r)
    return out


def _word_start(text: str, pos: int) -> int:
    """Where the word holding ``pos`` starts (a mention may leave out its «و»)."""
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _name_reaches_past(text: str, m: Mention, r: Mention) -> bool:
    """Does the model's name ``m`` go on past the rule's ``r`` with name words only: before it,
    listed names («مسلم», «أمين», «عبدالرقيب»: not «بنجران», «لولاية», «آية»); after it, words
    that can be names («علي» after «الحسن بن»)?"""
    before = text[m.start : r.start].split() if m.start < r.start else []
    after = text[r.end : m.end].split() if m.end > r.end else []
    names = person_names()
    return (bool(before) or bool(after)) and (
        all(norm(w) in names or norm(w).startswith("عبد") for w in before)
        and all(plausible_name_word(w) or norm(w) in names for w in after)
    )


def merge_mentions(*groups: list[Mention]) -> list[Mention]:
    """Overlaps resolved by priority: earlier groups win, longer spans win within a group."""
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for group in groups:
        for m in sorted(group, key=lambda m: (-(m.end - m.start), m.start)):
            if any(m.start < e and s < m.end for s, e in taken):
                continue
            taken.append((m.start, m.end))
            out.append(m)
    out.sort(key=lambda m: m.start)
    return out


@lru_cache(maxsize=65536)
def name_key(text: str) -> tuple[str, ...]:
    return tuple(norm(w) for w in text.split() if norm(w))


def _entity_name(m: Mention) -> str:
    """The mention as a name: «للأمم المتحدة» (ل + ال, the alef dropped, so the mention cannot
    leave the preposition out) names «الأمم المتحدة»."""
    name = strip_diacritics(m.text)
    if m.type != "PER":
        for k in (0, 1):
            first = name.split()[0]
            if first[k : k + 2] == "لل" and (k == 0 or name[0] in "وف") and len(first) > k + 3:
                definite = norm("ال" + first[k + 2 :])
                # not «لليفربول» (ل + «ليفربول»): only a definite word that exists
                if definite in common_words() or org_info(definite) is not None:
                    return "ال" + name[k + 2 :]
    return name


def _bare_keys(text: str) -> list[tuple[str, ...]]:
    """The name keys of ``text`` with a conjunction or preposition taken off its first word."""
    key = name_key(text)
    if not key:
        return []
    return [(var, *key[1:]) for var in proclitic_variants(text.split()[0])[1:]]


def _close(a: str, b: str) -> bool:
    """Transliteration variants: «رومينيغيه»/«رومينيغه», «بنيتيز»/«بينيتيز» (one long vowel)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[k] in "اويى" and long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


class Clusters:
    """Entities of one article, built from its mentions."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._keys: list[tuple[str, ...]] = []  # longest name key of each entity
        self._all_keys: list[set[tuple[str, ...]]] = []

    def find(self, text: str, type_: str | None = None) -> Entity | None:
        key = name_key(text)
        if not key:
            return None
        for k, e in enumerate(self.entities):
            if type_ and not _compatible(e.type, type_):
                continue
            if key in self._all_keys[k]:
                return e
        if type_ == "PER" or type_ is None:
            for k, e in enumerate(self.entities):
                if e.type != "PER" or e.described:
                    continue
                full = self._keys[k]
                if len(key) < len(full) and (
                    full[-len(key) :] == key or full[: len(key)] == key and len(key) >= 2
                ):
                    return e
                if len(key) == 1 and _close(key[0], full[-1]):
                    return e
                # «البنيان» was seen first (a headline), «يوسف البنيان» comes later: the same person
                if len(full) < len(key) and key[-len(full) :] == full:
                    return e
        return None

    def add(self, m: Mention, described: bool = False) -> Entity:
        e = self.find(m.text, m.type)
        key = name_key(m.text)
        if e is None and m.type == "PER" and len(key) == 1 and m.text.startswith("لل") and len(m.text) > 4:
            e = self.find("ال" + m.text[2:], "PER")  # «وفقا للخزرجي»: the «الخزرجي» named before
        if e is None and m.type != "PER" and key:
            # «لأوكرانيا» joins «أوكرانيا», «للأمم المتحدة» joins «الأمم المتحدة» (and the other way
            # round: an entity keeps its mentions' keys without their clitics, see below)
            for bare in _bare_keys(m.text):
                e = self.find(" ".join(bare), m.type)
                if e is not None:
                    break
        if e is None:
            e = Entity(
                id=f"e{len(self.entities) + 1}",
                name=_entity_name(m),
                type=m.type,
                described=described or m.source == "description",
            )
            self.entities.append(e)
            self._keys.append(name_key(m.text))
            self._all_keys.append(set())
        k = self.entities.index(e)
        self._all_keys[k].add(key)
        if e.type != "PER" and key:
            self._all_keys[k].update(_bare_keys(m.text))
            if key in _bare_keys(e.name):
                e.name = strip_diacritics(m.text)  # «الأمم المتحدة» names it better than «للأمم المتحدة»
        if len(name_key(m.text)) > len(self._keys[k]) and e.type == "PER":
            self._keys[k] = name_key(m.text)
            e.name = strip_diacritics(m.text)
        span = Span(m.start, m.end, m.text)
        # one occurrence, one mention: a speaker phrase's shorter reading of a name already found
        # there («طيب اردوغان» inside «رجب طيب اردوغان») adds nothing; a longer one replaces it
        inner = [x for x in e.mentions if m.start <= x.start and x.end <= m.end]
        if not any(x.start <= m.start and m.end <= x.end for x in e.mentions):
            e.mentions = [x for x in e.mentions if x not in inner] + [span]
        if m.title is not None:
            t = strip_diacritics(m.title.text).strip()
            if t and t not in e.titles:
                e.titles.append(t)
        m.entity = e.id
        return e

    def entity_by_id(self, entity_id: str | None) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def by_title(self, title: str) -> Entity | None:
        """The person the article gave this title («الرئيس الفرنسي» -> Macron)."""
        key = norm(title)
        best = None
        for e in self.entities:
            if e.type != "PER" or e.described:
                continue
            for t in e.titles:
                nt = norm(t)
                if nt == key or nt.startswith(key + " ") or nt.endswith(" " + key):
                    return e
                if key.startswith(nt + " ") and best is None:
                    best = e
        return best

    def salient(self, type_: str, head: str | None = None, before: int | None = None) -> Entity | None:
        """The most mentioned entity of a type; with `head` («الوزارة»), the most mentioned of
        those whose name starts with that noun («وزارة الصحة») when there is one, or, with `before`
        (where the noun stands), the one named last in the few lines before it: an article about
        one university that names another in passing says «الجامعة» of the one it just named."""
        pool = [e for e in self.entities if _compatible(e.type, type_) and not e.described]
        if head:
            # «الحكومة» refers back to «الحكومة السودانية» too, a described organisation
            pool = [
                e
                for e in self.entities
                if _compatible(e.type, type_) and (e.type != "PER" or not e.described)
            ]
        if not pool:
            return None
        if head:
            h = norm(head).removeprefix("ال")
            headed = [
                e
                for e in pool
                if any(
                    norm(n).removeprefix("ال").startswith(h) for n in (e.name, *(m.text for m in e.mentions))
                )
            ]
            if before is not None:
                # «وأضافت الصحيفة البريطانية» further on is not what «الصحيفة» refers back to
                headed = [e for e in headed if any(m.start < before for m in e.mentions)]
            pool = headed or pool
            if headed and before is not None:
                last = {
                    e.id: max((m.start for m in e.mentions if m.start < before), default=-1) for e in headed
                }
                near = max(headed, key=lambda e: last[e.id])
                if before - last[near.id] <= _RECENT_CHARS:
                    return near
        return max(pool, key=lambda e: len(e.mentions))


_RECENT_CHARS = 600  # about a paragraph


def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} <= {"GPE", "LOC"}
