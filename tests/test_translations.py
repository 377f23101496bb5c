"""Sentences that translate each other, and statements found through their translation."""

from __future__ import annotations

from tests.conftest import spans_round_trip

import qawl
from qawl.translations import align_sentences

EN = (
    "Maria Lopez, the education minister, visited the flooded valley on Monday.\n\n"
    '"We will rebuild every school destroyed by the floods before the winter," Lopez said.\n\n'
)
# the translation reports the promise with a construction the Arabic cues do not cover
AR = (
    "زارت وزيرة التعليم ماريا لوبيز الوادي المنكوب بالفيضانات يوم الاثنين.\n\n"
    "وتعهدت لوبيز بإعادة بناء كل مدرسة دمرتها الفيضانات قبل حلول الشتاء.\n"
)


def test_translation_of_an_english_statement_becomes_a_linked_arabic_quote():
    doc = qawl.extract(EN + AR)
    spans_round_trip(doc)
    en = [q for q in doc.quotes if q.lang == "en"]
    ar = [q for q in doc.quotes if q.lang == "ar"]
    assert len(en) == 1 and en[0].found_by == "rules"
    assert len(ar) == 1 and ar[0].found_by == "translation"
    q = ar[0]
    assert "بإعادة بناء كل مدرسة" in q.text and q.kind == "indirect"
    assert q.same_as == [en[0].id] and en[0].same_as == [q.id]
    assert 0.5 <= q.same_as_scores[en[0].id] <= 1.0
    # the speaker is the English quote's speaker, one entity in both scripts
    assert q.speaker is not None and q.speaker.entity == en[0].speaker.entity
    assert q.speaker.resolution == "translation"
    ent = doc.entity(q.speaker.entity)
    names = [ent.name, *ent.aliases, *(m.text for m in ent.mentions)]
    assert any("Lopez" in n for n in names) and any("لوبيز" in n for n in names)
    assert [x.id for x in doc.quotes] == [f"q{k}" for k in range(1, len(doc.quotes) + 1)]
    assert doc.to_dict()["quotes"][-1]["found_by"] == "translation"


def test_arabic_statement_found_by_the_rules_is_linked_not_duplicated():
    ar = AR.replace("وتعهدت لوبيز بإعادة", "وقالت لوبيز إن الوزارة ستعيد")
    doc = qawl.extract(EN + ar)
    ar_quotes = [q for q in doc.quotes if q.lang == "ar"]
    assert len(ar_quotes) == 1 and ar_quotes[0].found_by == "rules"
    assert ar_quotes[0].same_as == [q.id for q in doc.quotes if q.lang == "en"]


def test_sentences_pair_in_order_one_to_one():
    doc = qawl.extract(EN + AR)
    al = align_sentences(doc)
    assert al is not None
    pairs = {
        (
            doc.text[al.sents[a].start : al.sents[a].end][:12],
            doc.text[al.sents[b].start : al.sents[b].end][:12],
        )
        for a, (b, _) in al.partner.items()
        if al.sents[a].lang == "en"
    }
    assert {(en, ar.split()[0]) for en, ar in pairs} == {("Maria Lopez,", "زارت"), ('"We will reb', "وتعهدت")}


def test_no_translation_no_projection():
    unrelated = "ارتفعت أسعار القمح في الأسواق العالمية بسبب الجفاف في أستراليا هذا الموسم.\n"
    doc = qawl.extract(EN + unrelated)
    assert [q.lang for q in doc.quotes] == ["en"]
    assert not doc.quotes[0].same_as


def test_arabic_only_article_has_no_alignment():
    doc = qawl.extract("قال الوزير أحمد سالم إن الحكومة ستدعم المزارعين.\n\nوأضاف: «لن نتراجع».")
    assert align_sentences(doc) is None
    assert all(q.found_by == "rules" for q in doc.quotes)


def test_consecutive_english_paragraphs_are_read_together():
    # the floating quotation's speaker is in the paragraph before it
    text = (
        "Maria Lopez, the education minister, said the ministry had a plan for the valley.\n\n"
        '"Every school will reopen before the winter, and no child will lose a year."\n'
    )
    doc = qawl.extract(text)
    floating = [q for q in doc.quotes if q.text.startswith('"Every school')]
    assert floating and floating[0].speaker is not None and "Lopez" in floating[0].speaker.name
