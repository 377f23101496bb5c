"""Finding Arabic statements: cue, content span and kind, and where the speaker is to be found.

This stage only labels spans (a finder, in Citron's terms); `speakers.py` decides who the
speaker is. Each candidate carries a SpeakerRef saying what the text offers: a subject phrase,
an implicit subject with the cue's gender and number, a participle's governing clause, a
headline's left side, or the signature of an embedded post.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache, lru_cache

from qawl.document import Segment, Span
from qawl.lang import ar
from qawl.lang.ar.phrases import (
    NP,
    QUOTE_PAIRS,
    View,
    aside_at,
    is_complementizer,
    is_generic_org,
    is_stop,
    np_before,
    org_info,
    parse_np,
    parse_subject,
    recognised,
    title_info,
)
from qawl.text.normalize import norm
from qawl.text.quotemarks import Region
from qawl.text.segment import RegionIndex
from qawl.text.tokens import script_of

MAX_COMPLEMENT_GAP = 28  # tokens between the cue and the start of what was said
MIN_QUOTE_WORDS = 2


@dataclass(slots=True)
class SpeakerRef:
    how: str  # np | implicit | participle | headline | post | floating | according | subject
    np: NP | None = None
    gender: str | None = None
    number: str = "sg"
    name: str | None = None  # for posts: the signature's name
    handle: str | None = None
    np_span: tuple[int, int] | None = None  # characters naming the speaker when not a phrase (epithets)


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    kind: str
    lang: str
    cue: Span | None
    ref: SpeakerRef
    strength: float
    sentence: int  # index of the sentence segment


# object pronouns a verb may carry: «أخبرها», «أخبرني», «أبلغهم» (longest first)
_OBJECT_SUFFIXES = ("هما", "هم", "هن", "ها", "ني", "نا", "كم", "ه", "ك")


def cue_at(v: View, i: int, any_object: bool = False) -> ar.CueInfo | None:
    """The cue at token i, with «و»/«ف» before it and, for cues that tell someone, an object
    pronoun after it. `any_object` strips the pronoun from every verb cue («هذا ما قاله»)."""
    n = v.norms[i]
    cues = ar.cues()
    if n in cues:
        return cues[n]
    initial = _clause_initial_forms()
    if n in initial:
        # «وبين مدير الشركة أن …» opens its clause; «بين البلدين», «… وبين …» do not
        return initial[n] if _clause_start(v, i) else None
    if n[:1] in "وف" and len(n) > 3:
        if n[1:] in cues:
            return cues[n[1:]]
        if n[1:] in ar.initial_cues():
            return ar.initial_cues()[n[1:]]  # «وكتب الوزير»
    elif n in ar.initial_cues() and _clause_start(v, i):
        return ar.initial_cues()[n]  # «كتب فلايشر: …» at the start of a sentence or a clause
    return _with_object(n, any_object)


@cache
def _clause_initial_forms() -> dict[str, ar.CueInfo]:
    """The clause-initial cues (clause_initial_cues.tsv) as written and after «و»/«ف» («وبين»)."""
    table = ar.clause_initial_cues()
    return {**{c + f: info for f, info in table.items() for c in "وف"}, **table}


def _clause_start(v: View, i: int) -> bool:
    return (
        i == 0
        or v.is_punct(i - 1)
        or "\n" in v.text[v.toks[i - 1].end : v.toks[i].start]
        or v.norms[i - 1] in ("كما", "وكما")
        # «من جانبه أبان رئيس اللجنة …»: after an aside that opens the clause
        or any(i >= k and aside_at(v, i - k) == k and _clause_start(v, i - k) for k in (2, 1))
    )


@lru_cache(maxsize=100_000)  # a pure function of a normalised word, asked for every token
def _with_object(n: str, any_object: bool) -> ar.CueInfo | None:
    """A verb cue carrying an object pronoun («أخبرها», «فأخبرني»), with or without «و»/«ف»."""
    cues = ar.cues()
    for word in (n, n[1:]) if n[:1] in "وف" else (n,):
        for suf in _OBJECT_SUFFIXES:
            stem = word[: -len(suf)]
            if word.endswith(suf) and len(stem) >= 3 and stem in cues:
                c = cues[stem]
                if c.kind == "verb" and (any_object or norm(c.lemma) in _suffix_cues()):
                    return c
    return None


@cache
def _suffix_cues() -> frozenset[str]:
    return ar.word_set("suffix_cues.txt")


@cache
def _say_cues() -> frozenset[str]:
    return ar.word_set("say_cues.txt")


def _is_term(v: View, r: Region, tok_before: int | None) -> bool:
    """A short quoted name or term («داعش», «إكس», «تحالف الراغبين»), not a statement."""
    s, e = r.inner
    inner = v.text[s:e].split()
    words = len(inner)
    if words >= 5:
        return False
    if tok_before is not None and v.norms[tok_before] in ar.word_set("work_heads.txt"):
        return True  # «مهرجان "أبها يجمعنا"», «حملة "لن نصمت"»: a title, verbs and all
    if words >= 2 and (inner[-1][-1:] in ".!?؟" or any(_verb_like(w) for w in inner)):
        return False  # «العمليات ستستمر»: a sentence, however short
    if tok_before is None:
        return False
    prev = v.toks[tok_before]
    if prev.text in (":", "،", ","):
        return False
    n = v.norms[tok_before]
    return cue_at(v, tok_before) is None and not is_complementizer(n)


def _verb_like(word: str) -> bool:
    """Future or imperfect verbs («ستستمر», «سنعمل», «يريد»): names and terms rarely have them."""
    n = norm(word)
    if n.startswith(("ست", "سي", "سن", "سا")) and len(n) >= 5:
        return True
    return (
        n.startswith(("ي", "ن")) and len(n) >= 4 and n not in ar.person_names() and n not in ar.common_words()
    )


class _Doc:
    """Per-document lookups shared by the finders."""

    def __init__(self, v: View, regions: list[Region], sents: list[Segment]):
        self.v = v
        self.index = RegionIndex(regions)
        self.sents = sents
        self.tok_starts = [t.start for t in v.toks]
        self.sent_starts = [s.start for s in sents]
        self.breaks = ar.clause_breaks()
        self.not_comp_before = ar.not_complementizer_before()
        # quoted names: token index of the closing mark -> token index of the opening mark
        self.term_ends: dict[int, int] = {}
        starts = {t.start: k for k, t in enumerate(v.toks)}
        ends = {t.end: k for k, t in enumerate(v.toks)}
        for r in regions:
            if r.opened and r.closed and r.start in starts and r.end in ends and _words(v.text, r) <= 4:
                self.term_ends[ends[r.end]] = starts[r.start]

    def tok_at_or_after(self, pos: int) -> int:
        return bisect.bisect_left(self.tok_starts, pos)

    def sentence_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)


def _clause_end(d: _Doc, start: int, sent_end: int) -> int:
    """Where a reported clause ends: the sentence end, or «، » before a new cue or a break word."""
    v = d.v
    i = d.tok_at_or_after(start)
    n = len(v.toks)
    while i < n and v.toks[i].start < sent_end:
        t = v.toks[i]
        r = d.index.covering(t.start)
        if r is not None and r.start == t.start and r.end <= sent_end:
            i = d.tok_at_or_after(r.end)
            continue
        if t.text in ("،", ",", "؛", ";") and i + 1 < n:
            nxt = v.norms[i + 1]
            two = (nxt, v.norms[i + 2]) if i + 2 < n else (nxt,)
            if cue_at(v, i + 1) is not None or any(b == two[: len(b)] for b in d.breaks):
                return _trim(v.text, start, t.start)
        i += 1
    return _trim(v.text, start, sent_end)


def _trim(text: str, s: int, e: int) -> int:
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".،,؛;:"):
        e -= 1
    return e


def _skip_space(text: str, p: int, limit: int) -> int:
    while p < limit and text[p].isspace():
        p += 1
    return p


def _content(d: _Doc, cstart: int, sent_end: int) -> tuple[int, int, str] | None:
    """Span and kind of what was said, starting at cstart."""
    text = d.v.text
    cstart = _skip_space(text, cstart, sent_end)
    if cstart >= sent_end:
        return None
    r = d.index.covering(cstart)
    if r is not None and r.start == cstart:
        after = _skip_space(text, r.end, sent_end)
        rest = text[after:sent_end].strip(" .،,")
        if (
            not rest
            or after >= sent_end
            or text[after] in "،,.;؛"
            and _clause_end(d, r.end, sent_end) <= after
        ):
            return r.start, r.end, "direct"
    k = d.tok_at_or_after(cstart)
    if k < len(d.v.toks) and d.v.toks[k].start == cstart and is_complementizer(d.v.norms[k]):
        return _content(d, d.v.toks[k].end, sent_end)  # «بالقول: إن …»
    end = _clause_end(d, cstart, sent_end)
    if end - cstart < 3:
        return None
    if r is not None and r.start == cstart and r.end >= end - 1:
        return r.start, max(r.end, end), "direct"
    inner = d.index.within(cstart, end)
    kind = "mixed" if any(rr.end <= end + 1 for rr in inner) else "indirect"
    return cstart, end, kind


def _complement(
    d: _Doc, j: int, sent_end: int, max_gap: int = MAX_COMPLEMENT_GAP, say: bool = False
) -> tuple[int, int, str] | None:
    """From token j on, find what the cue introduces: «أن …», «: …», or a quotation. A noun cue
    («بقوله», «في تصريح») must be followed by it closely. After a `say` cue a quotation of two
    words or more that comes first is the words said, not a term."""
    v = d.v
    n = len(v.toks)
    start_j = j
    while j < n and v.toks[j].start < sent_end and j - start_j <= max_gap:
        t = v.toks[j]
        r = d.index.covering(t.start)
        if r is not None and r.start == t.start:
            if r.end > sent_end + 1 and not r.opened:
                return None
            prev = j - 1 if j > start_j or j > 0 else None
            rest = v.text[r.end : sent_end].strip()
            # the words said end the clause; «لوكالة "فرانس برس": إن …» names the addressee
            said = say and j == start_j and _words(v.text, r) >= 2 and (not rest or rest[0] in "،,.!؟?")
            if not said and j == start_j and _named_subject(d, r):
                j = d.tok_at_or_after(r.end)  # «وأكدت "الصحة" عدم …»: the speaker's name in marks
                continue
            if said or not _is_term(v, r, prev) and _words(v.text, r) >= 1:
                return r.start, r.end, "direct"
            j = d.tok_at_or_after(r.end)
            continue
        if r is not None and not r.opened and r.start <= t.start:
            # the opener was lost: the region began at a colon we passed
            return r.start, r.end, "direct"
        if t.text == ":":
            found = _content(d, t.end, sent_end)
            if found is not None and found[2] == "indirect":
                return found[0], found[1], "direct"  # «وقال: نحن نتطلع …»: his words, without marks
            return found
        nj = v.norms[j]
        if is_complementizer(nj) and not (j > 0 and v.norms[j - 1] in d.not_comp_before):
            return _content(d, t.end, sent_end)
        if t.text in ("،", ",") and (
            max_gap < MAX_COMPLEMENT_GAP or (j > start_j and j + 1 < n and cue_at(v, j + 1) is not None)
        ):
            return None  # a new clause: «ينادون بهذا القول، وفات عليهم أننا …»
        if j > start_j or (j > 0 and v.norms[j][:1] in "وف" and cue_at(v, j - 1) is None):
            # another cue starts another clause; right after the subject, only one with «و»/«ف»:
            # «رأى الجمهور الحادث وقال شاهد عيان إن …» (not «… قال قائلا»)
            c = cue_at(v, j)
            if c is not None and c.kind in ("verb", "participle"):
                return None
        j += 1
    return None


def _named_subject(d: _Doc, r: Region) -> bool:
    """A short quotation right after the cue, with the sentence going on after it in a plain
    word: the subject's name in quotation marks («وأكدت "الصحة" عدم …»), not what was said."""
    v = d.v
    if not r.closed or _words(v.text, r) > 3:
        return False
    k = d.tok_at_or_after(r.end)
    if k >= len(v.toks) or not v.toks[k].is_arabic or v.toks[k].start - r.end > 1:
        return False
    n = v.norms[k]
    if is_complementizer(n):
        # «وأكد "الحفظي" أن …»: a name the article gave a person, in marks, then what he said
        inside = range(d.tok_at_or_after(r.start), d.tok_at_or_after(r.end))
        words = [j for j in inside if v.toks[j].is_word]
        return bool(words) and all(j in v.model_name_tokens or v.norms[j] in v.known_names for j in words)
    return cue_at(v, k) is None and v.text[r.start : r.end][-2:-1] not in ".!?؟"


