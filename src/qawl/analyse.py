"""The pipeline: stages in order, nothing else.

segment   quotation regions, paragraphs, sentences, headline, language of each
posts     embedded social-media posts and their signatures
mentions  NER model + gazetteers + title/name rules
quotes    cues and what they introduce (Arabic rules; English through lang.en)
entities  mentions clustered into entities
speakers  each statement's speaker resolved
dates     date expressions resolved to calendar days
links     the same statement across languages
"""

from __future__ import annotations

import bisect
import logging
from datetime import date

from qawl.document import Document, Mention, Quote, Speaker
from qawl.entities import Clusters, find_rule_mentions, merge_mentions, model_mentions, prefer_model_people
from qawl.lang.ar import common_words
from qawl.lang.ar.phrases import View, plausible_name_word, split_lam
from qawl.posts import find_posts
from qawl.quotes import Candidate, find_candidates
from qawl.speakers import RESOLUTION_CONFIDENCE, Focus, Resolver
from qawl.text.normalize import norm
from qawl.text.quotemarks import find_regions
from qawl.text.segment import segment
from qawl.text.tokens import is_english_prose, script_of, tokenize

log = logging.getLogger(__name__)


def extract(text: str, published: date | str | None = None, title: str | None = None) -> Document:
    """Analyse one article: who said what, about whom, when.

    `text` is never modified: every span in the result indexes it directly.
    `published` anchors relative dates («أمس», "last Tuesday").
    """
    if isinstance(published, str):
        published = date.fromisoformat(published)
    doc = Document(text=text, published=published, title=title, lang=script_of(text))

    regions = find_regions(text)
    paras, sents = segment(text, regions)
    doc.segments = paras + sents
    posts = find_posts(text)

    tokens = tokenize(text)
    view = View(text, split_lam(tokens))
    model = model_mentions(text, tokens)
    _teach_view(view, model)
    rules = find_rule_mentions(view, regions)
    headed = [m for m in rules if m.source == "place-head"]
    rules = [m for m in rules if m.source != "place-head"]
    # a name in quotation marks is whole: a word from the middle of it that the model tagged («تي»
    # of «ان تي في») gives way; a name at its start («"حماس" الفلسطينية») stays the model's
    quoted = [(q.start, q.end) for q in rules if q.source == "quoted-name"]
    model = [m for m in model if not any(a < m.start and m.end <= b for a, b in quoted)]
    # a name before its title in apposition («البدري مدير الكرة») fills what the model left
    people = prefer_model_people(
        text, [m for m in rules if m.type == "PER" and m.source != "apposition"], model
    )
    mentions = merge_mentions(people, model, rules)
    # «مطار الكويت الدولي» holds «الكويت»: the airport is an entity of its own, nested
    mentions += [
        h
        for h in headed
        if not any(m.start < h.end and h.start < m.end and not _inside(m, h) for m in mentions)
    ]
    mentions.sort(key=lambda m: (m.start, -m.end))
    _one_sense_for_surnames(mentions)
    for m in mentions:
        if m.type == "PER":
            words = m.text.split()
            trusted = m.source != "model" or _trusted_full_name(m)
            for w in words:
                if trusted or plausible_name_word(w):
                    view.known_names.add(norm(w))

    post_spans = [(p.start, p.signature_end) for p in posts]
    candidates = find_candidates(view, regions, sents, skip=post_spans)
    english = _english(text, paras, post_spans)

    clusters = Clusters()
    for m in mentions:
        if m.type in ("PER", "ORG", "GPE", "LOC"):
            clusters.add(m)
    for m in english[0]:
        clusters.add(m)
    doc.mentions = mentions + english[0]

    doc.quotes = _resolve(view, clusters, candidates, posts, english[1], mentions, [x.start for x in sents])
    doc.entities = [e for e in clusters.entities if e.mentions or _is_speaker(e.id, doc.quotes)]
    doc.dates = _dates(text, published)
    _links(doc)
    _name_speakers_by_entity(doc)
    return doc


def _inside(m: Mention, outer: Mention) -> bool:
    return outer.start <= m.start and m.end <= outer.end and m.type in ("GPE", "LOC")


