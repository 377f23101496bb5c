"""Same statement across languages (links.py) and one entity across scripts (translit.py)."""

from __future__ import annotations

import pytest

from qawl.document import Document, Entity, Mention, Quote, Span, Speaker
from qawl.links import encoder, link_statements, merge_cross_script, sentences
from qawl.translit import names_match, skeleton_ar, skeleton_latin


@pytest.fixture(scope="session")
def use():
    return encoder()


def make_doc(parts: list[tuple[str, str]]) -> Document:
    """A document whose lines are the given (lang, quote text) parts, each line one quote."""
    text = "\n".join(p for _, p in parts)
    doc = Document(text=text)
    pos = 0
    for i, (lang, part) in enumerate(parts, 1):
        doc.quotes.append(Quote(f"q{i}", pos, pos + len(part), part, "direct", lang))
        pos += len(part) + 1
    return doc


def test_sentences_split_without_space():
    text = "We made progress on a deal.There are details to sort out, and more talks."
    spans = sentences(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == [
        "We made progress on a deal.",
        "There are details to sort out, and more talks.",
    ]


def test_translation_is_linked_with_a_score(use):
    doc = make_doc(
        [
            ("en", "The government will build ten new hospitals in the north of the country next year."),
            ("ar", "ستبني الحكومة عشرة مستشفيات جديدة في شمال البلاد العام المقبل."),
        ]
    )
    link_statements(doc)
    q1, q2 = doc.quotes
    assert q1.same_as == ["q2"] and q2.same_as == ["q1"]
    assert 0.0 < q1.same_as_scores["q2"] <= 1.0
    assert q1.same_as_scores["q2"] == q2.same_as_scores["q1"]


def test_unrelated_sentences_are_not_linked(use):
    doc = make_doc(
        [
            ("en", "The football club signed a new goalkeeper from Brazil on Monday."),
            ("ar", "ارتفعت أسعار القمح في الأسواق العالمية بسبب الجفاف في أستراليا."),
        ]
    )
    link_statements(doc)
    assert all(not q.same_as for q in doc.quotes)


def test_same_language_quotes_are_not_linked(use):
    doc = make_doc(
        [
            ("en", "The government will build ten new hospitals next year."),
            ("en", "The government will build ten new hospitals next year."),
        ]
    )
    link_statements(doc)
    assert all(not q.same_as for q in doc.quotes)


def test_two_sentence_post_links_to_two_translations(use):
    # the seed's case: each Arabic quote translates one sentence (or part of one) of the post
    doc = make_doc(
        [
            ("ar", "«الولايات المتحدة حققت تقدماً هائلاً باتجاه التوصل إلى اتفاق للسلام»"),
            (
                "en",
                "Over the past week, the United States has made tremendous progress towards a peace deal by "
                "bringing both Ukraine and Russia to the table.There are a few delicate, but not "
                "insurmountable, details that must be sorted out and will require further talks.",
            ),
            ("ar", "«هناك بعض التفاصيل الحساسة، ولكنها ليست مستعصية على الحل، وستستوجب مزيداً من المحادثات»"),
        ]
    )
    link_statements(doc)
    q1, q2, q3 = doc.quotes
    assert sorted(q2.same_as) == ["q1", "q3"]
    assert q1.same_as == ["q2"] and q3.same_as == ["q2"]
    assert set(q2.same_as_scores) == {"q1", "q3"}


@pytest.mark.parametrize(
    ("ar", "latin", "expected"),
    [
        ("ماكرون", "Macron", 1.0),
        ("إيمانويل ماكرون", "Emmanuel Macron", 1.0),
        ("كارولاين ليفيت", "Karoline Leavitt", 1.0),
        ("ليفيت", "Karoline Leavitt", 1.0),
        ("فولوديمير زيلينسكي", "Volodymyr Zelensky", 1.0),
        ("ماكرون", "Karoline Leavitt", 0.0),
        ("بايدن", "Trump", 0.0),
    ],
)
def test_names_match(ar, latin, expected):
    assert names_match(ar, latin) == expected


def test_skeletons():
    assert skeleton_ar("ماكرون") == skeleton_latin("Macron") == "MKRN"


def _entity(eid, name, typ, text, mention_names):
    mentions = []
    for n in mention_names:
        i = text.index(n)
        mentions.append(Span(i, i + len(n), n))
    return Entity(eid, name, typ, mentions=mentions)


def test_merge_cross_script():
    text = (
        "وقالت الناطقة كارولاين ليفيت إن الاتفاق قريب، وأضاف ماكرون أن السلام ممكن.\n"
        "We are close to a deal.\n— Karoline Leavitt (@PressSec) November 25, 2025\n"
        "Macron met Leavitt in Paris."
    )
    doc = Document(text=text)
    doc.entities = [
        _entity("e1", "كارولاين ليفيت", "PER", text, ["كارولاين ليفيت"]),
        _entity("e2", "ماكرون", "PER", text, ["ماكرون"]),
        _entity("e3", "Macron", "PER", text, ["Macron"]),
        _entity("e4", "Leavitt", "PER", text, ["Leavitt"]),
        _entity("e5", "Paris", "GPE", text, ["Paris"]),
    ]
    doc.mentions = [
        Mention(m.start, m.end, m.text, e.type, entity=e.id) for e in doc.entities for m in e.mentions
    ]
    doc.quotes = [
        Quote("q1", 0, 10, text[0:10], "embedded_post", "en", speaker=Speaker("Leavitt", entity="e4"))
    ]
    merge_cross_script(doc)
    ids = {e.id for e in doc.entities}
    assert ids == {"e1", "e2", "e5"}
    leavitt = doc.entity("e1")
    assert (
        "Leavitt" in leavitt.aliases
        and "@PressSec" in leavitt.aliases
        and "Karoline Leavitt" in leavitt.aliases
    )
    assert leavitt.name == "كارولاين ليفيت"
    macron = doc.entity("e2")
    assert "Macron" in macron.aliases
    assert [m.text for m in macron.mentions] == ["ماكرون", "Macron"]
    assert doc.quotes[0].speaker.entity == "e1"
    assert all(m.entity in ids for m in doc.mentions)
    for e in doc.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