def _weak(v: View, np: NP) -> bool:
    """A one-word subject the rules only guessed (not a known name, title or organisation)."""
    return (
        np.kind == "person"
        and np.end - np.start == 1
        and v.norms[np.start] not in v.known_names
        and np.start not in v.model_name_tokens
    )


def _words(text: str, r: Region) -> int:
    s, e = r.inner
    return len(text[s:e].split())


def find_candidates(
    v: View, regions: list[Region], sents: list[Segment], skip: list[tuple[int, int]] | None = None
) -> list[Candidate]:
    """Statements in Arabic text, in text order. `skip` are spans handled elsewhere (posts)."""
    d = _Doc(v, regions, sents)
    skip = skip or []
    out: list[Candidate] = []
    consumed_until = -1
    n = len(v.toks)
    for i in range(n):
        t = v.toks[i]
        if t.start < consumed_until or not t.is_arabic:
            continue
        if d.index.covering(t.start) is not None or any(s <= t.start < e for s, e in skip):
            continue  # cue words inside a quotation are part of what was said
        cue = cue_at(v, i)
        if cue is None:
            continue
        si = d.sentence_of(t.start)
        sent = sents[si] if sents else None
        if sent is None:
            continue
        if cue.kind == "according":
            cand = _according(d, i, cue, si)
            if cand:
                out.append(cand)
            continue
        np = None
        j = i + 1
        if v.norms[i] in ar.word_set("impersonal_cues.txt") and _impersonal(v, i + 1):
            continue  # «يذكر أن …», «ويشار إلى أن …»: the writer's background, nobody's statement
        if cue.kind in ("verb", "passive"):
            np = parse_subject(v, i + 1)
            if np is not None:
                j = np.end
                if np.end - np.start == 1 and v.norms[np.start] in ar.word_set("cue_object_nouns.txt"):
                    np = None  # «ولفتت النظر إلى أن …»: she drew attention; «النظر» is no speaker
                if norm(cue.lemma) in ar.word_set("object_cues.txt") and _object_before_bi_an(v, j):
                    np = None  # «واتهم الرئيس السابق بأنه …»: the accused, not the speaker
            lemma = norm(cue.lemma)
            if lemma in ar.initial_cues() and (np is None or not recognised(v, np)):
                continue  # «وكتبت زاويتين …: …»: wrote something, not someone wrote words
            if v.norms[i] in _clause_initial_forms() and (
                np is None and not _impersonal(v, i + 1) or np is not None and not recognised(v, np)
            ):
                continue  # «وبين البلدين …», «رأي الشارع …»: a preposition or a noun, no cue
        comp = _complement(
            d,
            j,
            sent.end,
            max_gap=3 if cue.kind == "noun" else MAX_COMPLEMENT_GAP,
            say=cue.kind == "verb" and norm(cue.lemma) in _say_cues(),
        )
        if cue.kind == "passive":
            # «سئل تونر: «…»»: a question put to someone; keep the subject in focus only
            out.append(Candidate(t.start, t.start, "none", "ar", v_span(v, i), SpeakerRef("np", np), 0.0, si))
            if comp:
                consumed_until = comp[1]
            continue
        # «… حجز الولائم وأضاف أن …»: a verb with «و»/«ف» opens a new clause; no subject before it
        joined = v.norms[i] not in ar.cues() and v.norms[i][:1] in "وف"
        if cue.kind == "verb" and (np is None or _weak(v, np)) and not joined:
            floor = max(0, d.tok_at_or_after(sent.start))
            before = np_before(v, i, floor, d.term_ends)
            if before is not None:
                np = before
        epithet = _divine_epithet(v, i + 1)
        if epithet is not None:
            ref = SpeakerRef("divine", None, "m", "sg", np_span=epithet)
            j = d.tok_at_or_after(epithet[1])
            comp = _complement(d, j, sent.end)
        elif cue.kind == "noun" and np is None and (quoted := _quoted_from(v, d, i, sent.start)) is not None:
            # «نقلت الوكالة عن محمد علي جعفري قوله: …»: the person after «عن»
            ref = SpeakerRef("np", quoted, quoted.gender or cue.gender, quoted.number)
        elif cue.kind == "participle" or (cue.kind == "noun" and np is None):
            ref = SpeakerRef("participle", None, cue.gender, cue.number)
        elif np is not None:
            ref = SpeakerRef("np", np, np.gender or cue.gender, np.number)
        else:
            ref = SpeakerRef("implicit", None, cue.gender, cue.number)
        if comp is None:
            # keep the subject in focus: «كشف اللواء فيصل السنين عن …، مؤكداً أن …»
            if np is not None and not np.weak:
                out.append(Candidate(t.start, t.start, "none", "ar", v_span(v, i), ref, 0.0, si))
            continue
        s, e, kind = comp
        if e - s < 2:
            continue
        out.append(Candidate(s, e, kind, "ar", v_span(v, i), ref, cue.strength, si))
        consumed_until = e
    # an «according to» covering a sentence that already has a cue's statement adds nothing
    spans = [(c.start, c.end) for c in out if c.kind not in ("none", "according_to")]
    out = [c for c in out if c.kind != "according_to" or not any(c.start < e and s < c.end for s, e in spans)]
    out.extend(_headlines(d, v, sents))
    out.extend(_postposed(d, v, out))
    out.extend(_floating(d, v, out, sents))
    out.extend(_clause_subjects(d, v, sents))
    out.sort(key=lambda c: (c.start, c.end))
    return out


