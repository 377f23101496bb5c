"""find_mentions: the CRF model and the place gazetteers combined, with offsets into the text."""

from __future__ import annotations

import functools

import regex

from qawl.document import Mention, Span
from qawl.lang.ar import common_words, raw_lines, word_set
from qawl.ner.evaluate import bio_spans as _spans
from qawl.ner.gazetteers import Place
from qawl.ner.gazetteers import load as load_gazetteers
from qawl.ner.normalize import CONJ, PREP, clitic_variants, fold, fold_word
from qawl.ner.tagger import load_tagger
from qawl.text.normalize import norm, proclitic_variants, strip_diacritics
from qawl.text.tokens import Token, tokenize

_ENDS = frozenset(".!?؟")
_ARABIC = regex.compile(r"[\u0621-\u064A]")
MAX_SENTENCE = 150  # tokens: longer stretches without a full stop are cut (keeps tagging linear)
_MODEL_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OCC": "TITLE"}
_CLITICS = frozenset(CONJ + PREP)


def sentences(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped into sentences: a break after . ! ? ؟ and at every newline."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    prev_end = None
    for t in tokens:
        if cur and ((prev_end is not None and "\n" in text[prev_end : t.start]) or len(cur) >= MAX_SENTENCE):
            out.append(cur)
            cur = []
        cur.append(t)
        prev_end = t.end
        if t.text in _ENDS:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _strip_start(word: str, place: Place, variant: int) -> int:
    """How many leading clitic letters of ``word`` to leave out of a GPE mention (0, 1 or 2)."""
    if variant == 0:
        return 0
    key = fold(place.name.split()[0])
    for k in (1, 2):
        if len(word) - k >= 2 and all(c in _CLITICS for c in word[:k]) and fold(word[k:]) == key:
            return k
    return 0


def _spelling_variants(words: list[str], gaz) -> list[tuple[int, int, Place, int]]:
    """Listed transliterated names spelt otherwise than listed («سلتيك» for «سيلتيك»); one word
    that is also an everyday word or a listed person's name is left to the model."""
    out = []
    for ps, pe, p, v in gaz.match_variants(words):
        cv = clitic_variants(words[ps])
        if pe - ps == 1 and (
            cv[v] in gaz.names or cv[v] in gaz.stop or any(norm(x) in common_words() for x in (*cv, p.name))
        ):
            continue
        out.append((ps, pe, p, v))
    return out


def _variant_strip(word: str, v: int) -> int:
    """Letters of the clitic to leave out of a spelling variant's mention («لسلتيك» -> 1)."""
    cv = clitic_variants(word)
    strip = len(cv[0]) - len(cv[v]) if v else 0
    return strip if strip in (1, 2) else 0


def _common_word_with_clitics(word: str, name: str) -> bool:
    """A listed organisation whose name is also a common word, found with a preposition or the
    article glued to it: «بحماس مماثل» (with enthusiasm), «زاد الحماس»; «حماس», «وحماس» stay."""
    f, n = fold(word), fold(name)
    return f not in (n, "و" + n) and (norm(name) in common_words() or norm("ال" + name) in common_words())


def _family_names(words: list[str], spans: list[tuple[str, int, int]], gaz) -> list[tuple[str, int, int]]:
    """A person the model ended before a listed family name that is also an adjective goes on
    over it: «فايز الشهري», «خالد الحربي» (family_names.txt)."""
    starts = {s for _t, s, _e in spans}
    out = []
    for typ, s, e in spans:
        if typ == "PER" and e < len(words) and e not in starts and fold(words[e]) in gaz.family_names:
            e += 1
        out.append((typ, s, e))
    return out


def _surnames(all_words: list[list[str]], all_spans: list[list[tuple[str, int, int]]], gaz) -> frozenset[str]:
    """Last words of the multi-word person names the model found in the text: one sense per
    article lets them mark the person elsewhere, before a town of the same name does."""
    out = set()
    for words, spans in zip(all_words, all_spans, strict=True):
        for typ, s, e in spans:
            if typ == "PER" and e - s >= 2:
                last = clitic_variants(words[e - 1])[-1]
                if len(last) >= 3 and last not in gaz.given_names:
                    out.add(last)
    return frozenset(out)


def _everyday_word(word: str, place: Place, gaz) -> bool:
    """«وكيل» (deputy) is no «و» + Kiel, «بليون» (billion) no «ب» + Lyon, «لجان» (committees) no
    «ل» + Jean: a word that is an everyday word as written keeps its first letter, unless the rest
    names a country or one of the Arab world's cities of a million people («وجدة»: and Jeddah)."""
    return place.kind == "city" and fold(place.name) not in gaz.big_cities and norm(word) in common_words()


def _loc_type(words: list[str], s: int, e: int, places: list[tuple[int, int, Place, int]], loc_words) -> str:
    for ps, pe, p, _v in places:
        if ps < e and s < pe:
            return p.type
    if fold(words[s]) in loc_words or (len(words[s]) > 3 and fold(words[s][1:]) in loc_words):
        return "LOC"
    return "GPE"


def find_mentions(
    text: str, tokens: list[Token] | None = None, titles: bool = True, model: str | None = None
) -> list[Mention]:
    """Entity mentions (PER, ORG, GPE, LOC) and titles (TITLE) in ``text``, sorted by offset.

    The entity model tags the sentences (all in one batch); the gazetteers then add any listed
    country, city or organisation the model missed (``source='gazetteer'``) and decide GPE
    against LOC. A leading و/ف/ب/ل/ك is left out of a GPE mention whose rest is a listed place
    («لأوكرانيا» -> «أوكرانيا»). ``tokens`` (from :func:`qawl.text.tokens.tokenize`) may be passed
    to avoid tokenising twice.
    ``titles=False`` skips the title model (TITLE spans): the extraction pipeline finds titles with
    its own title-chain rules, and the model costs about a fifth of the article's time.
    Sentences without Arabic letters are skipped (English NER is another component's job).
    ``model``: "bilstm" or "crf" to choose the entity model (default: the shipped one).
    """
    if tokens is None:
        tokens = tokenize(text)
    tagger = load_tagger(model)
    gaz = load_gazetteers()
    out: list[Mention] = []
    done: list[tuple[list[Token], list[str], list[bool]]] = []
    sents = [s for s in sentences(text, tokens) if any(_ARABIC.search(t.text) for t in s)]
    all_words = [[t.text for t in sent] for sent in sents]
    all_places = [gaz.match_places(words) for words in all_words]
    labels = tagger.tag_sentences(all_words, all_places, with_titles=titles)
    all_spans = [_spans(tags) for tags, _occ in labels]
    surnames = _surnames(all_words, all_spans, gaz)
    for sent, words, places, model_spans, (_tags, occ) in zip(
        sents, all_words, all_places, all_spans, labels, strict=True
    ):
        found: list[tuple[str, int, int, str, int]] = []  # type, start, end, source, strip
        taken = [False] * len(words)
        spans, split_at = _split_listed_names(
            words, _whole_names(words, _family_names(words, model_spans, gaz), gaz), gaz
        )
        listed = _conjoined_people(words, spans, places, gaz)
        spans = [x for x in spans if not any(a < x[2] and x[1] < b for a, b in listed)]
        spans += [("PER", a, b) for a, b in listed]
        split_at |= set(listed)
        variants = _spelling_variants(words, gaz)
        clubs = _clubs(words, places, gaz)
        for s, e, strip in clubs:
            # a club name wins over what the model made of its parts («أولمبيك» + the city «آسفي»)
            # unless the model found a longer organisation around it
            if any(typ == "ORG" and ms <= s and e <= me for typ, ms, me in spans):
                continue
            # what the model read past the club stays («فريق هجر أحمد الناظري»: a person follows)
            spans = [(typ, ms, me) for typ, ms, me in spans if me <= s or e <= ms] + [
                (typ, e, me) for typ, ms, me in spans if typ == "PER" and s <= ms < e < me
            ]
            taken[s:e] = [True] * (e - s)
            found.append(("ORG", s, e, "gazetteer", strip))
        for typ, s, e in spans:
            t = _MODEL_TYPES.get(typ)
            if t is None or t == "TITLE":
                continue
            money = [
                clitic_variants(w)[-1] in gaz.currencies or fold(w) in gaz.currencies for w in words[s:e]
            ]
            if all(money) or (t == "PER" and money[-1]):
                continue  # «ارتفع اليورو», «مليار درهم»: a currency, whatever the model says
            if (
                e - s == 1
                and _function_word(words[s])
                and clitic_variants(words[s])[-1] not in gaz.given_names
            ):
                continue  # «التي», «بعد»: a particle is never a name (nor spreads as one); «علي» may be
            strip = 0
            if t == "LOC":
                t = _loc_type(words, s, e, places, gaz.loc_words)
                if (
                    e - s == 1
                    and s
                    and fold(words[s - 1]) in gaz.titles
                    and clitic_variants(words[s])[-1] in surnames
                ):
                    t = "PER"  # «الرئيس بخاري» after «محمد بخاري»: the president, not Bukhara
            # a name listed as written, else one spelt otherwise («هونج كونج» for «هونغ كونغ»)
            listed = [x for x in places if x[0] == s]
            for ps, pe, p, v in listed or [x for x in variants if x[0] == s]:
                # a listed organisation wins over the model's type and extent («بوكو حرام» is no person)
                if ps == s and pe >= e and (t in ("GPE", "LOC") or p.kind == "org"):
                    e = pe  # the listed name is longer than what the model found
                    t = p.type
                    strip = _strip_start(words[s], p, v) if listed else _variant_strip(words[s], v)
                elif ps == s and pe == e and t == "PER" and p.kind == "country":
                    t = "GPE"
                    strip = _strip_start(words[s], p, v) if listed else _variant_strip(words[s], v)
            if any(taken[s:e]):
                continue
            for k in range(s, e):
                taken[k] = True
            found.append((t, s, e, "model", strip))
        for ps, pe, p, v in places:
            if any(taken[ps:pe]):
                continue
            if pe - ps == 1 and fold(p.name) in gaz.stop:
                continue
            if pe - ps == 1 and p.kind == "org" and _common_word_with_clitics(words[ps], p.name):
                continue
            if pe - ps == 1 and v and _everyday_word(words[ps], p, gaz):
                continue
            if pe - ps == 1 and p.kind == "city" and clitic_variants(words[ps])[-1] in surnames:
                continue  # «الرئيس بخاري» after «محمد بخاري»: the person's name, not Bukhara
            for k in range(ps, pe):
                taken[k] = True
            found.append((p.type, ps, pe, "gazetteer", _strip_start(words[ps], p, v)))
        for ps, pe, p, v in variants:
            if any(taken[ps:pe]):
                continue
            for k in range(ps, pe):
                taken[k] = True
            found.append((p.type, ps, pe, "gazetteer", _variant_strip(words[ps], v)))
        for t, s, e, src, strip in found:
            if t == "PER" and (s, e) in split_at:
                strip = 1  # «وحسن مصطفى» in a list: the name starts after the conjunction
            a, b = sent[s].start + strip, sent[e - 1].end
            out.append(Mention(a, b, text[a:b], t, source=src))
        if occ is not None:
            for typ, s, e in _spans(occ):
                if typ == "OCC":
                    a, b = sent[s].start, sent[e - 1].end
                    out.append(Mention(a, b, text[a:b], "TITLE", source="model"))
        done.append((sent, words, taken))
    out += _propagate(text, out, done, gaz)
    out.sort(key=lambda m: (m.start, -m.end))
    _attach_titles(text, out)
    return out


def _clubs(words: list[str], places: list[tuple[int, int, Place, int]], gaz) -> list[tuple[int, int, int]]:
    """Sports clubs named by a club word and their city (club_words.tsv): «أولمبيك آسفي», «حسنية
    أكادير», «اتحاد طنجة», «ليفربول يونايتد». The city must be a listed place, or, after the words
    that name nothing but clubs («أولمبيك», «دينامو»), any word that is no common word. After
    «فريق» («team»), up to three such words, or a listed place, name the team.
    Returns (start, end, clitic letters to leave out of the first word)."""
    out: list[tuple[int, int, int]] = []
    place_at = {ps: pe for ps, pe, p, _v in places if p.kind != "org"}
    place_end = {pe: ps for ps, pe, p, _v in places if p.kind != "org"}
    city_end = {
        pe: (ps, _strip_start(words[ps], p, v))
        for ps, pe, p, v in places
        if p.kind == "city" and not (pe - ps == 1 and fold(p.name) in gaz.stop)
    }
    nationalities = gaz.club_words["nationality"]
    prefixes, suffixes, teams = gaz.club_words["prefix"], gaz.club_words["suffix"], gaz.club_words["team"]
    names = gaz.names
    n = len(words)
    club_forms = gaz.club_forms
    for i, w in enumerate(words):
        forms = clitic_variants(w)
        if club_forms.isdisjoint(forms) or (out and i < out[-1][1]):
            continue  # most words: no club word at all
        # not «الفريق» (also the military rank: «الفريق عبدالرحيم محمد حسين»)
        if i + 1 < n and any(f in teams for f in forms) and not any(f.startswith("ال") for f in forms):
            # «فريق المولودية الوجدية», «فريقي أسيك»: the team word is not part of the name
            if i + 1 in place_at:
                out.append((i + 1, place_at[i + 1], 0))
                continue
            j = i + 1
            while (
                j < n
                and j - i <= 3
                and _name_word(words[j], article=True)
                and not (j > i + 1 and fold(words[j]) in names)
            ):
                j += 1  # up to a listed given name: a person follows the team («فريق هجر أحمد الناظري»)
            if j > i + 1:
                out.append((i + 1, j, 0))
            continue
        if i in place_end and fold(w) in suffixes:
            out.append((place_end[i], i + 1, 0))
            continue
        if i in city_end and fold(w) in nationalities:
            # «بورتو البرتغالي», «ميلان الإيطالي»: a city is feminine («بورتو البرتغالية»); with a
            # masculine nationality after it, the city's name is its club's, the adjective no part of it
            out.append((city_end[i][0], i, city_end[i][1]))
            continue
        for v, form in enumerate(forms):
            need = prefixes.get(form)
            if need is None or (v and form.startswith("ال")) or i + 1 >= n:
                continue
            strip = len(w) - len(form) if v else 0
            if i + 1 in place_at:
                out.append((i, place_at[i + 1], strip))
            elif need == "name" and _name_word(words[i + 1]):
                out.append((i, i + 2, strip))
            break
    return out


def _name_word(word: str, article: bool = False) -> bool:
    """A word that can be a club's city (or, with ``article``, part of a team's name: «المولودية»):
    Arabic, not a common word, and no article unless allowed."""
    n = norm(word)
    return (
        len(n) >= 3
        and _ARABIC.match(word) is not None
        and (article or not n.startswith("ال"))
        and not any(c.isdigit() for c in word)
        # after «فريق», not a verb («يؤثر») nor an indefinite adjective («فريق إغاثي»)
        and not (article and n[0] == "ي" and len(n) >= 4)
        and not (article and not n.startswith("ال") and n.endswith("ي") and len(n) >= 4)
        and not any(v in common_words() for v in proclitic_variants(n))  # «كوحش»: ك + «وحش»
        and not (n.startswith("ال") and n[2:] in common_words())
    )


@functools.cache
def _joins() -> frozenset[str]:
    """Name-joining words as written: «فإن» («so») folds like the Dutch «فان»."""
    return frozenset(strip_diacritics(w) for w in raw_lines("name_connectors.txt")) - {"ال"}


def _whole_names(words: list[str], spans: list[tuple[str, int, int]], gaz) -> list[tuple[str, int, int]]:
    """A person never ends on a word that joins two parts of a name, nor starts on the second part
    of a compound: «فان» + «باستن», «حجاج عبد» + «العظيم», «بن» + «لادن», «صلاح» + «الدين».
    The model's span is widened by the word it left out (a word no other span holds)."""
    joins = _joins()
    held = {k for _t, s, e in spans for k in range(s, e)}
    out = []
    for typ, s, e in spans:
        if typ == "PER":
            if (
                e < len(words)
                and e not in held
                and strip_diacritics(words[e - 1]) in joins
                and _ARABIC.match(words[e])
            ):
                e += 1
            if s > 0 and s - 1 not in held and _ARABIC.match(words[s - 1]):
                first = norm(words[s])
                if first in ("الدين", "الله") or strip_diacritics(words[s - 1]) in joins:
                    s -= 1
                    if (
                        s > 0
                        and s - 1 not in held
                        and strip_diacritics(words[s]) in joins
                        and fold(words[s - 1]) in gaz.names
                    ):
                        s -= 1  # «أسامة» + «بن» + «لادن»
        out.append((typ, s, e))
    return out


def _conj_name(word: str, names: frozenset[str]) -> bool:
    """«وحسن»: the conjunction and a listed name, not a name that itself starts with «و» («وليد»,
    «وليام»: given_names.txt lists them)."""
    return word.startswith("و") and len(word) >= 4 and fold(word[1:]) in names and fold(word) not in names


def _split_listed_names(
    words: list[str], spans: list[tuple[str, int, int]], gaz
) -> tuple[list[tuple[str, int, int]], set[tuple[int, int]]]:
    """A person span that runs over a list of names («ديديه يوكانان وايمانويل ايبواه ودراماني ديابي»)
    is cut before each «و» + given name: a name never goes on with a conjunction. Returns the spans
    and those (start, end) that begin with the conjunction (a name found alone after another,
    «ورايس», among them)."""
    out: list[tuple[str, int, int]] = []
    for typ, s, e in spans:
        cuts = [k for k in range(s + 1, e) if _conj_name(words[k], gaz.names)] if typ == "PER" else []
        out += [(typ, a, b) for a, b in zip([s, *cuts], [*cuts, e], strict=True)]
    conj = {(s, e) for typ, s, e in out if typ == "PER" and _conj_name(words[s], gaz.names)}
    return out, conj


def _pronoun_suffix(word: str) -> bool:
    """«أيديهما», «مصالحهم», «خارجيته»: a possessed noun or a verb with its object; no name so ends
    (but «ريناته» is no «ريناة» + «ه»)."""
    raw = strip_diacritics(word)
    if raw.endswith("ته") and norm(raw[:-2] + "ة") in common_words():
        return True
    return norm(word).endswith(("هما", "هم", "ها")) and len(word) >= 5


def _conjoined_people(
    words: list[str], spans: list[tuple[str, int, int]], places: list, gaz
) -> list[tuple[int, int]]:
    """People listed after a person the model found: «مارك فان بومل وكلارنس سيدورف وروي ماكاي»,
    «ومحمد منير، وعلي الحجار». A conjunct after a person (or a comma after one) is a person too:
    «و» + a listed given name alone; «و» + a listed name and one or two name words (a family name
    may take the article after an Arabic given name: «وطارق السعيد»; a one-word place may be a
    surname: «وروي ماكاي»); or «و» + two or three words that are no common words. It joins the
    list, so the next conjunct may follow it. Returns (start, end) spans that begin with «و»."""
    # one-word places (listed surname_places, the model's LOC) that may be a surname after a listed name
    surname_places = {ps for ps, pe, p, _v in places if pe - ps == 1 and p.kind == "city"}
    surname_places |= {s for typ, s, e in spans if typ == "LOC" and e - s == 1}
    held = {k for _t, s, e in spans for k in range(s, e) if k not in surname_places}
    held |= {k for ps, pe, _p, _v in places for k in range(ps, pe) if ps not in surname_places}
    out: list[tuple[int, int]] = []
    ends = sorted(e for typ, _s, e in spans if typ == "PER")
    for e in ends:
        while True:
            j = e + 1 if e < len(words) and words[e] in ("،", ",") else e
            if (
                j >= len(words)
                or j in held
                or j in surname_places
                or not words[j].startswith("و")
                or len(words[j]) < 4
            ):
                break
            first = words[j][1:]
            arabic_given = fold(first) in gaz.given_names
            # the transliterated-name list also holds words such as «مغني»: not enough alone
            listed = arabic_given or (fold(first) in gaz.person_names and norm(first) not in common_words())
            if (
                norm(words[j]) in common_words()
                or _pronoun_suffix(first)
                or not (listed or _name_word(first))
            ):
                break  # «وجود عقوق»: «وجود» is a word of its own, not «و» + «جود»
            k = j + 1
            while k < len(words) and k - j < 3 and k not in held and not words[k].startswith("و"):
                if k in surname_places and not listed:
                    break
                if _pronoun_suffix(words[k]) or not (
                    strip_diacritics(words[k - 1]) in _joins()  # «وأشرف عبد الباقي»
                    or fold(words[k]) in gaz.given_names
                    or _name_word(words[k], article=arabic_given and norm(words[k]).startswith("ال"))
                ):
                    break
                k += 1
            if k - j < 2 and not arabic_given:
                break  # «وتسديدة», «ومغني»: one word after «و» must be a listed given name
            out.append((j, k))
            held |= set(range(j, k))
            e = k
    return out


def _function_word(word: str) -> bool:
    """A preposition, particle, relative or time adverb (phrase_stops.txt), with or without «و»."""
    n = norm(word)
    stops = word_set("phrase_stops.txt")
    return n in stops or (n[:1] == "و" and n[1:] in stops)


def _propagate(
    text: str, found: list[Mention], done: list[tuple[list[Token], list[str], list[bool]]], gaz
) -> list[Mention]:
    """Other occurrences of a name the model found in the same text (one sense per article).

    «إيمانويل ماكرون» found once makes a later «ماكرون» or «وماكرون» a PER mention too; an
    organisation's full name is found again wherever it recurs. Only words no mention covers.
    """
    names: dict[tuple[str, ...], str] = {}
    for m in found:
        if m.source != "model" or m.type not in ("PER", "ORG"):
            continue
        words = [t.text for t in tokenize(m.text)]
        if not words:
            continue
        key = (clitic_variants(words[0])[-1], *map(fold_word, words[1:]))
        if len(key) > 1 or len(key[0]) >= 3:  # not «تي» (of «تي في 5»), which «التي» holds
            names.setdefault(key, m.type)
        if m.type == "PER" and len(words) >= 2:
            last = clitic_variants(words[-1])[-1]
            if (
                len(last) >= 3
                and last not in gaz.given_names
                and last not in gaz.titles
                and last not in gaz.currencies
            ):
                names.setdefault((last,), "PER")
                if len(words) >= 3 and strip_diacritics(words[-2]) in _joins():
                    # «ماركو فان باستن» → «فان باستن», «أسامة بن لادن» → «بن لادن»: the joining word too
                    names.setdefault((fold_word(words[-2]), fold_word(words[-1])), "PER")
    if not names:
        return []
    lengths: dict[str, list[int]] = {}
    for key in names:
        lengths.setdefault(key[0], []).append(len(key))
    for v in lengths.values():
        v.sort(reverse=True)
    extra: list[Mention] = []
    for sent, words, taken in done:
        n = len(words)
        i = 0
        while i < n:
            hit = None
            if not taken[i] and not _function_word(words[i]):  # «التي» is no name, whatever it holds
                for v in clitic_variants(words[i]):
                    for size in lengths.get(v, ()):
                        j = i + size
                        if j > n or any(taken[i:j]):
                            continue
                        t = names.get((v, *map(fold_word, words[i + 1 : j])))
                        if t is not None:
                            hit = (j, t)
                            break
                    if hit:
                        break
            if hit is None:
                i += 1
                continue
            j, t = hit
            a, b = sent[i].start, sent[j - 1].end
            extra.append(Mention(a, b, text[a:b], t, source="model"))
            for k in range(i, j):
                taken[k] = True
            i = j
    return extra


def _attach_titles(text: str, ments: list[Mention]) -> None:
    """Set ``title`` on a PER mention that a TITLE span ends right before (or contains)."""
    titles = [m for m in ments if m.type == "TITLE"]
    if not titles:
        return
    for m in ments:
        if m.type != "PER":
            continue
        for t in titles:
            if t.end <= m.start and not text[t.end : m.start].strip():
                m.title = Span(t.start, t.end, t.text)
            elif t.start < m.start < t.end:
                m.title = Span(t.start, m.start, text[t.start : m.start].rstrip())
