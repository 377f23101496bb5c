from qawl.lang.ar.phrases import View, np_before, parse_np, parse_subject
from qawl.text.tokens import tokenize


def view(text: str, known: tuple[str, ...] = ()) -> View:
    v = View(text, tokenize(text))
    v.known_names.update(known)
    return v


def words(v: View, a: int, b: int) -> str:
    return " ".join(t.text for t in v.toks[a:b])


def test_title_then_name():
    v = view("الرئيس الفرنسي إيمانويل ماكرون في افتتاح المؤتمر")
    np = parse_np(v, 0)
    assert np.kind == "person"
    assert words(v, *np.name) == "إيمانويل ماكرون"
    assert words(v, *np.title) == "الرئيس الفرنسي"


def test_title_with_a_phrase_inside():
    v = view("الناطقة باسم البيت الأبيض كارولاين ليفيت على منصة إكس")
    np = parse_np(v, 0)
    assert words(v, *np.name) == "كارولاين ليفيت"
    assert np.gender == "f"


def test_title_alone():
    v = view("الرئيس الفرنسي أن الوضع خطير")
    np = parse_np(v, 0)
    assert np.kind == "title"
    assert words(v, np.start, np.end) == "الرئيس الفرنسي"


def test_organisation_subject():
    v = view("البيت الأبيض أن المفاوضات مستمرة")
    np = parse_np(v, 0)
    assert np.kind == "org" and words(v, np.start, np.end) == "البيت الأبيض"


def test_unnamed_source_with_place():
    v = view("مسؤولون في الرئاسة الفرنسية إلى أن الاجتماع انتهى")
    np = parse_np(v, 0)
    assert np.kind == "description" and np.number == "pl"
    assert words(v, np.start, np.end) == "مسؤولون في الرئاسة الفرنسية"


def test_subject_after_a_prepositional_phrase():
    v = view("لـ«عكاظ» رئيس المجلس البلدي زيد آل سليمان، أن")
    np = parse_subject(v, 0)
    assert np is not None and np.kind == "person"
    assert "زيد" in words(v, *np.name)


def test_subject_before_the_verb():
    v = view("وكانت الحكومة التركية أكدت أنها لن تتهاون")
    cue = [k for k, t in enumerate(v.toks) if t.text == "أكدت"][0]
    np = np_before(v, cue, 0)
    assert words(v, np.start, np.end) == "الحكومة التركية"


def test_prepositional_phrase_is_not_a_subject():
    v = view("وعن راموس قال", known=("راموس",))
    assert np_before(v, 2, 0) is None


def test_name_between_dashes():
    v = view("الشاب المعتكف -عبدالرحمن الأسمري-: شرع الاعتكاف")
    np = parse_subject(v, 0)
    assert np.kind == "person" and words(v, *np.name) == "عبدالرحمن الأسمري"


def test_common_words_glued_to_prepositions_are_not_names():
    v = view("المسؤول الاعلامي للجناح العسكري لحزب العمال بختيار دوغان قصف المواقع")
    np = parse_np(v, 0)
    assert words(v, *np.name) == "بختيار دوغان"