# conjunctions that open a sentence without a verb: «ولكن رابطة … قالت», «بينما الوزارة …»
_NOT_VERBS = frozenset(norm(w) for w in ("لكن", "ولكن", "بينما", "فيما", "كما", "إذ", "حيث", "لأن", "ثم"))

# «من جهة أخرى، ندد …», «بدوره، استقبل …»: a sentence's first verb may come after such an opener
_OPENERS_BEFORE_VERB = frozenset(
    norm(w) for w in ("من", "ومن", "في", "وفي", "إلى", "وإلى", "بدوره", "وبدوره", "بدورها", "وبدورها")
)


# «فيما», «بينما» before a sentence's first verb: the verb still opens the clause
_WHILE = frozenset(norm(w) for w in ("فيما", "بينما", "وفيما", "وبينما"))

# «عقب ذلك», «وبعد ذلك» before a sentence's first verb, without a comma
_AFTER = frozenset(norm(w) for w in ("عقب", "وعقب", "بعد", "وبعد", "إثر", "وإثر", "اثر"))

# «أكد ذلك …»: a cue whose object points back at what was said
_POINTERS_BACK = frozenset(norm(w) for w in ("ذلك", "هذا", "ذاك"))


def _after_outlet(v: View, j: int) -> int:
    """The token after «لـ"الوطن"», «لـ«عكاظ»», «للحياة» at j (the outlet spoken to), else j."""
    n = len(v.toks)
    if j < n and v.norms[j] == "ل" and j + 1 < n and v.toks[j + 1].text in QUOTE_PAIRS:
        close = next(
            (k for k in range(j + 2, min(n, j + 8)) if v.toks[k].text == QUOTE_PAIRS[v.toks[j + 1].text]),
            None,
        )
        return close + 1 if close is not None else j
    if j < n and v.norms[j].startswith("لل") and v.norms[j][1:] in ar.word_set("media_heads.txt"):
        return j + 1
    return j


