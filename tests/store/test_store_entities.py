"""One record per person across articles: merges by alias, by name variant + evidence; explain, undo."""

from __future__ import annotations

import pytest
from tests.store.storehelpers import P, Q, article, build

from qawl.store import (
    QuoteFilter,
    StoreError,
    explain,
    find_roots,
    list_speakers,
    manual_merge,
    save_article,
    search_quotes,
    unmerge,
    unmerge_name,
)


def add(store, aid: str, text: str, people: list[P], quotes: list[Q], published: str = "2025-11-25"):
    save_article(store, article(text, id=aid, published=published), build(text, people, quotes))


def say(name: str, words: str) -> tuple[str, Q]:
    text = f"قال {name}: «{words}»."
    return text, Q(f"«{words}»", 0)


def assert_stats_current(store) -> None:
    """speaker_stats (kept up to date on every write and merge) equals a fresh count."""
    fresh = store.all(
        "SELECT e.canonical_id, COUNT(*), COUNT(DISTINCT q.article_id) FROM quotes q "
        "JOIN entities e ON e.id = q.speaker_entity_id GROUP BY e.canonical_id ORDER BY 1"
    )
    kept = store.all("SELECT root_id, quotes, articles FROM speaker_stats ORDER BY 1")
    assert [tuple(map(int, r)) for r in kept] == [tuple(map(int, r)) for r in fresh]


def roots(store, name: str) -> list[int]:
    return find_roots(store, name, affix=False)


def test_same_name_in_two_articles_is_one_record(store):
    for i in range(2):
        text, q = say("إيمانويل ماكرون", f"جملة رقم {i}")
        add(store, f"a{i}", text, [P("إيمانويل ماكرون")], [q])
    assert store.scalar("SELECT COUNT(*) FROM entities") == 1
    [sp] = list_speakers(store)
    assert sp.quotes == 2 and sp.articles == 2


def test_names_in_two_scripts_merge_through_aliases(store):
    text, q = say("ماكرون", "أولا")
    add(store, "a1", text, [P("ماكرون")], [q])
    en = 'Macron said "second".'
    add(store, "a2", en, [P("Macron")], [Q('"second"', 0)])
    assert len(roots(store, "ماكرون") + roots(store, "Macron")) == 2  # two separate records so far
    # an article whose extractor gives both scripts joins them
    text3, q3 = say("ماكرون", "ثالثا")
    add(store, "a3", text3, [P("ماكرون", aliases=["Macron"])], [q3])
    assert roots(store, "ماكرون") == roots(store, "Macron")
    ex = explain(store, "Macron")
    [m] = ex.merges
    assert m.rule == "alias" and set(m.reason["names"]) == {"ماكرون", "Macron"}
    # a speaker query in either script finds all three quotes
    assert len(search_quotes(store, QuoteFilter(speaker="macron"))) == 3
    assert len(search_quotes(store, QuoteFilter(speaker="ماكرون"))) == 3


def test_variant_with_shared_title_merges_and_explains(store):
    text, q = say("إيمانويل ماكرون", "أولا")
    add(store, "a1", text, [P("إيمانويل ماكرون", titles=["الرئيس الفرنسي"])], [q])
    text2, q2 = say("ماكرون", "ثانيا")
    add(store, "a2", text2, [P("ماكرون", titles=["الرئيس الفرنسي"])], [q2])
    assert roots(store, "ماكرون") == roots(store, "إيمانويل ماكرون")
    ex = explain(store, "ماكرون")
    [m] = ex.merges
    assert m.rule == "affix+title"
    assert m.reason["titles"] == ["الرئيس الفرنسي"]
    assert set(m.reason["names"]) == {"ماكرون", "إيمانويل ماكرون"}
    assert m.reason["article"] == "id:a2"
    assert {n for mem in ex.members for n in mem.names} == {"ماكرون", "إيمانويل ماكرون"}
    [sp] = list_speakers(store)
    assert sp.quotes == 2 and sp.name == "إيمانويل ماكرون" and sp.titles == ["الرئيس الفرنسي"]


def test_variant_without_evidence_stays_apart(store):
    text, q = say("إيمانويل ماكرون", "أولا")
    add(store, "a1", text, [P("إيمانويل ماكرون", titles=["الرئيس الفرنسي"])], [q])
    text2, q2 = say("ماكرون", "ثانيا")
    add(store, "a2", text2, [P("ماكرون", titles=["لاعب كرة القدم"])], [q2])
    assert roots(store, "ماكرون") != roots(store, "إيمانويل ماكرون")


def test_variant_sharing_an_article_merges(store):
    text = "قال ماكرون: «أولا». وقال إيمانويل ماكرون: «ثانيا»."
    add(store, "a1", text, [P("ماكرون"), P("إيمانويل ماكرون")], [Q("«أولا»", 0), Q("«ثانيا»", 1)])
    assert roots(store, "ماكرون") == roots(store, "إيمانويل ماكرون")
    assert explain(store, "ماكرون").merges[0].rule == "affix+article"


def test_ambiguous_short_name_does_not_merge(store):
    for i, full in enumerate(["محمد عبدالله", "أحمد عبدالله"]):
        text, q = say(full, f"جملة {i}")
        add(store, f"a{i}", text, [P(full, titles=["الوزير"])], [q])
    text, q = say("عبدالله", "من أنا؟")
    add(store, "a9", text, [P("عبدالله", titles=["الوزير"])], [q])
    assert len({r for n in ("محمد عبدالله", "أحمد عبدالله", "عبدالله") for r in roots(store, n)}) == 3


