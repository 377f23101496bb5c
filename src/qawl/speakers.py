"""Who said it: resolving each candidate's SpeakerRef to an entity.

Walks the statements in text order, keeping a focus list of recent speakers, so that
«وأضاف:» takes the latest speaker agreeing in gender and number, a title alone
(«الرئيس الفرنسي») takes the person the article gave that title, and a participle
(«مضيفاً») takes the subject of its clause.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from qawl.document import Entity, Mention, Span, Speaker
from qawl.entities import Clusters, np_mention, proper_org_name
from qawl.lang.ar import WordInfo, word_set
from qawl.lang.ar.phrases import NP, View, is_generic_org, org_info, parse_np, title_info
from qawl.quotes import Candidate
from qawl.text.normalize import norm

RESOLUTION_CONFIDENCE = {
    "explicit": 1.0,
    "title": 0.9,
    "implicit": 0.85,
    "participle": 0.9,
    "headline": 0.85,
    "post": 1.0,
    "description": 0.8,
    "floating": 0.7,
    "according": 0.8,
    "nearest": 0.6,
}


_NO_INFO = WordInfo(None, "sg", "")
# between a statement noun and its issuer: «بيان صادر عن …», «تقرير من …»
_ISSUED_BY = frozenset(norm(w) for w in ("صادر", "الصادر", "صادرة", "الصادرة", "عن", "من"))

STATEMENT_NOUNS = frozenset(norm(w) for w in ("البيان", "بيان", "التقرير", "الرسالة", "التصريح", "الإعلان"))


def honorific_pronouns() -> frozenset[str]:
    return word_set("honorific_pronouns.txt")


def media_heads() -> frozenset[str]:
    return word_set("media_heads.txt")


@dataclass(slots=True)
class Focus:
    entity: Entity
    sentence: int


def _agrees(e: Entity, gender: str | None, number: str) -> bool:
    if gender and e.gender and e.gender != gender:
        return False
    if number in ("pl", "du") and e.number == "sg" and not e.described and e.type == "PER":
        return False
    return not (number == "sg" and e.number == "pl" and gender == "m")


def _learn_gender(e: Entity, gender: str | None, how: str) -> None:
    if e.gender is None and gender and how == "np" and e.type == "PER":
        e.gender = gender


class Resolver:
    def __init__(self, v: View, clusters: Clusters, mentions: list[Mention] | None = None):
        self.v = v
        self.clusters = clusters
        self.focus: list[Focus] = []
        self.current_sentence = 0
        # person mentions outside quotations, for speakers nobody has quoted yet
        # a lone word the model called a person is weak evidence; names with a title or two words are not
        self.people = sorted(
            (
                m
                for m in (mentions or [])
                if m.type == "PER" and m.entity and (m.title is not None or len(m.text.split()) >= 2)
            ),
            key=lambda m: m.start,
        )
        self._people_starts = [m.start for m in self.people]
        # every named mention, for the issuer of a statement («بيان لوزارة الخارجية»)
        self.named = sorted(
            (
                m
                for m in (mentions or [])
                if m.entity and m.type in ("PER", "ORG", "GPE") and m.source != "description"
            ),
            key=lambda m: m.start,
        )
        self._named_starts = [m.start for m in self.named]
        self._token_starts = [t.start for t in v.toks]

    def _nearest_person(self, pos: int, gender: str | None, window: int = 600) -> Entity | None:
        k = bisect.bisect_left(self._people_starts, pos) - 1
        while k >= 0 and pos - self.people[k].start <= window:
            e = self.clusters.entity_by_id(self.people[k].entity)
            if e is not None and _agrees(e, gender, "sg"):
                return e
            k -= 1
        return None

    def _np_entity(self, np: NP) -> tuple[Entity | None, str]:
        v = self.v
        if np.end - np.start == 1 and v.norms[np.start] in honorific_pronouns():
            # «وقال سموه»: the person last quoted, else the last one named with a title nearby
            e = self._latest(None, "sg", type_="PER") or self._nearest_person(
                v.toks[np.start].start, None, 1500
            )
            return e, "implicit"
        if np.kind == "org" and (org_info(v.norms[np.start]) or _NO_INFO).kind == "source":
            issuer = self._issuer(np)
            if issuer is not None:
                return issuer
        m = np_mention(v, np, source="cue")
        if np.kind == "person" and m is not None:
            # add() finds the same person and keeps the fuller name («جعفري» -> «محمد علي جعفري»)
            e = self.clusters.add(m)
            return e, "explicit"
        if np.kind == "title" and np.title:
            ts, te = v.toks[np.title[0]].start, v.toks[np.end - 1].end
            title = v.text[ts:te]
            e = self.clusters.by_title(title)
            if e is not None:
                return e, "title"
            if np.definite and np.end - np.start <= 2:
                # «المسؤول اليمني» after the official was named: the same person
                prev = self._latest(np.gender, "sg", type_="PER", since=self.current_sentence - 3)
                if prev is not None:
                    return prev, "title"
            d = Mention(ts, te, title, "PER", "description")
            e = self.clusters.add(d, described=True)
            e.gender = e.gender or np.gender
            return e, "description"
        if np.kind == "org" and m is not None:
            m = proper_org_name(v.text, m)  # «وقالت شركة توتال الفرنسية»: Total, as the model found it
            head = v.norms[np.start]
            e = None
            if is_generic_org(head) and head[2:] in media_heads() and np.end - np.start <= 2:
                # «وقالت الصحيفة», «وأضافت الصحيفة البريطانية»: the paper named with that head before
                e = self._headed_org_before(head[2:], m.start)
            e = e or self.clusters.find(m.text, "ORG")
            if (
                e is None
                and np.end - np.start >= 2
                and (org_info(v.norms[np.start]) or _NO_INFO).kind == "source"
            ):
                # «بيان البنتاغون»: the organisation that issued it
                e = self.clusters.find(v.text[v.toks[np.start + 1].start : m.end], "ORG")
            if (
                e is None
                and np.end - np.start == 1
                and self.v.norms[np.start] in STATEMENT_NOUNS
                and self.focus
            ):
                return self.focus[-1].entity, "implicit"  # «وأوضح البيان»: the statement of whoever issued it
            if e is None and np.end - np.start == 1 and is_generic_org(head):
                # «الشركة»، «الوزارة»: the organisation the article is about
                e = self.clusters.salient("ORG", head=m.text, before=m.start)
            if e is None:
                # «قالت تقارير», «وسائل الإعلام الإسرائيلية»: a source that names nobody speaks, described
                source = (org_info(v.norms[np.start]) or _NO_INFO).kind == "source"
                e = self.clusters.add(m, described=source)
                e.gender = e.gender or np.gender
                e.number = np.number
            if e is not None and e.type == "ORG" and e.gender is None:
                e.gender = np.gender  # «وزارة الداخلية» is feminine: a later «وقال» is someone else
            return e, "explicit"
        if np.kind == "place" and m is not None:
            e = self.clusters.find(m.text, "GPE") or self.clusters.add(m)
            return e, "explicit"
        if np.kind == "description" and m is not None:
            e = self.clusters.find(m.text) or self.clusters.add(m, described=True)
            e.gender = e.gender or np.gender
            e.number = np.number
            return e, "description"
        return None, "implicit"

    def _headed_org_before(self, head: str, pos: int, window: int = 1500) -> Entity | None:
        """The organisation last named right after `head` before pos: «صحيفة «الصنداي تليجراف»»."""
        text = self.v.text
        k = bisect.bisect_left(self._named_starts, pos) - 1
        while k >= 0 and pos - self.named[k].start <= window:
            m = self.named[k]
            k -= 1
            if m.type != "ORG":
                continue
            before = text[max(0, m.start - 30) : m.start].rstrip(" «\"“'")
            words = before.split()
            if not words:
                continue
            w = norm(words[-1])
            if any(x == head or x == "ال" + head for x in (w, w[1:], w[2:])):
                e = self.clusters.entity_by_id(m.entity)
                if e is not None and not e.described:
                    return e
        return None

    def _issuer(self, np: NP) -> tuple[Entity | None, str] | None:
        """«بيان لوزارة الخارجية», «تقرير صادر عن المنتدى الاقتصادي», «بيان للرئيس الأمريكي باراك
        أوباما»: a statement speaks for whoever issued it, named right after the statement noun."""
        v = self.v
        k = np.start + 1
        while k < len(v.toks) and v.norms[k] in _ISSUED_BY:
            k += 1
        last = min(len(v.toks), max(np.end, k + 1) + 2) - 1
        if k > last:
            return None
        # only after «صادر عن», «من» or a «ل» («بيان لوزارة», «بيان للرئيس»): «تقارير صحافية» is no issuer
        marked = k > np.start + 1 or v.text[v.toks[k].start - 1] == "ل" or v.norms[k].startswith("لل")
        if not marked:
            return None
        # a name the model or the rules found there
        j = bisect.bisect_left(self._named_starts, v.toks[k].start)
        if j < len(self.named) and self.named[j].start <= v.toks[last].end:
            e = self.clusters.entity_by_id(self.named[j].entity)
            if e is not None:
                return e, "explicit"
        inner = parse_np(v, k)
        if inner is not None and inner.kind in ("person", "org", "place"):
            return self._np_entity(inner)
        if k < np.end:  # the rest of the phrase names the issuer: «… عن المنتدى الاقتصادي العالمي»
            a, b = v.toks[k].start, v.toks[np.end - 1].end
            e = self.clusters.find(v.text[a:b], "ORG") or self.clusters.add(
                Mention(a, b, v.text[a:b], "ORG", "cue")
            )
            return e, "explicit"
        return None

    def _nearest_plural_source(self, pos: int, window: int = 80) -> Entity | None:
        """«أجمع أهالي المنطقة على …، وأكدوا أنه …»: the nearest plural source phrase before the cue."""
        v = self.v
        k = bisect.bisect_left(self._token_starts, pos) - 1
        floor = max(0, k - window)
        while k >= floor:
            info = title_info(v.norms[k]) or org_info(v.norms[k])
            if info is not None and info.number in ("pl", "du") and info.kind in ("description", "org"):
                np = parse_np(v, k)
                if np is not None and np.kind in ("description", "org") and not np.weak:
                    e, _ = self._np_entity(np)
                    return e
            k -= 1
        return None

    def _latest(
        self,
        gender: str | None,
        number: str,
        type_: str | None = None,
        before: int | None = None,
        since: int | None = None,
    ) -> Entity | None:
        for f in reversed(self.focus):
            if before is not None and f.sentence > before:
                continue
            if since is not None and f.sentence < since:
                break
            if type_ and f.entity.type != type_:
                continue
            if _agrees(f.entity, gender, number):
                return f.entity
        return None

    def resolve(self, c: Candidate) -> tuple[Speaker | None, str]:
        self.current_sentence = c.sentence
        ref = c.ref
        e: Entity | None = None
        how = ref.how
        if ref.how == "divine":
            e = self.clusters.find("الله", "PER") or self.clusters.add(
                Mention(
                    ref.np_span[0],
                    ref.np_span[1],
                    self.v.text[ref.np_span[0] : ref.np_span[1]],
                    "PER",
                    "rule",
                )
            )
            e.name = "الله"
            how = "explicit"
        elif ref.how == "subject" and ref.np is not None:
            # a sentence's subject kept in focus (quotes._clause_subjects): an organisation named already
            m = np_mention(self.v, ref.np, source="cue")
            if m is not None:
                e = self.clusters.find(m.text, "ORG") or self.clusters.find(
                    proper_org_name(self.v.text, m).text, "ORG"
                )
                words = m.text.split()
                while e is None and len(words) > 2:
                    # «الشركة السعودية للكهرباء» where the model named «الشركة السعودية»
                    words.pop()
                    e = self.clusters.find(" ".join(words), "ORG")
            if e is not None:
                e.gender = e.gender or ref.gender
                how = "explicit"
        elif ref.how in ("np", "headline", "according") and ref.np is not None:
            e, how = self._np_entity(ref.np)
            if e is not None:
                _learn_gender(e, ref.gender, ref.how)
        elif ref.how == "participle":
            same = [f for f in self.focus if f.sentence == c.sentence]
            agreeing = [f for f in same if _agrees(f.entity, ref.gender, ref.number)]
            e = agreeing[-1].entity if agreeing else None
            recent = self.focus[-1] if self.focus and self.focus[-1].sentence >= c.sentence - 1 else None
            if e is None and recent is not None and _agrees(recent.entity, ref.gender, ref.number):
                e = recent.entity  # «…». لافتاً إلى أن …: the speaker just quoted
            if e is None and c.cue is not None:
                # «نظمت الغرفة … وفي مقدمتهم أمينها العام الدكتور …، مشيرًا»: not the feminine organisation
                e = self._nearest_person(c.cue.start, ref.gender, window=300)
            if e is None:
                e = same[-1].entity if same else recent.entity if recent is not None else None
            if e is None:
                e = self._latest(ref.gender, ref.number)
        elif ref.how in ("implicit", "floating"):
            # a floating quotation belongs to someone quoted just before, or to nobody we know
            e = self._latest(ref.gender, ref.number, since=c.sentence - 2 if ref.how == "floating" else None)
            if e is None and c.cue is not None and ref.number == "sg":
                e = self._nearest_person(c.cue.start, ref.gender)
                how = "nearest"
            if e is None and c.cue is not None and ref.number in ("pl", "du"):
                e = self._nearest_plural_source(c.cue.start)
                how = "nearest"
        if e is None and ref.how == "participle" and ref.number in ("pl", "du") and c.cue is not None:
            e = self._nearest_plural_source(c.cue.start)
            how = "nearest"
        if e is None:
            return None, how
        self.focus.append(Focus(e, c.sentence))
        mention = None
        if ref.np is not None:
            s = self.v.toks[ref.np.start].start
            t = self.v.toks[ref.np.end - 1].end
            mention = Span(s, t, self.v.text[s:t])
        return Speaker(name=e.name, entity=e.id, mention=mention, resolution=how), how

    def resolve_headline(self, c: Candidate) -> tuple[Speaker | None, str]:
        """A headline names its speaker loosely («مسؤول كويتي»): prefer the body's main speaker."""
        ref = c.ref
        np = ref.np
        if np is None:
            return None, "headline"
        if np.kind in ("person", "org"):
            m = np_mention(self.v, np, source="headline")
            if m is not None:
                e = self.clusters.find(m.text, m.type)
                if e is None and m.type == "PER":
                    e = self.clusters.add(m)
                if e is None:
                    e = self.clusters.add(m)
                return Speaker(e.name, e.id, Span(m.start, m.end, m.text), "headline"), "headline"
        counts: dict[str, int] = {}
        for f in self.focus:
            if f.entity.type == "PER" and not f.entity.described:
                counts[f.entity.id] = counts.get(f.entity.id, 0) + 1
        if counts:
            best = max(counts, key=lambda k: counts[k])
            e = next(f.entity for f in self.focus if f.entity.id == best)
            return Speaker(e.name, e.id, None, "headline"), "headline"
        e, how = self._np_entity(np)
        if e is None:
            return None, how
        return Speaker(e.name, e.id, None, how), how
