"""Arabic entity mentions from the rules: quoted names, names after titles."""

from __future__ import annotations

import qawl


def entities(text: str) -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in qawl.extract(text).entities}


def test_quoted_name_after_a_head_word_or_preposition_is_an_organisation():
    ents = entities("وقال المتحدث لصحيفة «الرأي» الكويتية إن شركة «سابك» ستعلن نتائجها لـ«تداول» غداً.")
    assert {("ORG", "الرأي"), ("ORG", "سابك"), ("ORG", "تداول")} <= ents


def test_names_listed_after_a_quoted_name_are_organisations_too():
    ents = entities("وكانت شبكتا «سي ان ان تورك» و«ان تي في» قد نقلتا الخبر.")
    assert ("ORG", "ان تي في") in ents


def test_scare_quotes_and_quoted_answers_are_not_organisations():
    ents = entities("ورحبت الوزارة بانضمام «أي دولة» إلى التحالف، وأجاب الناخبون بـ«نعم» أو «لا».")
    names = {n for _, n in ents}
    assert not names & {"أي دولة", "نعم", "لا"}


def test_a_feminine_noun_after_a_title_is_not_a_name():
    ents = entities("وقالت مصادر موثقة إن الاجتماع تأجل إلى الأسبوع المقبل.")
    assert not any(t == "PER" and n == "موثقة" for t, n in ents)


def test_wahida_is_not_a_title():
    ents = entities("وكل واحدة منها قللت من أهمية الاتفاق.")
    assert not any(n == "قللت" for _, n in ents)


def test_place_names_after_a_place_head_word():
    ents = entities(
        "وأقلعت الطائرات من قاعدة انجيرليك في تركيا بعد وصولها إلى مطار الكويت الدولي وإقليم كردستان."
    )
    names = {n for t, n in ents if t in ("GPE", "LOC")}
    assert {"قاعدة انجيرليك", "مطار الكويت الدولي"} <= names
    assert any("كردستان" in n and n.startswith("إقليم") for n in names)


def test_place_head_before_an_ordinary_word_is_not_a_place():
    ents = entities("وقال المسؤول إن قاعدة البيانات الجديدة وقاعدة خلافاتهم لن تتغير.")
    assert not any(n.startswith(("قاعدة", "وقاعدة")) for _, n in ents)


def test_organisation_name_leaves_the_conjunction_out():
    ents = entities("واتفق الطرفان مع الاتحاد الأوروبي والمفوضية الأوروبية على الخطة.")
    assert ("ORG", "المفوضية الأوروبية") in ents


def test_title_after_an_organisation_name_starts_a_new_phrase():
    doc = qawl.extract("وقال وزير الإدارة المحلية رئيس لجنة الإغاثة عبد الرقيب فتح إن القوافل وصلت.")
    orgs = {m.text for m in doc.mentions if m.type == "ORG"}
    assert "الإدارة المحلية" in orgs or "الإدارة المحلية رئيس لجنة الإغاثة" not in orgs
    assert not any("رئيس" in o for o in orgs)
    doc = qawl.extract("وأكد البيان الصادر عن مكتب رئيس الوزراء التركي أن العمليات مستمرة.")
    assert doc.quotes and "رئيس الوزراء" in doc.quotes[0].speaker.name
