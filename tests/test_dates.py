"""The dates stage: finding date expressions and resolving them against the publication date."""

from __future__ import annotations

import time
from datetime import date

import pytest

from qawl.dates import find_dates, infer_reference_date

TUE = date(2025, 11, 25)  # a Tuesday
SUN = date(2015, 7, 26)  # a Sunday


def pairs(text: str, published: date | None) -> list[tuple[str, str | None]]:
    mentions = find_dates(text, published)
    for d in mentions:  # the round trip every span must pass
        assert text[d.start : d.end] == d.text
    assert [d.start for d in mentions] == sorted(d.start for d in mentions)
    return [(d.text, d.value) for d in mentions]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # weekdays: bare = on or before publication, the same day counting
        ("قال الوزير، الثلاثاء، إن", TUE, [("الثلاثاء", "2025-11-25")]),
        ("وصل الوفد الأربعاء", SUN, [("الأربعاء", "2015-07-22")]),
        ("اجتمعوا الاحد", TUE, [("الاحد", "2025-11-23")]),
        ("التقيا الإثنين", TUE, [("الإثنين", "2025-11-24")]),
        ("الثلاثاء الماضي", TUE, [("الثلاثاء الماضي", "2025-11-18")]),
        ("يوم الخميس الماضي", date(2015, 7, 27), [("يوم الخميس الماضي", "2015-07-23")]),
        ("يزور الاثنين المقبل", TUE, [("الاثنين المقبل", "2025-12-01")]),
        ("الثلاثاء القادم", TUE, [("الثلاثاء القادم", "2025-12-02")]),
        ("في مؤتمر صحافي ظهر الأربعاء", date(2015, 8, 7), [("الأربعاء", "2015-08-05")]),
        ("قصفت فجر الجمعة", SUN, [("الجمعة", "2015-07-24")]),
        ("مساء يوم الثلاثاء", TUE, [("يوم الثلاثاء", "2025-11-25")]),
        ("قصفت ليل الجمعة السبت سبعة أهداف", SUN, [("الجمعة", "2015-07-24"), ("السبت", "2015-07-25")]),
        ("والخميس", TUE, [("الخميس", "2025-11-20")]),
        ("للأحد", TUE, [("للأحد", "2025-11-23")]),
        # relative words
        ("قال أمس إن", TUE, [("أمس", "2025-11-24")]),
        ("قال امس إن", TUE, [("امس", "2025-11-24")]),
        ("وأمسِ قال", TUE, [("أمسِ", "2025-11-24")]),
        ("بالأمس", TUE, [("الأمس", "2025-11-24")]),
        ("في مؤتمر عقد يوم أمس في الرياض", date(2015, 7, 27), [("يوم أمس", "2015-07-26")]),
        ("قال عصر امس «هذه", SUN, [("امس", "2015-07-25")]),
        ("أول من أمس", TUE, [("أول من أمس", "2025-11-23")]),
        ("أول أمس", TUE, [("أول أمس", "2025-11-23")]),
        ("قال اليوم إن", TUE, [("اليوم", "2025-11-25")]),
        ("صباح اليوم", TUE, [("اليوم", "2025-11-25")]),
        ("يصل غداً", TUE, [("غداً", "2025-11-26")]),
        ("يصل غدا إلى", TUE, [("غدا", "2025-11-26")]),
        ("بعد غد", TUE, [("بعد غد", "2025-11-27")]),
        # a relative word and a weekday: one mention; the weekday wins when they disagree
        ("شنت مقاتلات أمس السبت غارات", SUN, [("أمس السبت", "2015-07-25")]),
        ("قال أمس (الخميس) بأن", date(2015, 7, 24), [("أمس (الخميس)", "2015-07-23")]),
        ("في عددها امس الاحد إن", date(2015, 7, 21), [("امس الاحد", "2015-07-19")]),
        ("اليوم الثلاثاء", TUE, [("اليوم الثلاثاء", "2025-11-25")]),
        # «اليوم» and «غدا» with another reading are skipped
        ("في اليوم نفسه", TUE, []),
        ("في اليوم التالي", TUE, []),
        ("احتفل باليوم الوطني", TUE, []),
        ("قالت قناة روسيا اليوم", TUE, []),
        ("غدا الأمر واضحا", TUE, []),
        ("وقال لـ«اليوم» إن", TUE, []),
        ("انتظروا طوال اليوم", TUE, []),
        ("بين الاثنين خلاف", TUE, []),
        ("الأحد عشر لاعبا", TUE, []),
        # day and month, both month-name sets, with or without a year
        ("في 23 نوفمبر (تشرين الثاني)، وأتاحت", TUE, [("23 نوفمبر (تشرين الثاني)", "2025-11-23")]),
        ("في 23 تشرين الثاني/نوفمبر 2025", TUE, [("23 تشرين الثاني/نوفمبر 2025", "2025-11-23")]),
        ("في 3 حزيران 2014", TUE, [("3 حزيران 2014", "2014-06-03")]),
        ("الأول من يوليو", TUE, [("الأول من يوليو", "2025-07-01")]),
        ("23 نوفمبر الماضي", TUE, [("23 نوفمبر الماضي", "2025-11-23")]),
        ("10 يناير", TUE, [("10 يناير", "2026-01-10")]),
        ("في 20 ديسمبر", date(2026, 1, 5), [("20 ديسمبر", "2025-12-20")]),
        ("في 3 مارس", TUE, [("3 مارس", "2025-03-03")]),
        ("في ٢٣ نوفمبر ٢٠٢٥", None, [("٢٣ نوفمبر ٢٠٢٥", "2025-11-23")]),
        ("الثلاثاء 25 نوفمبر 2025", None, [("الثلاثاء 25 نوفمبر 2025", "2025-11-25")]),
        ("الخميس الموافق 20 نوفمبر", TUE, [("الخميس الموافق 20 نوفمبر", "2025-11-20")]),
        ("الأحد، 23 نوفمبر 2025", None, [("الأحد، 23 نوفمبر 2025", "2025-11-23")]),
        ("الثلاثاء، 23 نوفمبر 2025", None, [("الثلاثاء", "2025-11-18"), ("23 نوفمبر 2025", "2025-11-23")]),
        ("وصل بـ23 نوفمبر", TUE, [("23 نوفمبر", "2025-11-23")]),
        ("في 31 فبراير 2025", TUE, [("31 فبراير 2025", None)]),
        # numeric dates
        ("25/11/2025", None, [("25/11/2025", "2025-11-25")]),
        ("2025-11-25", None, [("2025-11-25", "2025-11-25")]),
        ("11/25/2025", None, [("11/25/2025", "2025-11-25")]),
        ("٢٥/١١/٢٠٢٥", None, [("٢٥/١١/٢٠٢٥", "2025-11-25")]),
        ("الرقم 1.2.3.4", None, []),
        # Hijri
        ("15 رمضان 1436هـ", None, [("15 رمضان 1436هـ", "2015-07-02")]),
        ("15 رمضان 1436 هـ", None, [("15 رمضان 1436 هـ", "2015-07-02")]),
        ("الخامس عشر من رمضان", date(2015, 7, 1), [("الخامس عشر من رمضان", "2015-07-02")]),
        ("10 ذي الحجة 1446", None, [("10 ذي الحجة 1446", "2025-06-06")]),
        ("15/9/1436 هـ", None, [("15/9/1436 هـ", "2015-07-02")]),
        # not day dates
        ("عام 2015م", TUE, []),
        ("في نوفمبر 2025", TUE, []),
        ("أكثر من 23 شخصا", TUE, []),
        # English
        ("— Karoline Leavitt (@PressSec) November 25, 2025", None, [("November 25, 2025", "2025-11-25")]),
        ("on 25 November 2025", None, [("25 November 2025", "2025-11-25")]),
        ("on Nov. 20", TUE, [("Nov. 20", "2025-11-20")]),
        ("November 25th, 2025", None, [("November 25th, 2025", "2025-11-25")]),
        ("Tuesday, November 25, 2025", None, [("Tuesday, November 25, 2025", "2025-11-25")]),
        ("He said on Tuesday", TUE, [("Tuesday", "2025-11-25")]),
        ("He said yesterday", TUE, [("yesterday", "2025-11-24")]),
        ("Today he said", TUE, [("Today", "2025-11-25")]),
        ("they met last Monday", TUE, [("last Monday", "2025-11-24")]),
        ("they meet next Friday", TUE, [("next Friday", "2025-11-28")]),
        ("the day before yesterday", TUE, [("the day before yesterday", "2025-11-23")]),
        ("USA Today reported", TUE, []),
        ("you may 5 times", TUE, []),
        # mixed
        (
            "قال الثلاثاء: «we agreed yesterday»",
            TUE,
            [("الثلاثاء", "2025-11-25"), ("yesterday", "2025-11-24")],
        ),
    ],
)
def test_find_dates(text: str, published: date | None, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(text, published) == expected


def test_empty_text() -> None:
    assert find_dates("") == []
    assert infer_reference_date("") is None


def test_no_anchor_leaves_relative_unresolved() -> None:
    assert pairs("قال أمس الأحد إن 23 نوفمبر يوم مهم", None) == [("أمس الأحد", None), ("23 نوفمبر", None)]


def test_anchor_inferred_from_a_full_date() -> None:
    text = "نشر في 20 نوفمبر 2025. وقال أمس إن الاجتماع الاثنين المقبل"
    assert infer_reference_date(text) == date(2025, 11, 20)
    assert pairs(text, None) == [
        ("20 نوفمبر 2025", "2025-11-20"),
        ("أمس", "2025-11-19"),
        ("الاثنين المقبل", "2025-11-24"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("لا تاريخ هنا", None),
        ("November 25, 2025 and 2025-11-26", date(2025, 11, 26)),
        ("في 15 رمضان 1436هـ", date(2015, 7, 2)),
        ("عام 2015م", None),
        ("قال أمس", None),
    ],
)
def test_infer_reference_date(text: str, expected: date | None) -> None:
    assert infer_reference_date(text) == expected


def test_published_overrides_dates_in_text() -> None:
    assert pairs("2025-01-01: قال أمس", TUE) == [("2025-01-01", "2025-01-01"), ("أمس", "2025-11-24")]


def test_calendar_kinds() -> None:
    text = "أمس، ثم الثلاثاء، ثم 23 نوفمبر، و15 رمضان 1436هـ"
    assert [d.calendar for d in find_dates(text, TUE)] == ["relative", "weekday", "gregorian", "hijri"]


def test_offsets_survive_marks_and_bidi_controls() -> None:
    text = "قالَ ‏أمسِ‏ إنّ الاجتماع في ٢٣ نوفمبر\u200f الماضي، الثَّلاثاء"
    got = pairs(text, TUE)
    assert [v for _, v in got] == ["2025-11-24", "2025-11-23", "2025-11-25"]


def test_to_dict_contract() -> None:
    (d,) = find_dates("الثلاثاء", TUE)
    assert d.to_dict() == {"start": 0, "end": 8, "text": "الثلاثاء", "value": "2025-11-25"}


def test_large_text_is_fast() -> None:
    chunk = "قال الرئيس أمس الأحد في 23 نوفمبر (تشرين الثاني) إن الاجتماع الثلاثاء المقبل. " * 20
    text = (chunk + "Leavitt said on Tuesday, November 25, 2025 that… ") * (1_000_000 // (len(chunk) + 50))
    find_dates("الثلاثاء")  # compile outside the timing
    t = time.perf_counter()
    mentions = find_dates(text, TUE)
    assert time.perf_counter() - t < 5
    assert len(mentions) > 10_000
    assert all(text[d.start : d.end] == d.text for d in mentions)
