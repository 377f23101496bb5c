from qawl.text.quotemarks import find_regions


def texts(t):
    return [t[r.start : r.end] for r in find_regions(t)]


def test_guillemets_and_curly_quotes():
    t = "قال: «نعم هذا صحيح» ثم قال “كلا” و„ja“."
    assert texts(t) == ["«نعم هذا صحيح»", "“كلا”", "„ja“"]


def test_quote_spans_sentences_but_not_paragraphs():
    t = "قال: «الجملة الأولى. الجملة الثانية»\nفقرة أخرى."
    assert texts(t) == ["«الجملة الأولى. الجملة الثانية»"]


def test_unclosed_opener_stops_at_paragraph_end():
    t = "قال: «هذا كلام لم يغلق\nوهذه فقرة لا علاقة لها. «وأخرى»"
    regions = find_regions(t)
    assert t[regions[0].start : regions[0].end] == "«هذا كلام لم يغلق"
    assert not regions[0].closed
    assert t[regions[1].start : regions[1].end] == "«وأخرى»"


def test_multi_paragraph_quote_reopened_on_each_paragraph():
    t = "قال: «الفقرة الأولى من الكلام\n«والفقرة الثانية منه»\nانتهى."
    assert texts(t) == ["«الفقرة الأولى من الكلام\n«والفقرة الثانية منه»"]


def test_closing_guillemet_typed_as_opener():
    t = "أكد قصف الطائرات لـ»مواقعنا في الشريط الحدودي» أمس."
    assert texts(t) == ["»مواقعنا في الشريط الحدودي»"]


def test_orphan_closer_starts_after_colon():
    t = "وقال في تصريحات لـ«عكاظ»: نعد برنامجا شاملا»، مشيرا إلى ذلك."
    r = find_regions(t)
    assert [t[x.start : x.end] for x in r] == ["«عكاظ»", "نعد برنامجا شاملا»"]
    assert not r[1].opened


def test_straight_quotes_and_apostrophes():
    t = "He said \"we don't know\" and left. It's Shi'ite."
    assert texts(t) == ['"we don\'t know"']


def test_quranic_braces():
    t = "قال تعالى: {هل جزاء الإحسان إلا الإحسان}."
    assert texts(t) == ["{هل جزاء الإحسان إلا الإحسان}"]


def test_no_marks():
    assert find_regions("لا علامات هنا.") == []