def _clause_subjects(d: _Doc, v: View, sents: list[Segment]) -> list[Candidate]:
    """The subject of a sentence's first verb, when it is a person named with a title («ندد عضو
    مجلس الشورى السفير الدكتور عبدالمحسن المارك بالكارثة …») or a group («أجمع مسئولو المنطقة»):
    the verb says nothing, but the next «وقال:» or «وأكدوا» is theirs; the same for a study and
    for an organisation the article names already («وكانت نقابة الصحفيين قد أدانت …، وقالت إنه
    …»). Kept in focus only, as a cue without words."""
    out = []
    n = len(v.toks)
    for si, sent in enumerate(sents):
        i = d.tok_at_or_after(sent.start)
        if i >= n or d.index.covering(v.toks[i].start) is not None:
            continue
        if v.norms[i] in _OPENERS_BEFORE_VERB:
            comma = next((k for k in range(i + 1, min(n, i + 5)) if v.toks[k].text in ("،", ",")), None)
            if comma is None:
                continue
            i = comma + 1
        if i + 1 >= n or v.toks[i].start >= sent.end or not v.toks[i].is_word or not v.toks[i].is_arabic:
            continue
        if v.norms[i] in _AFTER and i + 2 < n and v.norms[i + 1] in _POINTERS_BACK:
            i += 2  # «عقب ذلك ألقى رئيس البلدية المهندس زياد المغربل كلمة أوضح فيها أن …»
        if v.norms[i] in _WHILE and i + 2 < n and cue_at(v, i + 1) is None:
            i += 1  # «فيما عارضت الشركة السعودية للكهرباء بيان المؤسسة، مؤكدة أن …»
        w = v.norms[i]
        subj = i + 1
        if cue_at(v, i) is not None and v.norms[i + 1] in _POINTERS_BACK:
            # «أوضح ذلك لـ"الوطن" عضو اللجنة …، مشيرا إلى أن …»: the cue points back and says
            # nothing new itself, but its subject is whom the next «مشيرا» or «وقال» means
            subj = _after_outlet(v, i + 2)
        elif (
            cue_at(v, i) is not None
            or title_info(w)
            or org_info(w)
            or w in v.known_names
            or i in v.model_name_tokens
            or is_complementizer(w)
            or is_stop(w)
            or w in _NOT_VERBS
        ):
            continue  # a cue has its own candidate; a title, a name or a particle opens no verb clause
        if subj >= n:
            continue
        head = v.norms[subj]
        org = org_info(head)
        named_org = org is not None and org.kind in ("source", "org")
        if title_info(head) is None and not named_org:
            continue  # the phrases kept here open with a title, a group noun or an organisation's head
        np = parse_np(v, subj)
        if np is None or np.weak:
            continue
        if np.kind in ("description", "title") and np.number in ("pl", "du"):
            pass  # «أجمع مسئولو منطقة عسير على …، وأكدوا أنه …»
        elif np.kind == "org":
            if np.end - np.start < 2 and (org is None or org.kind != "source") and not is_generic_org(head):
                continue  # «وكانت نقابة الصحفيين اليمنيين قد أدانت …، وقالت إنه …»: a named one
        elif np.kind != "person" or np.name is None or np.title is None or np.title[1] <= np.title[0]:
            continue
        elif not any(k in v.model_name_tokens for k in range(*np.name)):
            continue  # «وشن الأمين العام لحزب الله هجوما», «وأبدى أمين جدة سعادته»: no name the model read
        # an organisation only as the article already names it: this rule adds no entity of its own
        source = org is not None and org.kind == "source"  # «الدراسة»: described, as after a cue
        # «وأصدرت اللجنة بيانا أكدت فيه …»: «اللجنة» is the committee the article is about, as after a cue
        generic = np.kind == "org" and np.end - np.start == 1 and is_generic_org(head)
        ref = SpeakerRef(
            "subject" if np.kind == "org" and not (source or generic) else "np", np, np.gender, np.number
        )
        out.append(Candidate(v.toks[i].start, v.toks[i].start, "none", "ar", None, ref, 0.0, si))
    return out