def _name_speakers_by_entity(doc: Document) -> None:
    """After the cross-script merge, one person has one name on all their quotes (ليفيت and Leavitt)."""
    by_id = {e.id: e for e in doc.entities}
    for q in doc.quotes:
        if q.speaker is not None and q.speaker.entity in by_id:
            q.speaker.name = by_id[q.speaker.entity].name


def _one_sense_for_surnames(mentions: list[Mention]) -> None:
    """«فايزة أبوالنجا» named in full makes a later lone «أبوالنجا» the same person, though the model
    called that one a place (one sense per article). Not a listed place («واشنطن» stays the city
    beside «دنزل واشنطن»)."""
    surnames = {
        norm(words[-1])
        for m in mentions
        if m.type == "PER"
        and len(words := m.text.split()) >= 2
        and len(norm(words[-1])) >= 3
        and (m.source != "model" or _trusted_full_name(m))  # not the model's «لماركتي فورد»
    }
    if not surnames:
        return
    from qawl.ner.gazetteers import load as load_gazetteers
    from qawl.ner.normalize import clitic_variants

    listed = load_gazetteers().first_tokens  # «مرسيدس» of «مرسيدس بنز» too
    for m in mentions:
        if (
            m.type in ("GPE", "LOC")  # not ORG: companies bear people's names («فورد»)
            and m.source == "model"
            and " " not in m.text
            and norm(m.text) in surnames
            and not any(form in listed for form in clitic_variants(m.text))
        ):
            m.type = "PER"


def _trusted_full_name(m: Mention) -> bool:
    """A full name the model found keeps its surname even when that is a common word («فيصل
    السنين»); a lone model word, or one glued to a preposition («باشتراك»), must look like a name."""
    words = m.text.split()
    return (
        m.type == "PER"
        and len(words) >= 2
        and all(plausible_name_word(w) or norm(w) in common_words() for w in words)
        and plausible_name_word(words[0])
    )


def _teach_view(view: View, model: list[Mention]) -> None:
    """Token indices the model tagged, so the phrase rules can use them."""
    if not model:
        return
    starts = {t.start: k for k, t in enumerate(view.toks)}
    offsets = [t.start for t in view.toks]
    for m in model:
        k = starts.get(m.start)
        if k is None and m.type in ("GPE", "LOC"):
            # «بالرياض»: a listed place is found without its preposition; the token is still a place
            j = bisect.bisect_right(offsets, m.start) - 1
            k = j if j >= 0 and m.start < view.toks[j].end else None
        trusted = _trusted_full_name(m)
        if k is not None:
            view.model_starts.add(k)
        while k is not None and k < len(view.toks) and view.toks[k].end <= m.end:
            if m.type == "PER":
                if trusted or plausible_name_word(view.toks[k].text):
                    view.model_name_tokens.add(k)
            elif m.type == "ORG":
                view.model_org_tokens.add(k)
            elif m.type in ("GPE", "LOC"):
                view.model_place_tokens.add(k)
            k += 1


