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


def _named(text: str) -> dict[str, tuple[str, bool]]:
    return {e.name: (e.type, e.described) for e in qawl.extract(text).entities}


def test_an_organisation_name_ends_before_its_verb_object_or_conjunct():
    ents = _named(
        "وطاردت الشرطة المحتجين في الشوارع. وأعلنت وزارة الصحة أمس حصيلة جديدة. "
        "ودعا المجلس إلى الحوار بين الحكومة الإثيوبية والمتمردين في الإقليم."
    )
    assert not any(name.startswith(("الشرطة المحتجين", "وزارة الصحة أمس")) for name in ents)
    assert not any("والمتمردين" in name for name in ents)
    assert ents.get("وزارة الصحة", ("", False))[0] == "ORG"


def test_an_organisation_name_keeps_its_genitive_and_conjuncts():
    ents = _named(
        "وقال المرصد السوري لحقوق الإنسان إن القصف استمر. "
        "وأوضحت الهيئة العامة للإحصاء والمعلومات أن الأسعار ارتفعت."
    )
    assert ents.get("المرصد السوري لحقوق الإنسان") == ("ORG", False)
    assert ents.get("الهيئة العامة للإحصاء والمعلومات") == ("ORG", False)


def test_a_noun_after_a_complete_organisation_name_is_not_part_of_it():
    ents = _named(
        "وأعلنت الشرطة العراقية العثور على جثث في المدينة. "
        "وقالت الجمعية العامة للأمم المتحدة إن الصليب الأحمر الدولي سيتولى التوزيع."
    )
    assert not any("العثور" in name for name in ents)
    assert "الجمعية العامة للأمم المتحدة" in ents


def test_a_ministry_inside_a_title_is_not_an_organisation():
    ents = _named(
        "وأكد وزير الخارجية السوداني لام أكول أن بلاده ترفض التدخل في الشؤون الداخلية اللبنانية. "
        "وقالت الخارجية الأمريكية إنها تتابع الوضع."
    )
    assert not any(name.startswith(("الخارجية السوداني", "الداخلية")) for name in ents)
    assert ents.get("الخارجية الأمريكية", ("", False))[0] == "ORG"


def test_a_verb_before_a_name_joining_word_is_not_part_of_the_name():
    ents = _named(
        "وراوغ المهاجم الحارس ثم تعرض فان نيستلروي للعرقلة داخل المنطقة. "
        "وسدد بين قدمي الحارس ايكر كاسياس بيد ان المدافع تدخل."
    )
    assert not any(name.startswith("تعرض") or name.endswith("بيد") for name in ents)
    assert ents.get("ايكر كاسياس", ("", False))[0] == "PER"


def test_an_organisation_with_a_proper_name_is_named_by_it():
    ents = _named(
        "وقالت شركة توتال الفرنسية إنها ستستثمر في الحقل. وأعلنت حركة حماس قبولها الاتفاق. "
        "وقال الحزب الشيوعي الصيني إنه سيجتمع. وفاز نادي جدة على ضيفه."
    )
    assert ents.get("توتال", ("", False))[0] == "ORG"
    assert ents.get("حماس", ("", False))[0] == "ORG"
    assert not {"شركة توتال الفرنسية", "توتال الفرنسية", "حركة حماس"} & set(ents)
    assert "الحزب الشيوعي الصيني" in ents  # no proper name to keep: the whole phrase names it
    assert "جدة" not in ents or ents["جدة"][0] != "ORG"  # a city's club keeps its head


def test_the_name_ali_is_not_trimmed_as_the_preposition():
    from qawl.document import Mention
    from qawl.entities import _trim_mention

    text = "وأكد علي لاريجاني أن المحادثات ستستمر"
    m = Mention(5, 17, text[5:17], "PER", "model")
    assert _trim_mention(text, m).text == "علي لاريجاني"


def test_a_described_organisation_keeps_its_nationality():
    from qawl.document import Mention
    from qawl.entities import proper_org_name

    for phrase in ("خفر السواحل الليبي", "الشركة السعودية"):
        text = f"وقال {phrase} إن"
        m = Mention(5, 5 + len(phrase), phrase, "ORG", "model")
        assert proper_org_name(text, m).text == phrase