def test_incompatible_types_do_not_merge(store):
    add(store, "a1", "زار واشنطن أمس.", [P("واشنطن", type="GPE")], [])
    text, q = say("واشنطن", "نص")
    add(store, "a2", text, [P("واشنطن", type="PER")], [q])
    assert store.scalar("SELECT COUNT(*) FROM entities") == 2


def test_described_sources_are_not_linked_across_articles(store):
    for i in range(2):
        text = f"قال مصدر أمني: «نص {i}»."
        add(store, f"a{i}", text, [P("مصدر أمني", described=True)], [Q(f"«نص {i}»", 0)])
    assert store.scalar("SELECT COUNT(*) FROM entities") == 0
    # still found by the name the article gives
    assert len(search_quotes(store, QuoteFilter(speaker="مصدر أمني"))) == 2


def test_unmerge_restores_and_blocks_the_merge(store):
    text, q = say("إيمانويل ماكرون", "أولا")
    add(store, "a1", text, [P("إيمانويل ماكرون", titles=["الرئيس الفرنسي"])], [q])
    text2, q2 = say("ماكرون", "ثانيا")
    add(store, "a2", text2, [P("ماكرون", titles=["الرئيس الفرنسي"])], [q2])
    [m] = explain(store, "ماكرون").merges
    a, b = unmerge(store, m.id)
    assert a != b
    assert roots(store, "ماكرون") != roots(store, "إيمانويل ماكرون")
    assert len(search_quotes(store, QuoteFilter(speaker="إيمانويل ماكرون"))) == 1
    assert explain(store, "ماكرون").merges[0].undone_at is not None
    # the same evidence again does not redo an undone merge
    text3, q3 = say("ماكرون", "ثالثا")
    add(store, "a3", text3, [P("ماكرون", titles=["الرئيس الفرنسي"])], [q3])
    assert roots(store, "ماكرون") != roots(store, "إيمانويل ماكرون")
    assert_stats_current(store)
    with pytest.raises(StoreError):
        unmerge(store, m.id)


def test_manual_merge_and_unmerge_by_name(store):
    text, q = say("ماكرون", "أولا")
    add(store, "a1", text, [P("ماكرون")], [q])
    add(store, "a2", 'Macron said "second".', [P("Macron")], [Q('"second"', 0)])
    mid = manual_merge(store, "ماكرون", "Macron")
    assert roots(store, "ماكرون") == roots(store, "Macron")
    assert (
        explain(store, "Macron").merges[0].id == mid and explain(store, "Macron").merges[0].rule == "manual"
    )
    assert_stats_current(store)
    unmerge_name(store, "Macron")
    assert_stats_current(store)
    assert roots(store, "ماكرون") != roots(store, "Macron")
    with pytest.raises(StoreError):
        manual_merge(store, "ماكرون", "nobody at all")


def test_nested_merges_unmerge_the_middle(store):
    # A <- B (title), then C joins through B's alias: unmerging B's merge takes C with it
    text, q = say("إيمانويل ماكرون", "أ")
    add(store, "a1", text, [P("إيمانويل ماكرون", titles=["الرئيس الفرنسي"])], [q])
    text, q = say("ماكرون", "ب")
    add(store, "a2", text, [P("ماكرون", titles=["الرئيس الفرنسي"])], [q])
    add(store, "a3", 'Macron said "c".', [P("Macron")], [Q('"c"', 0)])
    text, q = say("ماكرون", "د")
    add(store, "a4", text, [P("ماكرون", aliases=["Macron"])], [q])
    assert len({r for n in ("إيمانويل ماكرون", "ماكرون", "Macron") for r in roots(store, n)}) == 1
    assert_stats_current(store)
    first = explain(store, "ماكرون").merges[0]
    unmerge(store, first.id)
    assert_stats_current(store)
    assert roots(store, "ماكرون") == roots(store, "Macron") != roots(store, "إيمانويل ماكرون")


def test_stats_follow_a_changed_article(store):
    text, q = say("ماكرون", "أولا")
    add(store, "a1", text, [P("ماكرون")], [q])
    text2 = "قال بايدن: «ثانيا»."
    add(store, "a1", text2, [P("بايدن")], [Q("«ثانيا»", 0)])  # same id, new content, new speaker
    assert [s.name for s in list_speakers(store)] == ["بايدن"]
    assert_stats_current(store)


def test_a_lone_first_name_does_not_merge_people(store):
    # «محمد» with «محمد رحيم» in one article, «محمد» with «محمد درويش» in another:
    # a first name alone must not join two different people through it
    for aid, full in (("a1", "محمد رحيم"), ("a2", "محمد درويش")):
        text = f"قال {full}: «أولا». وقال محمد: «ثانيا»."
        add(store, aid, text, [P(full), P("محمد")], [Q("«أولا»", 0), Q("«ثانيا»", 1)])
    assert roots(store, "محمد رحيم") != roots(store, "محمد درويش")


def test_different_full_names_never_end_in_one_record(store):
    # a surname shared through a wrong variant must not chain two full names together
    text, q = say("عبدربه منصور هادي", "أولا")
    add(store, "a1", text, [P("عبدربه منصور هادي", titles=["الرئيس"])], [q])
    text, q = say("هادي", "ثانيا")
    add(store, "a2", text, [P("هادي", titles=["الرئيس"])], [q])
    text, q = say("فهد هادي", "ثالثا")
    add(store, "a3", text, [P("فهد هادي", titles=["الرئيس"])], [q])
    assert roots(store, "عبدربه منصور هادي") != roots(store, "فهد هادي")
    assert_stats_current(store)