def _resolve(
    view: View,
    clusters: Clusters,
    cands: list[Candidate],
    posts,
    english: list[Quote],
    mentions: list[Mention],
    sentence_starts: list[int],
) -> list[Quote]:
    resolver = Resolver(view, clusters, mentions)

    def sentence_of(pos: int) -> int:
        return max(bisect.bisect_right(sentence_starts, pos) - 1, 0)

    text = view.text
    # posts become candidates with their signature as speaker, in text order with the rest
    items: list[tuple[int, str, object]] = [(c.start, "c", c) for c in cands]
    items += [(p.start, "p", p) for p in posts]
    items += [(q.start, "e", q) for q in english]
    items.sort(key=lambda x: x[0])
    quotes: list[Quote] = []
    headlines: list[tuple[Candidate, Quote]] = []
    for _, kind, obj in items:
        if kind == "p":
            p = obj
            m = Mention(p.name_start, p.name_end, text[p.name_start : p.name_end], "PER", "post")
            e = clusters.add(m)
            if p.handle not in e.aliases:
                e.aliases.append(p.handle)
            resolver.focus.append(Focus(e, sentence_of(p.start)))
            quotes.append(
                Quote(
                    "",
                    p.start,
                    p.end,
                    text[p.start : p.end],
                    "embedded_post",
                    p.lang,
                    Speaker(e.name, e.id, m.span(), "post"),
                    None,
                    0.95,
                )
            )
            continue
        if kind == "e":
            q = obj
            pronoun = q.speaker is not None and q.speaker.name.lower() in _EN_PRONOUNS
            if pronoun:
                # a pronoun the English finder could not resolve: the latest speaker that agrees
                gender, type_ = _EN_PRONOUNS[q.speaker.name.lower()]
                e = resolver._latest(gender, "sg", type_=type_)
                q.speaker = Speaker(e.name, e.id, q.speaker.mention, "implicit") if e is not None else None
                q.confidence *= 0.8 if e is not None else 0.3
                if e is not None:
                    resolver.focus.append(Focus(e, sentence_of(q.start)))
            elif q.speaker is not None and q.speaker.entity is None:
                e = clusters.find(q.speaker.name) or (
                    clusters.add(
                        Mention(
                            q.speaker.mention.start,
                            q.speaker.mention.end,
                            q.speaker.mention.text,
                            "PER",
                            "model",
                        )
                    )
                    if q.speaker.mention
                    else None
                )
                if e is not None:
                    q.speaker = Speaker(e.name, e.id, q.speaker.mention, q.speaker.resolution)
                    resolver.focus.append(Focus(e, sentence_of(q.start)))
            quotes.append(q)
            continue
        c = obj
        if c.ref.how == "headline":
            q = Quote("", c.start, c.end, text[c.start : c.end], c.kind, c.lang, None, c.cue, c.strength)
            headlines.append((c, q))
            quotes.append(q)
            continue
        speaker, how = resolver.resolve(c)
        if c.kind == "none":
            continue
        conf = c.strength * RESOLUTION_CONFIDENCE.get(how, 0.7) if speaker else c.strength * 0.3
        quotes.append(Quote("", c.start, c.end, text[c.start : c.end], c.kind, c.lang, speaker, c.cue, conf))
    for c, q in headlines:
        q.speaker, how = resolver.resolve_headline(c)
        q.confidence = c.strength * RESOLUTION_CONFIDENCE.get(how, 0.7) if q.speaker else 0.2
    quotes = _drop_overlaps(quotes)
    for k, q in enumerate(quotes, 1):
        q.id = f"q{k}"
    return quotes


_EN_PRONOUNS = {
    "he": ("m", "PER"),
    "she": ("f", "PER"),
    "it": (None, "ORG"),
    "i": (None, "PER"),
    "we": (None, None),
    "they": (None, None),
}


def _drop_overlaps(quotes: list[Quote]) -> list[Quote]:
    """Two finders may claim the same words (an English paragraph inside an Arabic article):
    of quotes overlapping by more than half, keep the more confident one."""
    kept: list[Quote] = []
    for q in sorted(quotes, key=lambda q: -q.confidence):
        if any(
            min(q.end, k.end) - max(q.start, k.start) > 0.5 * min(q.end - q.start, k.end - k.start)
            for k in kept
        ):
            continue
        kept.append(q)
    return sorted(kept, key=lambda q: q.start)


def _is_speaker(entity_id: str, quotes: list[Quote]) -> bool:
    return any(q.speaker is not None and q.speaker.entity == entity_id for q in quotes)


def _english(text: str, paras, skip: list[tuple[int, int]]) -> tuple[list[Mention], list[Quote]]:
    regions: list[tuple[int, int]] = []
    for p in paras:
        if (
            p.lang != "en"
            or any(s <= p.start < e for s, e in skip)
            or not is_english_prose(text[p.start : p.end])
        ):
            continue
        if regions and not text[regions[-1][1] : p.start].strip():
            # consecutive English paragraphs are read together: a floating quotation's speaker
            # and a pronoun's antecedent are often in the paragraph before
            regions[-1] = (regions[-1][0], p.end)
        else:
            regions.append((p.start, p.end))
    if not regions:
        return [], []
    try:
        from qawl.lang.en.quotes import extract_english
    except ImportError:
        return [], []
    return extract_english(text, regions)


def _dates(text: str, published: date | None):
    try:
        from qawl.dates import find_dates
    except ImportError:
        return []
    return find_dates(text, published)


def _links(doc: Document) -> None:
    try:
        from qawl.links import link_statements, merge_cross_script
        from qawl.translations import align_sentences, project_statements
    except ImportError:
        return
    merge_cross_script(doc)
    alignment = align_sentences(doc)
    link_statements(doc, alignment)
    project_statements(doc, alignment)