def test_organisations_read_as_one_are_cut_at_the_next_head_word():
    from qawl.document import Mention
    from qawl.entities import _split_org_list

    text = "تستثمرها شركة توتال الفرنسية والشركة الروسية تي إن كي في الحقل وقال حزب العدالة والتنمية"
    a = text.index("شركة توتال")
    b = text.index(" في الحقل")
    parts = _split_org_list(text, Mention(a, b, text[a:b], "ORG", "model"))
    assert [m.text for m in parts] == ["شركة توتال الفرنسية", "والشركة الروسية تي إن كي"]
    a = text.index("حزب")
    whole = Mention(a, len(text), text[a:], "ORG", "model")
    assert _split_org_list(text, whole) == [whole]  # «والتنمية» belongs to the name


def test_a_statement_or_a_company_speaks_for_the_organisation_found_in_it():
    doc = qawl.extract(
        "وكانت نوكيا قد خسرت حصتها في السوق. وقالت شركة نوكيا إنها ستطرح هاتفا جديدا. "
        "وجاء في بيان البنتاغون أن الطائرات عادت إلى قواعدها."
    )
    speakers = {q.speaker.name for q in doc.quotes if q.speaker}
    assert "نوكيا" in speakers and "شركة نوكيا" not in speakers
    assert sum(e.name.endswith("نوكيا") for e in doc.entities) == 1


def test_a_government_described_by_its_nationality_is_described_not_named():
    ents = _named("وقالت الحكومة الإثيوبية إنها سترد. وأكدت حكومة الوفاق الوطني أنها لن تشارك.")
    assert ents.get("الحكومة الإثيوبية") == ("ORG", True)
    assert ents.get("حكومة الوفاق الوطني") == ("ORG", False)


def test_a_rank_or_a_round_is_not_an_organisation():
    ents = _named("وحل المنتخب في المركز الثاني ضمن المجموعة السابعة للتصفيات.")
    assert not any(name.startswith(("المركز", "المجموعة")) for name in ents)


def test_a_verb_or_a_cue_in_quotation_marks_is_not_an_organisation():
    ents = _named("ورأى الكاتب أن قادة كثيرين «فشلوا» في ذلك، «وأضاف» آخرون تعليقاتهم.")
    assert not {"فشلوا", "وأضاف"} & set(ents)


def test_participles_verbs_and_possessed_nouns_after_a_title_are_not_names():
    ents = _named(
        "وخاض الفريق متأخرا مباراته الأخيرة. وأشاد الأمير توجيهاتهم السديدة. "
        "وحضر الاجتماع ممثلون عن الوزارات، وقال الرئيس بشار الأسد طلعاتها كانت ناجحة."
    )
    assert not {"متأخرا", "توجيهاتهم السديدة", "ممثلون"} & set(ents)
    assert "بشار الأسد" in ents


def test_a_quoted_title_of_a_programme_or_product_is_not_an_organisation():
    ents = _named(
        "وقدم الفنان برنامجا بعنوان «حكايات» على قناة الرسالة، وطرحت الشركة سيارة «أورفان» الجديدة."
    )
    assert not {"حكايات", "أورفان"} & set(ents)


def test_an_organisation_ends_after_the_name_the_model_found_in_it():
    doc = qawl.extract("وبحسب صحيفة واشنطن بوست فإن الاتفاق تأخر.")
    assert [q.speaker.name for q in doc.quotes if q.speaker] == ["واشنطن بوست"]  # «صحيفة» describes it


def test_a_quoted_name_leaves_out_the_spaces_inside_its_quotation_marks():
    doc = qawl.extract("وقال المتحدث لـ« الرأي » إن الأرباح زادت.")
    assert [m.text for m in doc.mentions if m.source == "quoted-name"] == ["الرأي"]
    assert all(m.text == m.text.strip() for m in doc.mentions)


