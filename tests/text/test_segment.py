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


def test_a_full_stop_glued_to_the_next_sentence_splits_the_words_too():
    from qawl.text.tokens import tokenize

    t = "وأعلن تنظيم داعش.وقالت مصادر إن الهجوم فشل، كما في د.محمد و 3.5 وبيت.كوم"
    words = [x.text for x in tokenize(t)]
    assert words[2:5] == ["داعش", ".", "وقالت"]
    assert {"د.محمد", "3.5", "وبيت.كوم"} <= set(words)
    _, sents = segment(t, find_regions(t))
    assert t[sents[0].start : sents[0].end] == "وأعلن تنظيم داعش."


def test_a_quotation_closed_after_its_full_stop_ends_its_sentence():
    t = "وقال الوزير إن «العمل مستمر في كل المواقع.» وفي الرياض أعلنت الأمانة أن الطرق مفتوحة."
    _, sents = segment(t, find_regions(t))
    assert [t[s.start : s.end] for s in sents] == [
        "وقال الوزير إن «العمل مستمر في كل المواقع.»",
        "وفي الرياض أعلنت الأمانة أن الطرق مفتوحة.",
    ]