def _impersonal(v: View, j: int) -> bool:
    """«أن» right after the cue, or «إلى أن», «، أن»: no subject comes between."""
    if j < len(v.toks) and v.toks[j].text in ("،", ","):
        j += 1
    if j < len(v.toks) and v.norms[j] in ("الي", "إلى", "الى"):
        j += 1
    return j < len(v.toks) and is_complementizer(v.norms[j])


def _object_before_bi_an(v: View, j: int) -> bool:
    """Right after the phrase comes «بأن» (or «، بأن»): the phrase was the verb's object."""
    while j < len(v.toks) and v.toks[j].text in ("،", ","):
        j += 1
    return j < len(v.toks) and v.norms[j].startswith("بان") and is_complementizer(v.norms[j])


def _quoted_from(v: View, d: _Doc, cue: int, sent_start: int) -> NP | None:
    """For «… عن X قوله»: the phrase X after the nearest «عن» before a possessed noun cue."""
    if not v.toks[cue].text.endswith(("ه", "ها")):
        return None
    floor = d.tok_at_or_after(sent_start)
    for j in range(cue - 1, max(floor, cue - 16) - 1, -1):
        if v.norms[j] == "عن":
            np = parse_np(v, j + 1)
            return (
                np
                if np is not None and not np.weak and np.kind in ("person", "title", "org", "place")
                else None
            )
    return None