def test_bodies_every_company_has_and_new_or_current_ones_are_described_not_named():
    doc = qawl.extract(
        "وقرر مجلس الإدارة زيادة رأس المال. وأعلنت القناة الجديدة أن السلطة الحالية فشلت، "
        "وأن مجلس الوزراء اجتمع."
    )
    described = {e.name: e.described for e in doc.entities if e.type == "ORG"}
    assert described.get("مجلس الإدارة") is True
    assert described.get("القناة الجديدة") is True
    assert described.get("السلطة الحالية") is True
    assert described.get("مجلس الوزراء") is True  # whose council, the context tells


def test_a_state_body_of_common_nouns_is_described_and_still_speaks():
    doc = qawl.extract(
        "وقالت وزارة الصناعة في بيان إن المصانع ستفتح أبوابها يوم الأحد. "
        "وقال مجلس الوزراء السعودي إن الموازنة ستعرض قريبا."
    )
    described = {e.name: e.described for e in doc.entities if e.type == "ORG"}
    assert described.get("وزارة الصناعة") is True  # every state has one
    assert described.get("مجلس الوزراء السعودي") is False  # listed: a name
    speakers = [q.speaker.name for q in doc.quotes if q.speaker]
    assert speakers == ["وزارة الصناعة", "مجلس الوزراء السعودي"]


def test_a_preposition_before_an_organisation_is_not_part_of_its_name():
    doc = qawl.extract(
        "وقال تقرير للأمم المتحدة إن الوضع سيئ. ودعا الأمين العام للأمم المتحدة الأطراف إلى الحوار."
    )
    names = {e.name for e in doc.entities if e.type == "ORG"}
    assert "للأمم المتحدة" not in names
    un = [e for e in doc.entities if e.name == "الأمم المتحدة"]
    assert len(un) == 1 and len(un[0].mentions) >= 2


def test_an_organisation_mention_leaves_out_a_glued_preposition():
    from qawl.document import Mention
    from qawl.entities import _trim_mention

    text = "وقدمت الوزارة عقدا لشركة الخليج للتدريب وللأمم المتحدة"
    for name, trimmed in (
        ("لشركة الخليج للتدريب", "شركة الخليج للتدريب"),
        ("وللأمم المتحدة", "وللأمم المتحدة"),
    ):
        s = text.index(name)
        m = _trim_mention(text, Mention(s, s + len(name), name, "ORG", "model"))
        assert m is not None and m.text == trimmed == text[m.start : m.end]


def test_the_unit_a_short_noun_refers_to_is_the_one_named_last():
    text = (
        "وقال رئيس جامعة القاهرة إن التعاون مستمر منذ سنوات مع جامعة القاهرة وجامعة القاهرة.\n\n"
        "وفي سياق آخر، افتتحت جامعة الملك سعود مبنى جديدا للطلاب. وقالت الجامعة إن المبنى يتسع لألف طالب."
    )
    doc = qawl.extract(text)
    q = [q for q in doc.quotes if "المبنى يتسع" in q.text]
    assert q and q[0].speaker is not None and q[0].speaker.name == "جامعة الملك سعود"


def test_a_name_before_its_title_in_apposition_is_a_person():
    doc = qawl.extract("وبحثت فايزة أبوالنجا وزيرة التعاون الدولي مع الوفد خطة العمل.")
    assert ("PER", "فايزة أبوالنجا") in {(e.type, e.name) for e in doc.entities}
    # an ordinal or a lone unknown word before a title is not a name
    ents = entities("وفيدال هو ثاني لاعب يتعاقد معه النادي، وجرى ركوب مدير المدرسة الحافلة.")
    assert not {n for t, n in ents if t == "PER"} & {"ثاني", "ركوب", "جرى ركوب"}


