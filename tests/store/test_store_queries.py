"""Each query filter, pagination, articles and speakers, on both databases."""

from __future__ import annotations

import pytest
from tests.store.storehelpers import P, Q, article, build

from qawl.store import (
    QuoteFilter,
    StoreError,
    count_quotes,
    get_article,
    get_speaker,
    iter_quotes,
    list_articles,
    list_speakers,
    save_article,
    search_quotes,
)

MACRON = P("إيمانويل ماكرون", titles=["الرئيس الفرنسي"], aliases=["Emmanuel Macron"])
LEAVITT = P("كارولين ليفيت", titles=["المتحدثة باسم البيت الأبيض"], aliases=["Karoline Leavitt"])
UKRAINE = P("أوكرانيا", type="GPE")
RUSSIA = P("روسيا", type="GPE")

ARTICLES = [
    # id, date, source, text, people, quotes (text, speaker index)
    ("a1", "2025-11-20", "aawsat", "قال إيمانويل ماكرون: «سندعم أوكرانيا حتى النهاية». ",
     [MACRON, UKRAINE], [("«سندعم أوكرانيا حتى النهاية»", 0)]),
    ("a2", "2025-11-22", "okaz", "قالت كارولين ليفيت: «المفاوضات مع روسيا مستمرة». وقال إيمانويل ماكرون: «السلامُ ممكن».",
     [LEAVITT, RUSSIA, MACRON], [("«المفاوضات مع روسيا مستمرة»", 0), ("«السلامُ ممكن»", 2)]),
    ("a3", "2025-11-25", "aawsat", "أكد إيمانويل ماكرون: «لن نتخلى عن أوكرانيا ولا عن أوروبا».",
     [MACRON, UKRAINE], [("«لن نتخلى عن أوكرانيا ولا عن أوروبا»", 0)]),
    ("a4", "2025-11-26", "okaz", "Karoline Leavitt said \"the talks with Russia continue\".",
     [P("Karoline Leavitt"), P("Russia", type="GPE")], [("\"the talks with Russia continue\"", 0)]),
]  # fmt: skip


@pytest.fixture
def archive(store):
    for aid, day, source, text, people, quotes in ARTICLES:
        doc = build(text, people, [Q(t, s) for t, s in quotes])
        save_article(
            store, article(text, id=aid, published=day, source=source, url=f"https://x.test/{aid}"), doc
        )
    return store


def texts(quotes) -> set[str]:
    return {q.text for q in quotes}


@pytest.mark.parametrize(
    "name",
    ["إيمانويل ماكرون", "ايمانويل ماكرون", "ماكرون", "Emmanuel Macron", "macron", "إِيمانويل مـاكرون"],
)
def test_speaker_any_name_any_script(archive, name):
    found = search_quotes(archive, QuoteFilter(speaker=name))
    assert len(found) == 3 and {q.speaker_canonical for q in found} == {"إيمانويل ماكرون"}


def test_speaker_merged_across_scripts(archive):
    # Leavitt's Arabic record has the Latin alias, so the English article joins it
    assert len(search_quotes(archive, QuoteFilter(speaker="ليفيت"))) == 2
    assert len(search_quotes(archive, QuoteFilter(speaker="Karoline Leavitt"))) == 2


def test_unknown_speaker(archive):
    assert search_quotes(archive, QuoteFilter(speaker="لا أحد")) == []


def test_about(archive):
    assert texts(search_quotes(archive, QuoteFilter(about="اوكرانيا"))) == {
        "«سندعم أوكرانيا حتى النهاية»",
        "«لن نتخلى عن أوكرانيا ولا عن أوروبا»",
    }
    assert len(search_quotes(archive, QuoteFilter(about="روسيا"))) == 1  # Arabic record
    assert len(search_quotes(archive, QuoteFilter(about="Russia"))) == 1  # separate record, no alias given
    assert search_quotes(archive, QuoteFilter(about="الصين")) == []


@pytest.mark.parametrize(
    "words, n",
    [
        ("أوكرانيا", 2),
        ("اوكرانيا", 2),  # alef without hamza finds أ
        ("السلام ممكن", 1),  # diacritics in the text do not matter
        ("السلام غير", 0),  # every word must occur
        ("talks RUSSIA", 1),
        ("المفاوض*", 1),  # prefix
        ("«", 0),  # nothing searchable
    ],
)
def test_text(archive, words, n):
    assert len(search_quotes(archive, QuoteFilter(text=words))) == n
    assert count_quotes(archive, QuoteFilter(text=words)) == n


