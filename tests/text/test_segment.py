from qawl.text.quotemarks import find_regions
from qawl.text.segment import segment


def test_sentences_do_not_split_inside_quotations():
    t = "وقال: «الأولى. الثانية». ثم غادر."
    _, sents = segment(t, find_regions(t))
    assert [t[s.start : s.end] for s in sents] == ["وقال: «الأولى. الثانية».", "ثم غادر."]


def test_headline_is_the_short_first_line():
    t = "الوزير: لا زيادة في الأسعار\n\nقال الوزير إن الأسعار ثابتة."
    paras, sents = segment(t, find_regions(t))
    assert paras[0].kind == "headline"
    assert sents[0].kind == "headline"
    assert paras[1].kind == "paragraph"


def test_a_long_first_sentence_is_not_a_headline():
    t = "كشف الرئيس أن " + "الكلام " * 40 + "مهم.\nفقرة ثانية."
    paras, _ = segment(t, find_regions(t))
    assert paras[0].kind == "paragraph"


def test_language_per_paragraph():
    t = "قال الوزير إن الوضع مستقر.\nThe minister said the situation is stable."
    paras, _ = segment(t, find_regions(t))
    assert [p.lang for p in paras] == ["ar", "en"]