def test_a_title_rule_person_ends_where_the_model_found_the_next_name():
    from qawl.document import Mention, Span
    from qawl.entities import prefer_model_people

    text = "والتقى الرئيس جورج بوش ورايس والسفير"
    s, e = text.index("جورج"), text.index("ورايس") + len("ورايس")
    title = Span(text.index("الرئيس"), text.index("الرئيس") + 6, "الرئيس")
    rule = Mention(s, e, text[s:e], "PER", "rule", title=title)
    b = text.index("جورج بوش") + len("جورج بوش")
    model = [Mention(s, b, text[s:b], "PER", "model"), Mention(b + 1, e, text[b + 1 : e], "PER", "model")]
    (kept,) = prefer_model_people(text, [rule], model)
    assert kept.text == "جورج بوش" and kept.title == title
    # the model's name reaching past the rule's with name words wins: «الحسن بن» + «علي»
    text = "فأخذ البيعة لابنه الحسن بن علي ثم خرج"
    s = text.index("الحسن")
    rule = Mention(s, s + len("الحسن بن"), "الحسن بن", "PER", "rule")
    model = [Mention(s, s + len("الحسن بن علي"), "الحسن بن علي", "PER", "model")]
    assert prefer_model_people(text, [rule], model) == []
    # but not past it with a preposition and a place: «بنجران زيد …»
    text = "وقال بنجران زيد شويل إن"
    s = text.index("زيد")
    rule = Mention(s, s + len("زيد شويل"), "زيد شويل", "PER", "rule")
    model = [Mention(text.index("بنجران"), s + len("زيد شويل"), "بنجران زيد شويل", "PER", "model")]
    assert prefer_model_people(text, [rule], model) == [rule]


def test_ali_before_a_set_phrase_is_the_preposition_not_the_name():
    ents = entities("وقالت وزيرة التعاون الدولي علي هامش المؤتمر إن الدعم مستمر، وسقط صاروخان علي الأقل.")
    assert not any(t == "PER" and "علي" in n.split() for t, n in ents)
    assert ("PER", "علي عبدالله صالح") in entities("وقال الرئيس علي عبدالله صالح إن الوضع مستقر.")


def test_a_surname_named_in_full_is_the_person_again_whatever_the_model_says():
    from qawl.analyse import _one_sense_for_surnames
    from qawl.document import Mention

    text = "فايزة أبوالنجا ... أبوالنجا ... واشنطن ... جورج واشنطن"
    full = Mention(0, 14, "فايزة أبوالنجا", "PER", "rule")
    lone = Mention(19, 27, "أبوالنجا", "GPE", "model")
    city = Mention(32, 38, "واشنطن", "GPE", "model")
    george = Mention(43, 54, "جورج واشنطن", "PER", "model")
    assert [text[m.start : m.end] for m in (full, lone, city, george)] == [
        m.text for m in (full, lone, city, george)
    ]
    _one_sense_for_surnames([full, lone, city, george])
    assert lone.type == "PER"
    assert city.type == "GPE"  # a listed place stays a place


def test_a_reporter_in_a_byline_is_a_person_and_an_agency_is_not():
    doc = qawl.extract(
        "القاهرة ـ من نورس الكرخي: أعلنت الوزارة خطة جديدة.\n"
        "كتب - أمل شموني: يلتقي الفريق منافسه اليوم.\n"
        "بيروت - وكالات الأنباء: ارتفعت الأسعار."
    )
    people = {m.text for m in doc.mentions if m.type == "PER"}
    assert {"نورس الكرخي", "أمل شموني"} <= people
    assert not any("وكالات" in p for p in people)


def test_a_family_name_after_a_speech_verb_and_before_its_title_is_a_person():
    doc = qawl.extract("وأكد الكرخي رئيس البلدية أن الطريق سيفتح. وقال الشمري مدير الكرة إن اللاعبين جاهزون.")
    people = {m.text for m in doc.mentions if m.type == "PER"}
    assert {"الكرخي", "الشمري"} <= people
    # a definite noun before a word that can be a title is no name
    doc = qawl.extract("فتعددت الكرات امام المرمى وتألق الحارس.")
    assert not [m for m in doc.mentions if m.type == "PER"]


def test_an_agency_credited_by_its_nationality_alone_is_described():
    from qawl.entities import describes_org

    assert describes_org("الفرنسية") and describes_org("الألمانية")
    assert describes_org("مجلس الإدارة")
    assert not describes_org("توتال") and not describes_org("الجزيرة")
    assert not describes_org("الوكالة الفرنسية")  # a head word and its nationality: see _generic_org