def test_dates_source_kind(archive):
    assert len(search_quotes(archive, QuoteFilter(since="2025-11-22"))) == 4
    assert len(search_quotes(archive, QuoteFilter(until="2025-11-22"))) == 3
    assert len(search_quotes(archive, QuoteFilter(since="2025-11-21", until="2025-11-25"))) == 3
    assert len(search_quotes(archive, QuoteFilter(source="aawsat"))) == 2
    assert len(search_quotes(archive, QuoteFilter(kind="direct"))) == 5
    assert len(search_quotes(archive, QuoteFilter(kind="indirect"))) == 0
    with pytest.raises(StoreError):
        search_quotes(archive, QuoteFilter(since="last week"))


def test_filters_combine(archive):
    f = QuoteFilter(speaker="Macron", about="أوكرانيا", since="2025-11-21", source="aawsat")
    assert texts(search_quotes(archive, f)) == {"«لن نتخلى عن أوكرانيا ولا عن أوروبا»"}


def test_order_and_pages(archive):
    all_ = search_quotes(archive, QuoteFilter())
    assert [q.date for q in all_] == sorted((q.date for q in all_), reverse=True)
    page1 = search_quotes(archive, QuoteFilter(), limit=2)
    page2 = search_quotes(archive, QuoteFilter(), limit=2, offset=2)
    page3 = search_quotes(archive, QuoteFilter(), limit=2, offset=4)
    assert [q.id for q in page1 + page2 + page3] == [q.id for q in all_]
    assert count_quotes(archive) == 5
    assert sorted(q.id for q in iter_quotes(archive, batch_size=2)) == sorted(q.id for q in all_)


def test_quote_record_fields(archive):
    [q] = search_quotes(archive, QuoteFilter(text="النهاية"))
    d = q.to_dict()
    assert d["article"] == "a1" and d["date"] == "2025-11-20" and d["source"] == "aawsat"
    assert d["url"] == "https://x.test/a1" and d["speaker"] == "إيمانويل ماكرون" and d["kind"] == "direct"
    text = get_article(archive, "a1").text
    assert text[d["start"] : d["end"]] == d["text"]


def test_get_article(archive):
    rec = get_article(archive, "a2")
    assert rec.title is None and rec.published == "2025-11-22" and len(rec.quotes) == 2
    assert [e["name"] for e in rec.entities] == ["كارولين ليفيت", "روسيا", "إيمانويل ماكرون"]
    assert [q.start for q in rec.quotes] == sorted(q.start for q in rec.quotes)
    assert get_article(archive, "https://x.test/a2").id == rec.id
    assert get_article(archive, rec.id).id == rec.id
    assert get_article(archive, "nope") is None
    assert [a.article for a in list_articles(archive, source="okaz")] == ["a4", "a2"]


def test_speakers(archive):
    sp = list_speakers(archive)
    assert [(s.name, s.quotes) for s in sp] == [("إيمانويل ماكرون", 3), ("كارولين ليفيت", 2)]
    assert sp[0].titles == ["الرئيس الفرنسي"] and "Emmanuel Macron" in sp[0].names
    assert sp[0].first == "2025-11-20" and sp[0].last == "2025-11-25" and sp[0].articles == 3
    assert [s.name for s in list_speakers(archive, name="Leavitt")] == ["كارولين ليفيت"]
    assert list_speakers(archive, limit=1, offset=1)[0].name == "كارولين ليفيت"


def test_get_speaker(archive):
    d = get_speaker(archive, "Macron")
    assert d.quotes == 3 and d.type == "PER"
    assert d.timeline == [
        {"date": "2025-11-20", "quotes": 1},
        {"date": "2025-11-22", "quotes": 1},
        {"date": "2025-11-25", "quotes": 1},
    ]
    assert d.about == [{"id": d.about[0]["id"], "name": "أوكرانيا", "quotes": 2}]
    assert [q.date for q in d.recent] == ["2025-11-25", "2025-11-22", "2025-11-20"]
    assert get_speaker(archive, d.id).name == d.name
    with pytest.raises(StoreError):
        get_speaker(archive, "nobody")
