"""End to end on the article the project started from (../shared/eval/dev/seed-coalition.txt).

Asserts who said each statement and the dates, read from the text itself (cue and opening
words), not from the gold file, so the test states what a reader expects."""

import pytest
from tests.conftest import spans_round_trip

import qawl


@pytest.fixture(scope="module")
def seed(shared):
    text = (shared / "eval/dev/seed-coalition.txt").read_text(encoding="utf-8")
    return qawl.extract(text, published="2025-11-25")


def speaker_of(doc, opening: str) -> str | None:
    for q in doc.quotes:
        if q.text.lstrip("«").startswith(opening):
            return q.speaker.name if q.speaker else None
    raise AssertionError(f"no statement starting with {opening!r}")


MACRON = ("إيمانويل ماكرون",)
LEAVITT = ("كارولاين ليفيت", "Karoline Leavitt")


@pytest.mark.parametrize(
    ("opening", "speakers"),
    [
        ("هناك «أخيراً فرصة", MACRON),  # كشف الرئيس الفرنسي إيمانويل ماكرون … أنّ
        ("الشرط الأساسي للسلام", MACRON),  # الرئيس الفرنسي حذّر: a title resolved to the person
        ("وزير الخارجية الأميركي ماركو روبيو ينضم", MACRON),  # مضيفاً
        ("لقد نالت أوكرانيا", MACRON),  # وأكد ذلك بقوله: implicit
        ("من الواضح أننا نمر", MACRON),
        ("أود أن أبدي ارتياحي", MACRON),  # وأضاف:
        ("فرنسا ستعمل مع دول", MACRON),
        ("سننتهي من هذا الأمر", MACRON),  # وشرح:
        ("وزير الخارجية الأمريكي ماركو روبيو انضم", ("مسؤولون في الرئاسة الفرنسية",)),
        ("القضايا التي ما زالت عالقة", ("البيت الأبيض",)),
        ("الولايات المتحدة حققت", LEAVITT),
        ("Over the past week", LEAVITT),  # the embedded post
        ("هناك بعض التفاصيل الحساسة", LEAVITT),  # وأضافت: across the English block
    ],
)
def test_speaker_of_each_statement(seed, opening, speakers):
    assert speaker_of(seed, opening) in speakers


def test_kinds(seed):
    kinds = {q.text.lstrip("«")[:12]: q.kind for q in seed.quotes}
    assert kinds["Over the pas"] == "embedded_post"
    assert kinds["الشرط الأساس"] == "direct"
    assert kinds["فرنسا ستعمل "] == "indirect"
    assert kinds["هناك «أخيراً"] == "mixed"


def test_terms_in_quotation_marks_are_not_statements(seed):
    texts = [q.text for q in seed.quotes]
    assert "«تحالف الدول الراغبة»" not in texts and "«إكس»" not in texts


def test_dates(seed):
    got = {(d.text, d.value) for d in seed.dates}
    assert ("الثلاثاء", "2025-11-25") in got
    assert any(t.startswith("23 نوفمبر") and v == "2025-11-23" for t, v in got)
    assert ("November 25, 2025", "2025-11-25") in got


def test_macron_is_one_entity_with_his_title(seed):
    macron = [e for e in seed.entities if e.name == "إيمانويل ماكرون"]
    assert len(macron) == 1
    assert "الرئيس الفرنسي" in macron[0].titles


def test_every_quote_has_a_cue_and_a_confidence(seed):
    for q in seed.quotes:
        assert 0.0 < q.confidence <= 1.0
        assert q.cue is not None or q.kind == "embedded_post"


def test_offsets_round_trip(seed):
    spans_round_trip(seed)


def test_output_matches_the_contract(seed):
    d = seed.to_dict()
    assert set(d) >= {"lang", "published", "entities", "quotes", "dates"}
    ids = {e["id"] for e in d["entities"]}
    for q in d["quotes"]:
        assert q["kind"] in ("direct", "indirect", "mixed", "according_to", "embedded_post")
        assert q["speaker"]["entity"] in ids


def test_one_name_per_speaker_across_scripts(seed):
    names = {
        q.speaker.name
        for q in seed.quotes
        if q.speaker
        and q.speaker.entity
        and "Karoline Leavitt"
        in (seed.entity(q.speaker.entity).aliases + [seed.entity(q.speaker.entity).name])
    }
    assert len(names) == 1
    ent = next(e for e in seed.entities if "@PressSec" in e.aliases)
    assert {"كارولاين ليفيت", "Karoline Leavitt"} <= {ent.name, *ent.aliases}