def test_a_lone_common_word_is_no_person_unless_it_ends_a_longer_name():
    from qawl.document import Mention
    from qawl.entities import drop_lone_common_words

    def per(text: str, start: int = 0) -> Mention:
        return Mention(start, start + len(text), text, "PER", "model")

    kept = drop_lone_common_words([per("الثاني"), per("ليتر", 10), per("ماكرون", 20), per("علي", 30)])
    assert [m.text for m in kept] == ["ماكرون", "علي"]
    kept = drop_lone_common_words([per("محمد بركات"), per("بركات", 20)])
    assert [m.text for m in kept] == ["محمد بركات", "بركات"]  # his surname, again


def test_quoted_titles_of_works_are_no_organisations_nor_the_ones_listed_after_them():
    doc = qawl.extract(
        "ومن أهم رواياته «اللص والكلاب» و«الطريق» و«السكرية»، وصدرت له المجموعة القصصية «دنيا الله» "
        "1963 و«الشحاذ»."
    )
    names = {e.name for e in doc.entities}
    assert not names & {"اللص والكلاب", "الطريق", "السكرية", "دنيا الله", "الشحاذ"}


def test_a_quoted_model_number_is_no_organisation():
    ents = entities("وأطلقت الشركة «روفر 25» في الأسواق الأوروبية العام الماضي.")
    assert not any(n == "روفر 25" for _, n in ents)


def test_reports_and_media_that_name_nobody_speak_as_described_sources():
    doc = qawl.extract("وقالت تقارير إن الوفد وصل. وقالت وسائل الإعلام الإسرائيلية إن الاجتماع تأجل.")
    sources = {e.name: e for e in doc.entities}
    assert {"تقارير", "وسائل الإعلام الإسرائيلية"} <= set(sources)
    assert sources["تقارير"].described and sources["وسائل الإعلام الإسرائيلية"].described
    assert all(q.speaker is not None for q in doc.quotes)


def test_a_subject_phrase_ends_at_a_verb_particle():
    doc = qawl.extract(
        "وبحسب الصحيفة الإسرائيلية فقد تصدرت تفاصيل المبادرة المحادثات السعودية التي لم يكشف عن مكان عقدها."
    )
    assert all(len(m.text.split()) <= 3 for e in doc.entities for m in e.mentions)


def test_a_name_after_a_definite_organisation_head_is_whole():
    from qawl.lang.ar.phrases import View, parse_np, split_lam
    from qawl.text.tokens import tokenize

    # «الحكومة» takes no name after it (unlike «نادي بايرن ميونيخ …»): the person is all three words
    text = "وهتف المتظاهرون ضد رئيس الحكومة رجب طيب أردوغان في أنقرة."
    v = View(text, split_lam(tokenize(text)))
    np = parse_np(v, 3)
    assert np is not None and np.kind == "person"
    assert text[v.toks[np.name[0]].start : v.toks[np.name[1] - 1].end] == "رجب طيب أردوغان"


def test_a_bare_rank_word_that_is_a_given_name_opens_the_name():
    # «السيد» is a rank; «سيد» without the article is the man's given name
    ents = entities("ورأى الخبير الاقتصادي سيد ليلاز أن العقوبات لن تؤثر على الاقتصاد.")
    assert ("PER", "سيد ليلاز") in ents


def test_one_occurrence_of_a_name_is_one_mention():
    from qawl.document import Mention
    from qawl.entities import Clusters

    c = Clusters()
    text = "رئيس الحكومة رجب طيب أردوغان"
    a, b = text.index("رجب"), text.index("طيب")
    full = Mention(a, len(text), text[a:], "PER", "model")
    short = Mention(b, len(text), text[b:], "PER", "cue")
    e = c.add(short)
    assert c.add(full) is e and c.add(short) is e
    assert [(m.start, m.end) for m in e.mentions] == [(a, len(text))]
    assert e.name == "رجب طيب أردوغان"


def test_a_newspaper_is_named_without_its_head_and_nationality():
    from qawl.document import Mention
    from qawl.entities import describes_org, proper_org_name

    for text, name in [
        ("صحيفة تايمز البريطانية", "تايمز"),
        ("صحيفة يديعوت أحرونوت الاسرائيلية", "يديعوت أحرونوت"),
    ]:
        assert proper_org_name(text, Mention(0, len(text), text, "ORG", "model")).text == name
    assert describes_org("البريطانية")