def _divine_epithet(v: View, i: int) -> tuple[int, int] | None:
    """«قال تعالى», «قوله عز وجل», «والله سبحانه وتعالى يقول»: characters of the epithet."""
    if i >= len(v.toks):
        return None
    epithets = _epithets()
    for length in (3, 2, 1):
        if i + length <= len(v.toks):
            phrase = " ".join(v.norms[i : i + length])
            if phrase in epithets:
                return v.toks[i].start, v.toks[i + length - 1].end
    return None


@cache
def _epithets() -> frozenset[str]:
    return frozenset(" ".join(norm(w) for w in ln.split()) for ln in ar._lines("divine_epithets.txt"))


def v_span(v: View, i: int) -> Span:
    t = v.toks[i]
    return Span(t.start, t.end, t.text)


def _according(d: _Doc, i: int, cue: ar.CueInfo, si: int) -> Candidate | None:
    """«وفق ماكرون»، «بحسب مصدر أمني»، «نقلاً عن …»: the clause around it, attributed."""
    v = d.v
    j = i + 1
    # «وفقاً لـ …», «نقلاً عن …»
    while j < len(v.toks) and (v.norms[j] in ("ل", "لـ", "عن", "ما", "لما") or v.toks[j].text == "ـ"):
        j += 1
    if (
        j < len(v.toks)
        and v.norms[j - 1] in ("ما", "لما")
        and (c := cue_at(v, j, any_object=True)) is not None
    ):
        # «وفقاً لما ذكرته وسائل الإعلام», «بحسب ما صرح به السفير»: the source is the verb's subject
        j += 1
        if c.kind == "verb" and j < len(v.toks) and v.norms[j] in ("به", "بها"):
            j += 1
    # «وفقا لتقارير …»: the source is glued to the preposition
    np = parse_np(v, j, limit=8)
    if np is None or np.weak:
        return None  # «وفق المنطق»: according to a bare noun is not a source
    if (
        np.kind == "person"
        and np.name
        and not any(v.norms[k] in v.known_names or k in v.model_name_tokens for k in range(*np.name))
    ):
        return None  # «وفق توجيهات …»: according to a thing, not to a source
    sent = d.sents[si]
    s = _skip_space(v.text, sent.start, sent.end)
    e = _trim(v.text, s, sent.end)
    if e - s < 20:
        return None
    return Candidate(
        s,
        e,
        "according_to",
        "ar",
        v_span(v, i),
        SpeakerRef("according", np, np.gender, np.number),
        cue.strength * 0.6,
        si,
    )


