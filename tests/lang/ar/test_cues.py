import pytest

from qawl.lang import ar
from qawl.text.normalize import norm


@pytest.mark.parametrize(
    ("form", "lemma", "kind", "gender", "number"),
    [
        ("قال", "قال", "verb", "m", "sg"),
        ("قالت", "قال", "verb", "f", "sg"),
        ("قالوا", "قال", "verb", "m", "pl"),
        ("يقول", "قال", "verb", "m", "sg"),
        ("أضافت", "أضاف", "verb", "f", "sg"),
        ("مضيفاً", "أضاف", "participle", "m", "sg"),
        ("مضيفة", "أضاف", "participle", "f", "sg"),
        ("أكدتا", "أكد", "verb", "f", "du"),
        ("حذّر", "حذر", "verb", "m", "sg"),
        ("صرّح", "صرح", "verb", "m", "sg"),
        ("بقوله", "قال", "noun", "m", "sg"),
        ("وفق", "وفق", "according", None, "-"),
        ("بحسب", "بحسب", "according", None, "-"),
    ],
)
def test_cue_forms(form, lemma, kind, gender, number):
    info = ar.cues()[norm(form)]
    assert (norm(info.lemma), info.kind, info.gender, info.number) == (norm(lemma), kind, gender, number)


@pytest.mark.parametrize("word", ["بين", "مقر", "رد", "كتب"])
def test_ambiguous_words_are_not_cues(word):
    assert norm(word) not in ar.cues()


def test_titles_have_feminine_and_definite_forms():
    t = ar.titles()
    assert t[norm("اللاعبة")].gender == "f"
    assert t[norm("المصادر")].number == "pl"
    assert t[norm("الناطقة")].gender == "f"


def test_lexicon_files_load_without_duplicates_breaking_lookup():
    assert len(ar.cues()) > 300
    assert norm("الحكومة") in ar.org_heads()