def test_blessings_after_names_are_no_entities():
    doc = qawl.extract("وانضم إليهم المعلقان محمد رمضان «شفاه الله» وزاهد قدسي «رحمه الله».")
    names = [e.name for e in doc.entities]
    assert "رحمه الله" not in names and "شفاه الله" not in names


def test_conjunction_glued_to_a_listed_given_name_is_left_out():
    from qawl.document import Mention
    from qawl.entities import _trim_mention

    text = "المعلقان محمد رمضان وخالد قدسي ووليد سعيد"
    s = text.index("وخالد")
    m = _trim_mention(text, Mention(s, s + len("وخالد قدسي"), "وخالد قدسي", "PER", "model"))
    assert m is not None and m.text == "خالد قدسي"
    s = text.index("وليد")
    m = _trim_mention(text, Mention(s, s + len("وليد سعيد"), "وليد سعيد", "PER", "model"))
    assert m is not None and m.text == "وليد سعيد"  # «وليد» is a name, not «و» + «ليد»
    text2 = "مستشهدا بروايتي الحرافيش لنجيب محفوظ"
    s = text2.index("لنجيب")
    m = _trim_mention(text2, Mention(s, len(text2), "لنجيب محفوظ", "PER", "model"))
    assert m is not None and m.text == "نجيب محفوظ"  # the preposition «ل» too


def test_a_word_with_tanween_is_no_name():
    from qawl.lang.ar.phrases import plausible_name_word

    assert not plausible_name_word("هشًا") and not plausible_name_word("جبانٌ")
    assert plausible_name_word("هشام") and plausible_name_word("محمد")


def test_a_possessed_or_adjective_word_after_a_title_is_no_name():
    from qawl.lang.ar.phrases import View, name_like
    from qawl.text.tokens import tokenize

    for text in ("وقال بطلنا إن", "وكتب الكاتب مقالاتي", "إذا صوت كل عضو جمهوري"):
        v = View(text, tokenize(text))
        assert not name_like(v, len(v.toks) - 1 if not text.endswith("إن") else 1, first=True), text
    v = View("قال الدكتور فوزي", tokenize("قال الدكتور فوزي"))
    assert name_like(v, 2, first=True)  # a listed name that also ends so


def test_a_person_mention_ends_before_an_office_or_a_joined_phrase():
    from qawl.document import Mention
    from qawl.entities import _trim_mention

    for text, name in (
        ("وقال علي محمد العياشي القنصل", "علي محمد العياشي"),
        ("وسجل روبن فان بيرسي والكولومبي", "روبن فان بيرسي"),
        ("وقال محمد بن عبدالملك آل الشيخ", "محمد بن عبدالملك آل الشيخ"),
    ):
        s = text.index(name.split()[0], 4)
        m = _trim_mention(text, Mention(s, len(text), text[s:], "PER", "model"))
        assert m is not None and m.text == name


def test_an_institution_after_and_leaves_the_conjunction_out():
    ents = entities("التقى الوزير رئيس هيئة الرقابة وإدارة المراجعة الداخلية في مقر الوزارة.")
    assert ("ORG", "إدارة المراجعة الداخلية") in ents
    assert not any(n.startswith("وإدارة") for _, n in ents)


def test_a_title_ends_before_ala_unless_it_governs_it():
    ents = entities("وشدد الوزير على جاهزية المشاريع قبل الموسم.")
    assert not any("على" in n for _, n in ents)
    ents = entities("وقال المشرف على الحملة محمد العلي إن التسجيل مفتوح.")
    assert ("PER", "محمد العلي") in ents


def test_a_line_break_ends_a_title_and_name():
    ents = entities(
        "الرئيس اليمني عبد ربه منصور هادي\nطالب الرئيس اليمني عبد ربه منصور هادي الأطراف بالهدنة."
    )
    assert not any("\n" in n for _, n in ents)
    assert ("PER", "عبد ربه منصور هادي") in ents