def _headlines(d: _Doc, v: View, sents: list[Segment]) -> list[Candidate]:
    """«البنيان: «سابك» لن تدخل …» — a headline (or a sentence) «X: …» is a statement by X."""
    out = []
    for si, seg in enumerate(sents):
        if seg.lang != "ar":
            continue
        colon = v.text.find(":", seg.start, seg.end)
        if colon < 0:
            continue
        i0 = d.tok_at_or_after(seg.start)
        ic = d.tok_at_or_after(colon)
        if ic - i0 == 0 or ic - i0 > (6 if seg.kind == "headline" else 3):
            continue
        np = parse_np(v, i0, limit=ic - i0)
        if np is None or np.end != ic:
            continue
        if seg.kind != "headline" and not (
            np.kind == "person" and all(v.norms[k] in v.known_names for k in range(np.start, np.end))
        ):
            continue
        cs = _skip_space(v.text, colon + 1, seg.end)
        ce = _trim(v.text, cs, seg.end)
        if ce - cs < 8:
            continue
        r = d.index.covering(cs)
        kind = "direct" if r is not None and r.start == cs and r.end >= ce else "indirect"
        conf = 0.6 if seg.kind == "headline" else 0.5
        out.append(
            Candidate(cs, ce, kind, "ar", None, SpeakerRef("headline", np, np.gender, np.number), conf, si)
        )
    return out


