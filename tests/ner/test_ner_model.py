"""The shipped NER model: offline loading, expected entities, gazetteer recall, offsets."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from qawl.ner import canonical_name, find_mentions, load_tagger
from qawl.ner.tagger import Tagger, model_dir


def _found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in find_mentions(text)}


def test_model_loads_with_sockets_blocked(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    tagger = Tagger(model_dir() / "ar_ner.crfsuite")  # a fresh load, not the cached one
    assert {"B-PER", "B-ORG", "B-LOC", "O"} <= set(tagger.labels)
    assert tagger.tag(["قال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون"])[-2:] == ["B-PER", "I-PER"]
    assert find_mentions("وصل الوفد إلى القاهرة.")


def test_model_loads_fast_in_a_fresh_process():
    code = (
        "import time; t=time.perf_counter(); from qawl.ner import load_tagger, find_mentions; "
        "load_tagger(); find_mentions('زار الرئيس القاهرة.'); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout.strip()) < 2.0


def test_load_tagger_is_cached():
    assert load_tagger() is load_tagger()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقال الرئيس الفرنسي إيمانويل ماكرون إن بلاده ستواصل دعمها.", ("إيمانويل ماكرون", "PER")),
        ("وأعلنت وزارة الخارجية الأمريكية أمس عن خطة جديدة.", ("وزارة الخارجية الأمريكية", "ORG")),
        ("وأكد رئيس الوزراء البريطاني بوريس جونسون أن الحكومة ستتحرك.", ("بوريس جونسون", "PER")),
        ("وأكد رئيس الوزراء البريطاني بوريس جونسون أن الحكومة ستتحرك.", ("رئيس الوزراء البريطاني", "TITLE")),
        ("وصل الوفد إلى القاهرة صباح اليوم.", ("القاهرة", "GPE")),
        ("أكدت الأمم المتحدة أن المساعدات وصلت.", ("الأمم المتحدة", "ORG")),
    ],
)
def test_expected_entities(text, expected):
    assert expected in _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("يتحدث الناس كثيرا عن فنلندا هذه الأيام.", "فنلندا"),
        ("وكانت غواتيمالا قد أعلنت ذلك.", "غواتيمالا"),
        ("ووصلت المساعدات إلى جمهورية أفريقيا الوسطى.", "جمهورية أفريقيا الوسطى"),
        ("تحدث الجميع عن الدعم لأوكرانيا وروسيا.", "أوكرانيا"),
        ("تحدث الجميع عن الدعم لأوكرانيا وروسيا.", "روسيا"),
        # everyday spellings the country list lacks (place_aliases.tsv)
        ("وعاد الوفد من الفاتيكان أمس.", "الفاتيكان"),
        ("وتستضيف هنغاريا البطولة هذا العام.", "هنغاريا"),
        ("وعاد الوفد من بنجلاديش أمس.", "بنجلاديش"),
    ],
)
def test_listed_country_never_missed(text, name):
    assert (name, "GPE") in _found(text)


def test_offsets_round_trip_on_mixed_text():
    text = (
        'قال الرئيس الأمريكي جو بايدن في واشنطن: "We will stand with Ukraine."\n'
        "وأضاف أن الولايات المتحدة ستدعم كييف! ثم غادر إلى لندن؟ Reuters reported it. 3.5% "
    ) * 3
    mentions = find_mentions(text)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.type in {"PER", "ORG", "GPE", "LOC", "TITLE"}
        assert m.source in {"model", "gazetteer"}
    assert ("الولايات المتحدة", "GPE") in {(m.text, m.type) for m in mentions}


def test_english_only_and_empty_text():
    assert find_mentions("") == []
    assert find_mentions("Joe Biden met Emmanuel Macron in Paris.") == []


def test_long_input_is_processed_sentence_by_sentence():
    text = "زار الرئيس المصري القاهرة اليوم. " * 2000
    mentions = find_mentions(text)
    assert sum(m.text == "القاهرة" for m in mentions) == 2000


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("وللرئيس", "الرئيس"),
        ("بأوباما", "أوباما"),
        ("لأوكرانيا", "أوكرانيا"),
        ("وروسيا", "روسيا"),
        ("بالقاهرة", "القاهرة"),
        ("مُحَمَّد", "محمد"),
        ("الـرئيس", "الرئيس"),
    ],
)
def test_canonical_name_meets(a, b):
    assert canonical_name(a) == canonical_name(b)


@pytest.mark.parametrize("name", ["وليد", "فرنسا", "باريس", "لبنان", "بغداد", "كوريا", "فيصل"])
def test_canonical_name_keeps_first_letters(name):
    assert canonical_name(name) == canonical_name(name).strip() and len(canonical_name(name)) == len(name)


def test_title_is_attached_to_the_person_after_it():
    text = "وقال الرئيس الفرنسي إيمانويل ماكرون إن بلاده ستواصل دعمها."
    person = next(m for m in find_mentions(text) if m.type == "PER")
    assert person.title is not None and person.title.text == "الرئيس الفرنسي"
    assert text[person.title.start : person.title.end] == person.title.text


def test_gazetteer_adds_what_the_model_misses_and_names_institutions():
    text = "وقالت المتحدثة باسم البيت الأبيض إن الوفد سيزور غواتيمالا."
    found = {(m.text, m.type, m.source) for m in find_mentions(text)}
    assert ("البيت الأبيض", "ORG", "gazetteer") in found or ("البيت الأبيض", "ORG", "model") in found
    assert any(m[0] == "غواتيمالا" and m[1] == "GPE" for m in found)
    assert not any(m[0] == "الأبيض" for m in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ونقلت الأسوشيتد برس عن شهود أن الطريق أغلق.", "الأسوشيتد برس"),
        ("وتبادل الطرفان الاتهامات بعد اجتماع لمنظمة التجارة العالمية في جنيف.", "منظمة التجارة العالمية"),
        ("وأعلنت بوكو حرام مسؤوليتها عن الهجوم.", "بوكو حرام"),
        ("وخفضت وكالة موديز التصنيف الائتماني للشركة، بينما اختارت موتورولا طريقا آخر.", "موتورولا"),
    ],
)
def test_listed_organisation_never_missed(text, name):
    assert (name, "ORG") in _found(text)


def test_name_found_once_is_found_again():
    text = "وقال الرئيس الفرنسي إيمانويل ماكرون إن بلاده ستواصل دعمها. وأضاف ماكرون أن الحرب طويلة."
    assert sum(m.type == "PER" and "ماكرون" in m.text for m in find_mentions(text)) == 2


def test_a_surname_found_again_keeps_its_joining_word():
    from qawl.ner.gazetteers import load
    from qawl.ner.mentions import Mention, _propagate, sentences
    from qawl.text.tokens import tokenize

    text = "قال ماركو فان باستن إن الفريق جاهز. وما حمل فان باستن على ذلك؟ وأضاف باستن أنه سعيد."
    found = [Mention(4, 19, text[4:19], "PER", source="model")]
    done = []
    for sent in sentences(text, tokenize(text)):
        done.append((sent, [t.text for t in sent], [found[0].start <= t.start < found[0].end for t in sent]))
    assert [m.text for m in _propagate(text, found, done, load())] == ["فان باستن", "باستن"]


def test_people_listed_after_a_person_are_people():
    from qawl.ner.gazetteers import load
    from qawl.ner.mentions import _conjoined_people

    gaz = load()
    words = [
        "ويضم",
        "الفريق",
        "مارك",
        "فان",
        "بومل",
        "وكلارنس",
        "سيدورف",
        "وروي",
        "ماكاي",
        "،",
        "وأشرف",
        "عبد",
        "الباقي",
        ".",
    ]
    spans = [("PER", 2, 5), ("LOC", 8, 9)]  # the model read «ماكاي» as a place
    got = [" ".join(words[a:b]) for a, b in _conjoined_people(words, spans, gaz.match_places(words), gaz)]
    assert got == ["وكلارنس سيدورف", "وروي ماكاي", "وأشرف عبد الباقي"]
    # «وجود» is a word of its own; «وضعا أيديهما» is a verb and its object
    words = [
        "وأكد",
        "أحمد",
        "الزهراني",
        "وجود",
        "عقوق",
        "في",
        "المجتمع",
        "،",
        "وقال",
        "ديتر",
        "وضعا",
        "أيديهما",
        "على",
        "الفكرة",
    ]
    assert _conjoined_people(words, [("PER", 1, 3), ("PER", 10, 11)], [], gaz) == []


def test_both_entity_models_load_and_an_unknown_one_is_a_clear_error():
    from qawl.ner.tagger import ModelError

    for kind in ("bilstm", "crf"):
        tagger = load_tagger(kind)
        tags = tagger.tag_sentences(
            [["قال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون"], ["وصل", "الوفد", "."]]
        )
        assert [len(t) for t, _ in tags] == [5, 3]
    with pytest.raises(ModelError, match="bilstm"):
        load_tagger("transformer")


def test_a_damaged_model_file_is_a_clear_error(tmp_path, monkeypatch):
    import shutil

    from qawl.ner.tagger import ModelError

    for f in model_dir().iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    (tmp_path / "ar_ner_bilstm.npz").write_bytes(b"PK\x03\x04 not a real archive")
    monkeypatch.setenv("QAWL_NER_MODEL_DIR", str(tmp_path))
    load_tagger.cache_clear()
    try:
        with pytest.raises(ModelError, match="retrain"):
            load_tagger("bilstm")
    finally:
        load_tagger.cache_clear()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وتعادل فريق أولمبيك خريبكة مع ضيفه مساء أمس.", "أولمبيك خريبكة"),
        ("ويستضيف حسنية أكادير منافسه في الجولة المقبلة.", "حسنية أكادير"),
        ("وخسر اتحاد طنجة أمام منافسه بهدفين.", "اتحاد طنجة"),
        ("وتأهل دينامو زغرب إلى الدور المقبل.", "دينامو زغرب"),
    ],
)
def test_a_club_word_and_its_city_are_one_organisation(text, name):
    found = {(m.text, m.type) for m in find_mentions(text)}
    assert (name, "ORG") in found


def test_a_person_span_over_a_list_of_names_is_cut_at_each_conjunction():
    words = ["ديديه", "يوكانان", "وحسن", "مصطفى", "وسعيد", "الشاطر"]
    from qawl.ner.gazetteers import load
    from qawl.ner.mentions import _split_listed_names

    spans, conj = _split_listed_names(words, [("PER", 0, len(words))], load())
    assert spans == [("PER", 0, 2), ("PER", 2, 4), ("PER", 4, 6)]
    assert conj == {(2, 4), (4, 6)}
    # a name that itself starts with «و» stays whole
    spans, _ = _split_listed_names(["وليد", "جنبلاط"], [("PER", 0, 2)], load())
    assert spans == [("PER", 0, 2)]


def test_a_name_found_alone_after_a_conjunction_leaves_it_out():
    from qawl.ner.gazetteers import load
    from qawl.ner.mentions import _split_listed_names

    words = ["ياسر", "القحطاني", "وسالم", "الدوسري", "ووليام", "وليام", "بويتر"]
    spans, conj = _split_listed_names(words, [("PER", 0, 2), ("PER", 2, 4), ("PER", 5, 7)], load())
    assert spans == [("PER", 0, 2), ("PER", 2, 4), ("PER", 5, 7)]
    assert conj == {(2, 4)}  # «وليام» (William) is a name as written


def test_the_words_after_team_name_the_team():
    from qawl.ner.gazetteers import load
    from qawl.ner.mentions import _clubs

    gaz = load()

    def clubs(text):
        words = text.split()
        return [" ".join(words[s:e]) for s, e, _ in _clubs(words, gaz.match_places(words), gaz)]

    assert clubs("يستضيف فريق المولودية الوجدية ضيفه") == ["المولودية الوجدية"]
    assert clubs("وقال مدرب فريق هجر أحمد الناظري إن") == ["هجر"]  # a person follows the team
    assert clubs("ولعب فريقي أسيك ابيدجان") == ["أسيك ابيدجان"]
    # a working team, a rescue team, and the military rank «الفريق» name no club
    assert clubs("وأرسلت الوزارة فريق التحقيق وفريق إغاثي إلى الموقع") == []
    assert clubs("وزار الفريق عبدالرحيم محمد حسين المعسكر") == []


def test_a_currency_is_never_an_entity():
    text = (
        "ودفعت المخاوف المستثمرين لبيع الدولار ليرتفع اليورو، وبلغت الأرباح 11 مليار درهم و7500 فرنك سويسري."
    )
    found = [(m.text, m.type) for m in find_mentions(text) if m.type != "TITLE"]
    assert not [t for t, _ in found if any(c in t for c in ("اليورو", "الدولار", "درهم", "فرنك"))]


def test_a_person_is_widened_over_a_name_joining_word():
    from qawl.ner.gazetteers import load
    from qawl.ner.mentions import _whole_names

    words = [
        "قال",
        "ماركو",
        "فان",
        "باستن",
        "إن",
        "أسامة",
        "بن",
        "لادن",
        "و",
        "صلاح",
        "الدين",
        "فإن",
        "أوباما",
    ]
    spans = [("PER", 1, 3), ("PER", 7, 8), ("PER", 10, 11), ("PER", 12, 13)]
    got = [" ".join(words[s:e]) for _, s, e in _whole_names(words, spans, load())]
    # «فإن» («so») is no «فان»: «أوباما» stays alone
    assert got == ["ماركو فان باستن", "أسامة بن لادن", "صلاح الدين", "أوباما"]


def test_a_city_with_a_masculine_nationality_is_its_club():
    found = {
        (m.text, m.type)
        for m in find_mentions("وانتقل الحارس إلى بورتو البرتغالي، وزار الوفد مدينة ليون الفرنسية.")
    }
    assert ("بورتو", "ORG") in found
    assert ("ليون", "ORG") not in found  # «الفرنسية»: the city


def test_a_two_word_place_written_as_one_word_is_found():
    from qawl.ner.gazetteers import load

    places = load().places
    assert ("دياربكر",) in places and places[("دياربكر",)].name_en == "Diyarbakir"
    assert ("ابوسيف",) not in places  # «أبو …» joined is a person's name as often


def test_a_particle_is_never_a_one_word_name():
    from qawl.ner.mentions import _function_word

    assert _function_word("التي") and _function_word("والتي") and _function_word("بعد")
    assert not _function_word("حماس") and not _function_word("وليد") and not _function_word("فتح")
    # «علي» is both the name and Egyptian papers' spelling of «على»: the name stays
    found = {(m.text, m.type) for m in find_mentions("وقال علي إن الحكومة التي شكلها ستعمل بعد الانتخابات.")}
    assert ("علي", "PER") in found


def test_a_name_found_once_spreads_but_never_onto_a_particle_that_holds_it():
    from qawl.document import Mention
    from qawl.ner.gazetteers import load
    from qawl.ner.mentions import _propagate, sentences
    from qawl.text.tokens import tokenize

    text = "وبثت قناة تي في 5 المقابلة التي أجراها ماكرون، وقال وماكرون إن التي سبقتها أفضل"
    found = [
        Mention(text.index("تي"), text.index("تي") + 2, "تي", "ORG", source="model"),
        Mention(text.index("ماكرون"), text.index("ماكرون") + 6, "ماكرون", "PER", source="model"),
    ]
    done = []
    for sent in sentences(text, tokenize(text)):
        taken = [any(m.start <= t.start < m.end for m in found) for t in sent]
        done.append((sent, [t.text for t in sent], taken))
    spread = [(m.text, m.type) for m in _propagate(text, found, done, load())]
    assert spread == [("وماكرون", "PER")]  # the surname again; «التي» holds «تي» but is no name


def test_an_organisation_named_like_a_common_word_needs_its_bare_name():
    # «حماس» is Hamas, «بحماس مماثل» / «الحماس» are enthusiasm
    assert [m.text for m in find_mentions("لا يشعر الناخبون بحماس مماثل، وزاد الحماس في المدرجات.")] == []
    found = [
        m.text for m in find_mentions("وقالت حماس إن الاتفاق انتهى، وحماس لن تقبل بغيره.") if m.type == "ORG"
    ]
    assert found == ["حماس", "حماس"]


def test_a_transliterated_name_spelt_otherwise_is_still_listed():
    from qawl.ner.gazetteers import load

    g = load()
    for text, name in (
        ("سلتيك", "سيلتيك"),
        ("لسلتيك", "سيلتيك"),
        ("يديعوت أحرنوت", "يديعوت أحرونوت"),
        ("هونج كونج", "هونغ كونغ"),
    ):
        words = text.split()
        assert [p.name for _s, _e, p, _v in g.match_variants(words)] == [name]
    # a long vowel more or less is one thing, two are another name («نوبل» is not «نيبال»), the
    # article is never a clitic here («البخاري» is not «بخارى»), and one town name is never guessed
    for text in ("نوبل", "البخاري", "باستن", "نتاليا", "معرفية"):
        assert g.match_variants([text]) == []


def test_a_spelling_variant_leaves_its_preposition_out():
    # «لسلتيك»: «ل» + «سلتيك», listed as «سيلتيك»
    found = [(m.text, m.type) for m in find_mentions("ولعب المدافع سابقا لسلتيك الاسكتلندي .")]
    assert found == [("سلتيك", "ORG")]


def test_an_everyday_word_is_no_clitic_and_a_town():
    from qawl.ner import find_mentions

    # «وكيل» (deputy) is no «و» + Kiel, «بليون» (billion) no «ب» + León, «لجان» no «ل» + Jean
    for text in ("قال وكيل الوزارة إن العمل مستمر.", "بلغت الخسائر ثلاثة بليون دولار.", "شكلت لجان التحقيق."):
        assert [m.text for m in find_mentions(text, titles=False) if m.type in ("GPE", "LOC")] == []
    # a big Arab city after «و» is still found
    found = find_mentions("افتتح الفرع الجديد في الدمام وجدة أمس.", titles=False)
    assert "جدة" in [m.text for m in found if m.type == "GPE"]


def test_a_surname_found_in_the_text_is_no_town_of_the_same_name():
    from qawl.ner import find_mentions

    text = "يصل الرئيس النيجيري محمد بخاري اليوم إلى الكاميرون. وقال المتحدث إن الرئيس بخاري يتوجه إليها."
    found = [(m.text, m.type) for m in find_mentions(text, titles=False)]
    assert ("بخاري", "GPE") not in found
    assert [t for w, t in found if w == "بخاري"] == ["PER"]


def test_a_family_name_that_is_also_an_adjective_ends_the_persons_name():
    from qawl.ner import find_mentions

    found = [
        (m.text, m.type) for m in find_mentions("وقال خالد الحربي إن المنافسات كانت قوية.", titles=False)
    ]
    assert ("خالد الحربي", "PER") in found
    # not after a noun: «الطيران الحربي» is the air force
    found = [m.text for m in find_mentions("وشن الطيران الحربي غارات على المدينة.", titles=False)]
    assert "الحربي" not in found