_POINTERS = frozenset(norm(w) for w in ("هذا", "وهذا", "هذه", "ما", "حسبما", "كما"))


def _postposed(d: _Doc, v: View, found: list[Candidate]) -> list[Candidate]:
    """«…»، قال الوزير. / "…," قالت: the cue after the quotation."""
    out = []
    covered = [(c.start, c.end) for c in found if c.kind != "none"]
    used_cues = {c.cue.start for c in found if c.cue is not None and c.kind != "none"}
    for r in d.index.regions:
        if not r.opened or not r.closed or any(s <= r.start < e for s, e in covered) or _words(v.text, r) < 3:
            continue
        j = d.tok_at_or_after(r.end)
        while j < len(v.toks) and v.toks[j].text in ("،", ",", "."):
            j += 1
        if j >= len(v.toks) or v.toks[j].start - r.end > 4 or not v.toks[j].is_arabic:
            continue
        # «"…" هذا ما قاله الوزير», «… حسبما صرح به»: the cue after a pointer back to the words
        k = j
        while k < len(v.toks) and k - j < 2 and v.norms[k] in _POINTERS:
            k += 1
        pointed = k > j and v.norms[k - 1] in ("ما", "حسبما", "كما")
        j = k if pointed else j
        cue = cue_at(v, j, any_object=pointed)
        if cue is None or cue.kind != "verb" or cue.strength < 0.8 or v.toks[j].start in used_cues:
            continue  # «سؤال عن «…»، قال تونر: «…»»: that cue introduces the next quotation
        s0 = j + 1
        if pointed and s0 < len(v.toks) and v.norms[s0] in ("به", "بها"):
            s0 += 1  # «هذا ما صرحت به هولي سنايدر»
        np = parse_subject(v, s0)
        ref = (
            SpeakerRef("np", np, np.gender or cue.gender, np.number)
            if np is not None
            else SpeakerRef("implicit", None, cue.gender, cue.number)
        )
        out.append(
            Candidate(
                r.start, r.end, "direct", "ar", v_span(v, j), ref, cue.strength * 0.9, d.sentence_of(r.start)
            )
        )
    return out


def _floating(d: _Doc, v: View, found: list[Candidate], sents: list[Segment]) -> list[Candidate]:
    """A paragraph that is only a quotation, after someone was quoted: theirs."""
    out = []
    covered = [(c.start, c.end) for c in found if c.kind != "none"]
    for r in d.index.regions:
        if not r.opened or any(s <= r.start < e for s, e in covered):
            continue
        line_start = v.text.rfind("\n", 0, r.start) + 1
        if v.text[line_start : r.start].strip() or _words(v.text, r) < 4:
            continue
        if script_of(v.text[r.start : r.end]) != "ar":
            continue  # English paragraphs are the English finder's
        si = d.sentence_of(r.start)
        out.append(Candidate(r.start, r.end, "direct", "ar", None, SpeakerRef("floating"), 0.5, si))
    return out
