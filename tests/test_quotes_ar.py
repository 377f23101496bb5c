"""Arabic statements on short texts written for the tests."""

import pytest
from tests.conftest import spans_round_trip

import qawl


def quotes(text, published="2025-11-25"):
    doc = qawl.extract(text, published=published)
    spans_round_trip(doc)
    return doc, [(q.kind, q.text, q.speaker.name if q.speaker else None) for q in doc.quotes]


def test_direct_quote_with_named_speaker_vso():
    _, qs = quotes("وقالت الناطقة باسم الوزارة سارة العلي: «نحن نتابع الوضع عن كثب».")
    assert qs == [("direct", "«نحن نتابع الوضع عن كثب»", "سارة العلي")]


def test_indirect_clause_after_inna():
    _, qs = quotes("قال وزير المالية خالد الفهد إن الميزانية ستسجل فائضاً هذا العام.")
    assert qs == [("indirect", "الميزانية ستسجل فائضاً هذا العام", "خالد الفهد")]


def test_mixed_clause_with_quoted_fragment():
    _, qs = quotes("أكد المتحدث باسم الجيش علي حسن أن الوضع «تحت السيطرة» في المدينة، وذلك بعد الهجوم.")
    assert qs[0][0] == "mixed"
    assert qs[0][1] == "الوضع «تحت السيطرة» في المدينة"
    assert qs[0][2] == "علي حسن"


def test_quoted_names_are_not_statements():
    doc, qs = quotes("أعلن تنظيم «داعش» مسؤوليته، فيما نشرت «إكس» بياناً عن «تحالف الراغبين».")
    assert qs == []


def test_implicit_speaker_agrees_in_gender():
    text = (
        "قال الوزير أحمد سالم إن المفاوضات مستمرة. وقالت السفيرة منى خليل إن بلادها مستعدة.\n"
        "وأضاف: «لن نتراجع».\nوأضافت: «نحن ننتظر الرد»."
    )
    _, qs = quotes(text)
    by_text = {t: s for _, t, s in qs}
    assert by_text["«لن نتراجع»"] == "أحمد سالم"
    assert by_text["«نحن ننتظر الرد»"] == "منى خليل"


def test_title_alone_resolves_to_the_person_given_that_title():
    text = (
        "التقى الرئيس الفرنسي إيمانويل ماكرون نظيره أمس. غير أن الرئيس الفرنسي حذر من أن «الحرب لم تنته بعد»."
    )
    _, qs = quotes(text)
    assert qs[-1][2] == "إيمانويل ماكرون"


def test_participle_takes_the_subject_of_its_clause():
    _, qs = quotes("كشف مدير الشركة فهد ناصر عن خطة جديدة، مؤكداً أن الأرباح سترتفع.")
    assert qs == [("indirect", "الأرباح سترتفع", "فهد ناصر")]


def test_institution_and_unnamed_source_are_speakers():
    text = "من جهته، أكد البيت الأبيض أن المحادثات مثمرة. وقال مصدر أمني إن الحدود مغلقة."
    _, qs = quotes(text)
    assert [s for _, _, s in qs] == ["البيت الأبيض", "مصدر أمني"]


def test_headline_statement():
    _, qs = quotes("وزير الصحة: لا إصابات جديدة اليوم\n\nقال وزير الصحة سامي يوسف إن الوضع مطمئن.")
    assert ("indirect", "لا إصابات جديدة اليوم", "سامي يوسف") in qs


def test_colon_without_marks_is_direct_until_the_next_clause():
    _, qs = quotes("وقال الأسودي: نحن نتطلع إلى بيئة آمنة، مشيرا إلى أن الجيش يتقدم.")
    assert qs[0] == ("direct", "نحن نتطلع إلى بيئة آمنة", "الأسودي")
    assert qs[1][0] == "indirect" and qs[1][2] == "الأسودي"


def test_subordinate_an_is_not_reported_speech():
    _, qs = quotes("وقال رئيس الوزراء علي يوسف في أنقرة قبل أن يتوجه إلى إسطنبول «العمليات ستستمر».")
    assert qs == [("direct", "«العمليات ستستمر»", "علي يوسف")]


def test_cue_words_inside_a_quotation_make_no_quote():
    _, qs = quotes("قال سامي يوسف: «لقد قال الناس إن الوضع صعب، وأكدوا أنه سيتحسن».")
    assert len(qs) == 1


def test_according_to_a_named_source():
    text = (
        "قال الرئيس الفرنسي إيمانويل ماكرون إن الاجتماع مهم. "
        "ومن المقرر أن يعرض الوزراء نتائج المناقشات، وفق ماكرون، على القادة الأوروبيين."
    )
    _, qs = quotes(text)
    assert qs[-1][0] == "according_to" and qs[-1][2] == "إيمانويل ماكرون"


def test_divine_speech():
    _, qs = quotes("قال تعالى: {هل جزاء الإحسان إلا الإحسان}.")
    assert qs == [("direct", "{هل جزاء الإحسان إلا الإحسان}", "الله")]


def test_embedded_post_and_its_signature():
    text = (
        "وقالت الناطقة كارولاين ليفيت على «إكس» إن «التقدم هائل».\n"
        "We made tremendous progress towards a peace deal.\n"
        "— Karoline Leavitt (@PressSec) November 25, 2025\n"
        "وأضافت: «هناك تفاصيل حساسة»."
    )
    doc, qs = quotes(text)
    post = [q for q in doc.quotes if q.kind == "embedded_post"]
    assert len(post) == 1 and post[0].lang == "en"
    assert post[0].text == "We made tremendous progress towards a peace deal."
    ent = doc.entity(post[0].speaker.entity)
    assert "Karoline Leavitt" in (ent.name, *ent.aliases)  # one person, both scripts
    assert "@PressSec" in ent.aliases
    assert qs[-1][2] in ("كارولاين ليفيت", "Karoline Leavitt")


@pytest.mark.parametrize("text", ["", "   \n\n", "«", "»»»", "قال", "قال:", "وأضاف: «", "{{{{", "— (@x)"])
def test_degenerate_inputs_do_not_crash(text):
    doc = qawl.extract(text)
    spans_round_trip(doc)


def test_unclosed_quote_never_runs_to_the_end_of_the_article():
    text = "وقال سامي يوسف: «هذا كلام لم يغلق\n" + "فقرة أخرى لا علاقة لها بالكلام.\n" * 20
    doc, _ = quotes(text)
    assert doc.quotes and all("\n" not in q.text for q in doc.quotes)


def test_honorific_pronoun_refers_to_the_person_named_before():
    text = (
        "أكد صاحب السمو الملكي الأمير فيصل بن خالد أن المدينة تستحق اللقب. "
        "وقال سموه: «سنعمل جميعاً لإنجاح المهرجان»."
    )
    _, qs = quotes(text)
    assert [s for _, _, s in qs] == ["فيصل بن خالد", "فيصل بن خالد"]


def test_one_of_the_officials_with_a_name():
    _, qs = quotes("يؤكد أحد المسؤولين في مكاتب التأجير خالد بن طالب أن الإقبال كبير هذا العام.")
    assert qs and qs[0][2] == "خالد بن طالب"


def test_possessed_nouns_are_not_names():
    text = (
        "قال المدرب مارسيلو بييلسا إنه استقال. "
        "ونفى المدرب الأرجنتيني دخوله في مفاوضات، مؤكداً أنه سيرتاح قليلاً."
    )
    doc, qs = quotes(text)
    assert all(s == "مارسيلو بييلسا" for _, _, s in qs)
    assert not any(e.name.endswith("دخوله") for e in doc.entities)


def test_noun_cue_needs_its_statement_right_after():
    _, qs = quotes("نجد الكثير من المثقفين ينادون بمثل هذا القول، وفات عليهم أننا لسنا ضد اللغات الأخرى.")
    assert qs == []


def test_accused_is_not_the_speaker():
    text = (
        "وأكد السفير أحمد قطان أن العلاقات قوية. "
        "واتهم الرئيس اليمني السابق علي عبدالله صالح، بأنه سبب ضياع اليمن. "
        "وشدد على أن اليمن خط أحمر."
    )
    _, qs = quotes(text)
    assert [s for _, _, s in qs] == ["أحمد قطان"] * 3


def test_title_chain_with_ala_before_the_name():
    _, qs = quotes(
        "أوضح لـ«عكاظ» المشرف العام على الفريق الأول منصور البلوي أن اللاعب سيجري الفحص الطبي غدا."
    )
    assert qs[0][2] == "منصور البلوي"


def test_cue_after_the_quotation():
    _, qs = quotes("«الأسعار سترتفع في الشهر المقبل»، قالت المتحدثة باسم الشركة منى علي.")
    assert qs == [("direct", "«الأسعار سترتفع في الشهر المقبل»", "منى علي")]


def test_a_question_before_a_cue_with_its_own_quotation_is_not_the_answerers():
    text = (
        "قال المتحدث مارك تونر إن الوضع معقد. "
        "وفي إجابة على سؤال عن «هل تدعمون هجوم القوات الجديدة»، قال تونر: «نظل واضحين جدا في موقفنا»."
    )
    _, qs = quotes(text)
    assert ("direct", "«هل تدعمون هجوم القوات الجديدة»", "مارك تونر") not in qs
    assert ("direct", "«نظل واضحين جدا في موقفنا»", "مارك تونر") in qs


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("وأخبر الوزير سامي يوسف الصحفيين بأن الاتفاق سيوقع قريباً.", "سامي يوسف"),
        ("وأصر المتحدث علي حسن على أن بلاده لن تتراجع عن قرارها.", "علي حسن"),
        ("وادعى المحامي فهد ناصر أن موكله بريء من التهم الموجهة إليه.", "فهد ناصر"),
    ],
)
def test_more_reporting_verbs(text, speaker):
    _, qs = quotes(text)
    assert qs and qs[0][2] == speaker


def test_the_preposition_ala_is_not_the_name_ali():
    text = (
        "قال الرئيس السابق علي عبد الله صالح إن الحرب ستطول. "
        "وأكد الأمير سلمان على هامش اللقاء أن المملكة تدعم الحل السياسي."
    )
    doc, qs = quotes(text)
    assert qs[-1][2] == "سلمان"


def test_the_organisation_after_bism_is_not_the_speakers_name():
    _, qs = quotes("ومن جانبه، قال متحدث باسم خفر السواحل الايطالي: إنه لا يمكنه تأكيد الوفيات.")
    assert qs[0][2] == "متحدث باسم خفر السواحل الايطالي"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("وحذّر السير روجر غيل من أن الاتفاق خطير.", "روجر غيل"),
        ("لكن منتقدين يقولون إن استخدام الطائرات ألحق أضرارا.", "منتقدين"),
        ("هذا وتؤكد نقابة موظفي الإدارة العامة أن التحرك سلمي.", "نقابة موظفي الإدارة العامة"),
        ("وقال أمس الوزير سامي يوسف إن الوضع مستقر.", "سامي يوسف"),
    ],
)
def test_more_sources(text, speaker):
    _, qs = quotes(text)
    assert qs and qs[0][2] == speaker


def test_a_preposition_after_the_cue_is_not_skipped_to_find_a_subject():
    _, qs = quotes("وغرد عبر تويتر بعد أن تبين بأن التصويت سار على ما يرام.")
    assert all(s != "تويتر" for _, _, s in qs)


def test_name_ali_right_after_the_cue():
    _, qs = quotes("صرح علي رضا ناطقي مسؤول تأسيس الغرف التجارية أن الغرفة تعمل بلا دعم.")
    assert qs[0][2] == "علي رضا ناطقي"


def test_honorific_pronoun_without_an_earlier_quote():
    text = (
        "افتتح صاحب السمو الملكي الأمير خالد الفيصل أمير منطقة مكة المشروع أمس. "
        "وقال سموه «إن تدشينه خلال شهر رمضان مكرمة»."
    )
    _, qs = quotes(text)
    assert qs[0][2] == "خالد الفيصل"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("لكن روسيا قالت أول من أمس إنه من المرجح أن تستخدم حق النقض.", "روسيا"),
        ("وقالت نيوزيلندا، التي ترأس مجلس الأمن الدولي، إن القرار مهم.", "نيوزيلندا"),
        ("قالت «السعودي الفرنسي كابيتال» إن صافي ربح الشركة ارتفع.", "السعودي الفرنسي كابيتال"),
    ],
)
def test_countries_and_quoted_organisations_speak(text, speaker):
    _, qs = quotes(text)
    assert qs and qs[0][2] == speaker


def test_reported_through_an_agency_with_quluh():
    text = (
        "ونقلت وكالة تسنيم للأنباء عن محمد علي جعفري قائد الحرس الثوري قوله: إن القرار «غير مقبول». "
        "وقال «بعض أجزاء المسودة تجاوزت الخطوط الحمراء»."
    )
    _, qs = quotes(text)
    assert [s for _, _, s in qs] == ["محمد علي جعفري", "محمد علي جعفري"]


def test_according_to_a_bare_noun_is_not_a_source():
    _, qs = quotes("وإذكاء روح التنافس وفق المنطق وإنما من أجل كبح جماح الفرق الكبيرة في الدوري.")
    assert qs == []


def test_plural_cue_takes_the_nearest_plural_source():
    _, qs = quotes("أجمع أهالي منطقة عسير على استنكار الحادث، واكدوا انه عمل إجرامي لن يزيدهم إلا تكاتفا.")
    assert qs and qs[0][2] is not None and qs[0][2].startswith("أهالي")


def test_no_subject_after_a_comma_unless_recognised():
    _, qs = quotes("وأضاف، نتشرف في محافظة تنومة بأن نكون أولى المحافظات.")
    assert all(s is None or "نتشرف" not in s for _, _, s in qs)


def test_time_phrase_between_cue_and_subject():
    _, qs = quotes("وقالت في وقت سابق هوغيت لابيل رئيسة منظمة الشفافية إن الفساد منتشر.")
    assert qs and qs[0][2] is not None and "لابيل" in qs[0][2]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "وتضاربت المعلومات إذ كشفت صحيفة «اس» الإسبانية أن النادي سيحصل على مبلغ كبير.",
            "صحيفة «اس» الإسبانية",
        ),
        (
            "إلى ذلك قالت وكالة تونس الرسمية للأنباء أمس الجمعة إن الشرطة اعتقلت مشتبها.",
            "وكالة تونس الرسمية للأنباء",
        ),
    ],
)
def test_organisation_names_stay_whole(text, speaker):
    _, qs = quotes(text)
    assert qs and qs[0][2] == speaker


def test_qad_between_subject_and_verb():
    _, qs = quotes("وكان خامنئي قد قال في كلمة بمناسبة عيد الفطر إن «إيران لن تتخلى عن حلفائها».")
    assert qs and qs[0][2] == "خامنئي"


def test_quotation_right_after_a_say_verb_and_its_subject_is_what_was_said():
    # no colon, four words: after «قالت» and its subject it is a statement, not a term
    _, qs = quotes('وقالت سيدة "أنا أقف هنا أمامكم".')
    assert [(k, t) for k, t, _ in qs] == [("direct", '"أنا أقف هنا أمامكم"')]
    _, qs = quotes("وقال الوزير أحمد سالم «سنواصل العمل».")
    assert qs == [("direct", "«سنواصل العمل»", "أحمد سالم")]


def test_short_quotation_after_an_announcing_verb_stays_a_term():
    _, qs = quotes("وأعلن الوزير أحمد سالم «خطة التحول» في مؤتمر صحفي.")
    assert qs == []


def test_kataba_is_a_cue_where_a_verb_starts_the_clause():
    _, qs = quotes("وكتب الوزير أحمد سالم على حسابه: «نحن مستعدون للحوار».")
    assert qs == [("direct", "«نحن مستعدون للحوار»", "أحمد سالم")]
    _, qs = quotes("وأظهرت كتب التاريخ أن المدينة أقدم مما يعتقد كثيرون.")
    assert qs == []  # «كتب» here is "books"


def test_cue_with_an_object_pronoun():
    _, qs = quotes("وأخبرهم الوزير أحمد سالم أن الحكومة ستدعم المزارعين.")
    assert qs == [("indirect", "الحكومة ستدعم المزارعين", "أحمد سالم")]


def test_cue_after_a_pointer_back_to_the_quotation():
    _, qs = quotes("«نحن نبكي عندما نغضب»، هذا ما قالته الكاتبة منى خليل في حديثها.")
    assert qs == [("direct", "«نحن نبكي عندما نغضب»", "منى خليل")]


def test_according_to_with_the_preposition_glued_to_the_source():
    _, qs = quotes("وارتفع عدد القتلى في المدينة إلى عشرين شخصاً، وفقًا لوكالة الأنباء الفرنسية.")
    assert [(k, s) for k, _, s in qs] == [("according_to", "وكالة الأنباء الفرنسية")]


def test_according_to_what_the_source_said():
    _, qs = quotes("وارتفع عدد القتلى في المدينة إلى عشرين شخصاً، وفقا لما ذكرته وسائل الإعلام المحلية.")
    assert [(k, s) for k, _, s in qs] == [("according_to", "وسائل الإعلام المحلية")]
    _, qs = quotes("وسيزور الوزير الرياض الأسبوع المقبل، بحسب ما صرح به السفير خالد العلي للصحفيين.")
    assert [(k, s) for k, _, s in qs] == [("according_to", "خالد العلي")]


def test_glued_preposition_elsewhere_is_not_a_new_subject():
    # «لنادي الهلال» after «المدرب السابق» is not split off: the newspaper stays the speaker
    text = (
        "وقالت صحيفة «غازيتا» الرومانية إن المدرب السابق لنادي الهلال يعيش حالة سيئة.\n"
        "وأكدت الصحيفة أن المدرب لم يجد فريقاً حتى الآن."
    )
    _, qs = quotes(text)
    assert len(qs) == 2 and all("غازيتا" in s for _, _, s in qs)


def test_unlisted_role_before_a_known_name():
    # «إداري» is on no title list; the name after it is the speaker
    _, qs = quotes("أكد إداري النادي حسين الغامدي أن معسكر الفريق حقق أهدافه.\nوقال: «الهدف ليس الفوز».")
    assert [s for _, _, s in qs] == ["حسين الغامدي", "حسين الغامدي"]


def test_conjunction_and_verb_after_a_title_is_not_a_name():
    doc, _ = quotes("وخسر الفريق وخسرها المدرب في النهاية بعد مباراة صعبة.")
    assert not any(m.text == "وخسرها" for m in doc.mentions)


def test_unnamed_source_keeps_its_adjectives():
    _, qs = quotes(
        "وقال مصدر مسؤول في الحكومة اليمنية إن المفاوضات ستستأنف.\nوقالت مصادر مطلعة إن الوفد وصل."
    )
    assert [s for _, _, s in qs] == ["مصدر مسؤول في الحكومة اليمنية", "مصادر مطلعة"]


def test_kataba_needs_a_writer_we_can_vouch_for():
    _, qs = quotes('وكتبت زاويتين أسبوعيتين: الأولى بعنوان: "وميض"، والأخرى بعنوان: "نساء للوطن".')
    assert qs == []


def test_title_phrase_does_not_run_into_a_prepositional_phrase():
    _, qs = quotes("قال زعيم الجماعة في رسالة نشرت على حساب الجماعة إنه يرفض وقف إطلاق النار.")
    assert [s for _, _, s in qs] == ["زعيم الجماعة"]


def test_a_stop_glued_to_the_next_sentence_still_ends_it():
    text = "وأكد الوزير أحمد سالم أن العمل مستمر.فيقول خالد العتيبي: «نحن جاهزون». وقال د.محمد العلي إن الوضع مستقر."
    _, qs = quotes(text)
    assert [s for _, _, s in qs] == ["أحمد سالم", "خالد العتيبي", "د.محمد العلي"]  # «د.» kept whole
    _, qs = quotes("قال سهيل المصري، نائب الرئيس في بيت.كوم: «نسعى لتزويد الباحثين بالأدوات».")
    assert [s for _, _, s in qs] == ["سهيل المصري"]


def test_the_subject_named_in_quotation_marks_is_not_the_statement():
    _, qs = quotes('أعلنت وزارة الصحة وفاة وافد. وأكدت "الصحة" عدم تسجيل أي حالات جديدة.')
    assert qs == []


def test_the_ministry_is_the_ministry_named_before_not_the_most_mentioned_organisation():
    text = (
        'أعلنت وزارة الصحة وفاة وافد بفيروس "كورونا" في الرياض، وهو ثالث وفاة بـ"كورونا" و"كورونا" هذا الشهر.\n'
        'وقالت الوزارة: "المريض كان مصاباً بأمراض أخرى".'
    )
    _, qs = quotes(text)
    assert [s for _, _, s in qs] == ["وزارة الصحة"]


def test_a_number_of_people_is_the_speaker():
    _, qs = quotes("ويشير عدد من أصحاب المحلات إلى أن الأسعار ارتفعت هذا العام.")
    assert [s for _, _, s in qs] == ["عدد من أصحاب المحلات"]


def test_the_outlet_spoken_to_is_neither_speaker_nor_statement():
    _, qs = quotes('وقال المتحدث باسم المبنى لوكالة "فرانس برس": إن الإنارة ستستمر حتى الفجر.')
    assert [(s, t) for _, t, s in qs] == [("المتحدث باسم المبنى", "الإنارة ستستمر حتى الفجر")]
    _, qs = quotes("وأوضح المتحدث الرسمي لوزارة العمل تيسير المفرج أن الاستقدام مستمر.")
    assert [s for _, _, s in qs] == ["تيسير المفرج"]  # «لوزارة» belongs to the title


def test_a_place_inside_a_title_chain_is_not_the_name():
    text = "وأوضح وكيل أمين منطقة تبوك عضو اللجنة المحلية المهندس إبراهيم بن أحمد الغبان أن الورشة انتهت."
    _, qs = quotes(text)
    assert qs and "الغبان" in qs[0][2]


def test_agency_named_in_plain_quotation_marks():
    _, qs = quotes('وذكرت وكالة "الأناضول" للأنباء أن قوات الأمن اعتقلت عشرين شخصاً.')
    assert qs and "الأناضول" in qs[0][2]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("وقال بيان لوزارة الخارجية إن الاتفاق خطوة مهمة.", "وزارة الخارجية"),
        ("وقال بيان للرئيس الأمريكي باراك أوباما إن الاتفاق خطوة مهمة.", "باراك أوباما"),
        ("وقال تقرير صادر عن المنتدى الاقتصادي العالمي إن الاتفاق خطوة مهمة.", "المنتدى الاقتصادي العالمي"),
        ("وذكرت تقارير صحافية أن الاتفاق خطوة مهمة.", "تقارير صحافية"),
    ],
)
def test_a_statement_speaks_for_whoever_issued_it(text, speaker):
    _, qs = quotes(text)
    assert [s for _, _, s in qs] == [speaker]


def test_almaha_is_a_cue():
    _, qs = quotes("وألمح عضو مجلس الشورى الدكتور سالم الحربي، أن القرار سيصدر قريباً.")
    assert qs == [("indirect", "القرار سيصدر قريباً", "سالم الحربي")]


def test_bayyana_opens_its_clause_only():
    _, qs = quotes("وبين مدير الجامعة الدكتور سالم الحربي، أن التسجيل يبدأ الأحد.")
    assert qs == [("indirect", "التسجيل يبدأ الأحد", "سالم الحربي")]
    # the preposition «بين» ("between") inside a clause is no cue, with or without «و»
    _, qs = quotes("وقع خلاف بين رئيس النادي أحمد سالم وبين المدرب خالد فهد أن يرحل أحدهما.")
    assert qs == []


def test_feminine_title_before_a_name_makes_the_speaker_a_woman():
    # «عضو» is masculine, «الدكتورة» is not: «وأشارت» is hers
    _, qs = quotes(
        "وأكدت عضو مجلس الشورى الدكتورة منى السالم، أن الوحدة الوطنية ستبقى، "
        "وأشارت إلى أن هذا العمل يكشف الوجه القبيح للإرهاب."
    )
    assert [q[2] for q in qs] == ["منى السالم", "منى السالم"]


def test_attention_after_a_cue_is_its_object():
    _, qs = quotes(
        "وأكدت الدكتورة منى السالم أن الوحدة الوطنية ستبقى، ولفتت النظر إلى أن الاعتداء من كبائر الذنوب."
    )
    assert qs[-1] == ("indirect", "الاعتداء من كبائر الذنوب", "منى السالم")


def test_studies_speak_as_described_sources():
    doc, qs = quotes("وأكدت دراسات طبية حديثة أن الصوم يساعد على ترك التدخين.")
    assert qs == [("indirect", "الصوم يساعد على ترك التدخين", "دراسات طبية حديثة")]
    assert all(e.described for e in doc.entities if e.name == "دراسات طبية حديثة")


def test_the_name_ali_before_inna_is_a_name():
    # «على» takes «أن», never «إن»: «محمد علي إن …» is the name «محمد علي»
    _, qs = quotes("وقال الدكتور محمد علي إن الوضع خطير.")
    assert qs == [("indirect", "الوضع خطير", "محمد علي")]


def test_a_university_named_after_a_king_is_not_the_speaker():
    doc, qs = quotes(
        "وتوضح عضو هيئة التدريس بجامعة الملك عبدالعزيز الدكتورة الهاشمي، أن الدراسات أثبتت فوائد الصوم."
    )
    assert qs[0][2] not in ("عبدالعزيز", "الملك عبدالعزيز")
    assert "عبدالعزيز" not in [e.name for e in doc.entities if e.type == "PER"]


def test_subject_of_a_sentence_without_a_cue_takes_the_next_implicit_quote():
    _, qs = quotes(
        "وأكد الدكتور محمد الجفري أن العمل جبان.\n"
        "من جهة أخرى، ندد عضو مجلس الشورى السفير الدكتور عبدالمحسن بن فهد المارك بالكارثة التي شهدتها عسير.\n"
        "وقال: «هذه الأعمال تدل على الانحراف الفكري لمرتكبيها»."
    )
    assert qs[-1][2] == "عبدالمحسن بن فهد المارك"


def test_title_abbreviations_keep_the_sentence_and_the_name():
    _, qs = quotes(
        "من جانبه أكد أستاذ العلاقات العامة بالجامعة د. عبدالرحمن النامي أن المرشحين بحاجة إلى مستشارين."
    )
    assert qs == [("indirect", "المرشحين بحاجة إلى مستشارين", "عبدالرحمن النامي")]
    _, qs = quotes("وقال م. خالد العلي إن المشروع تأخر.")
    assert qs == [("indirect", "المشروع تأخر", "خالد العلي")]


def test_elders_are_named_with_al_amm():
    _, qs = quotes("وقال العم عبدالله - أحد كبار السن بالمحافظة - إن العيد كان بسيطاً.")
    assert qs[0][2] == "عبدالله"


def test_the_paper_refers_back_to_the_paper_named_with_that_head():
    _, qs = quotes(
        "اهتمت صحيفة «الصنداي تليجراف» بتأثر دبي بتراجع أسعار النفط، وأشارت الصحيفة إلى أن الإمارة ستتأثر.\n"
        "وأضافت الصحيفة البريطانية أن ديون دبي في زيادة."
    )
    assert [q[2] for q in qs] == ["الصنداي تليجراف", "الصنداي تليجراف"]


def test_a_name_in_quotation_marks_before_anna_is_the_subject():
    _, qs = quotes(
        "وندد مدير الشؤون الصحية الدكتور إبراهيم بن سليمان الحفظي بالعمل الإجرامي. "
        'وأكد "الحفظي" أن تماسك أبناء المملكة هو الدرع الحصينة.'
    )
    assert qs == [("indirect", "تماسك أبناء المملكة هو الدرع الحصينة", "إبراهيم بن سليمان الحفظي")]


def test_a_group_that_opens_a_sentence_takes_the_plural_cue_after_it():
    _, qs = quotes(
        "أجمع مسئولو منطقة عسير على استنكار تفجير مسجد قوات الطوارئ الخاصة في أبها، واكدوا انه عمل إجرامي."
    )
    assert qs == [("indirect", "عمل إجرامي", "مسئولو منطقة عسير")]


def test_the_full_name_the_model_read_after_a_title_is_the_person():
    doc, _ = quotes("زار أمين جدة د. هاني أبو راس فعاليات السيرك في الخيمة بأبحر، واطلع على سير العمل.")
    people = [e.name for e in doc.entities if e.type == "PER"]
    assert "هاني أبو راس" in people and "بأبحر" not in people


def test_a_verb_with_wa_takes_no_subject_before_it():
    # «حجز الولائم» is a crosshead run into the text; «وأضاف» is still the last speaker's
    _, qs = quotes(
        "وقال مدير المطعم إبراهيم العنبر إن الزواجات كانت بسيطة. حجز الولائم وأضاف أن المطابخ لم تكن تتجاوز عشرة."
    )
    assert [q[2] for q in qs] == ["إبراهيم العنبر", "إبراهيم العنبر"]


def test_his_counterpart_is_not_part_of_the_speaker():
    _, qs = quotes("كما طمأن الوزير العراقي نظيره الأميركي بأن «نهج الإصلاح يسير بخطى مدروسة».")
    assert qs[0][2] == "الوزير العراقي"


def test_scientists_and_some_officials_speak_as_described_sources():
    _, qs = quotes("ذكر علماء أن صورة الكوكب القزم مثيرة.")
    assert qs == [("indirect", "صورة الكوكب القزم مثيرة", "علماء")]
    doc, qs = quotes("وقال بعض المسؤولين إن الوضع خطير.")
    assert qs == [("indirect", "الوضع خطير", "بعض المسؤولين")]
    assert [e.type for e in doc.entities if e.name == "بعض المسؤولين"] == ["PER"]


def test_according_to_a_surname_after_lam_is_the_person_named_before():
    doc, qs = quotes(
        "وقال الفريق عبد الأمير الخزرجي إن القوات تقدمت. واسفرت المواجهات عن مقتل 29 من المتطرفين "
        "وتدمير مركبتين تابعة للمسلحين، وفقا للخزرجي."
    )
    assert [q[2] for q in qs] == ["عبد الأمير الخزرجي", "عبد الأمير الخزرجي"]
    assert "للخزرجي" not in [e.name for e in doc.entities]


def test_an_analysis_speaks_for_its_issuer_or_as_a_source():
    doc, qs = quotes("وتوقع التحليل الأسبوعي الصادر عن بنك قطر الوطني، أنه ستبدأ أسواق النفط في لجم المعروض.")
    assert qs[0][2] in ("بنك قطر الوطني", "التحليل الأسبوعي")
    assert all(e.described for e in doc.entities if e.name == "التحليل الأسبوعي")


def test_an_organisation_that_opens_a_sentence_takes_the_cue_that_agrees_with_it():
    _, qs = quotes(
        "وقال الرئيس علي عبدالله صالح إن الحرب مستمرة. وكانت نقابة الصحفيين اليمنيين قد أدانت "
        "الانتهاكات، وقالت إنه جرى إغلاق الصحف."
    )
    assert qs[-1][2] == "نقابة الصحفيين اليمنيين"
    # a masculine «وقال» is not the ministry's
    _, qs = quotes(
        "وقال الوزير أحمد سالم إن الوضع صعب. ونفذت وزارة الداخلية حملة أمنية واسعة. وقال: «لن نسمح بالفوضى»."
    )
    assert qs[-1][2] == "أحمد سالم"


def test_a_study_that_opens_a_sentence_speaks_next():
    _, qs = quotes("وأظهرت الدراسة أن تكلفة إنتاج النفط منخفضة. وأوضحت أن النفط الصخري مكلف.")
    assert qs == [("indirect", "النفط الصخري مكلف", "الدراسة")]


def test_this_official_is_the_official_just_named():
    from qawl.lang.ar.phrases import View, parse_subject
    from qawl.text.tokens import tokenize

    text = "كما أوضح هذا المسؤول أن رجاله يتوجهون إلى الرجال."
    np = parse_subject(View(text, tokenize(text)), 2)
    assert np is not None and np.kind == "title"
    _, qs = quotes("وفق ما صرح به مسؤول في الشرطة بالمدينة. " + text)
    assert qs[-1] == ("indirect", "رجاله يتوجهون إلى الرجال", "مسؤول في الشرطة بالمدينة")


def test_it_is_worth_mentioning_is_nobodys_statement():
    _, qs = quotes(
        "وقال الوزير أحمد سالم إن المشروع تأخر. يذكر أن البرنامج بدأ قبل عامين. ويشار إلى أن الوزارة بدأت العمل."
    )
    assert qs == [("indirect", "المشروع تأخر", "أحمد سالم")]


def test_a_list_of_countries_speaks_through_the_first_not_as_one_place():
    doc, qs = quotes("أعلنت الكويت وقطر والبحرين أن الأسواق ستغلق غدا بمناسبة العيد.")
    assert qs == [("indirect", "الأسواق ستغلق غدا بمناسبة العيد", "الكويت")]
    assert {e.name for e in doc.entities} == {"الكويت", "قطر", "البحرين"}


def test_a_number_of_people_is_the_whole_group_not_the_word_number():
    _, qs = quotes("طالب عدد من أصحاب مكاتب تأجير السيارات الوزارة بتمديد المهلة، مؤكدين أن السوق متضررة.")
    assert qs == [("indirect", "السوق متضررة", "عدد من أصحاب مكاتب تأجير السيارات")]


def test_a_cue_pointing_back_names_who_the_next_participle_means():
    _, qs = quotes(
        "طالب عدد من التجار بتمديد المهلة، مؤكدين أن السوق متضررة.\n"
        "أوضح ذلك لـ«الرياض» رئيس لجنة التجارة في الغرفة سالم الدوسري، مشيرا إلى أن الخسائر كبيرة."
    )
    assert qs[-1] == ("indirect", "الخسائر كبيرة", "سالم الدوسري")


def test_a_cue_right_after_a_subject_opens_a_new_clause():
    _, qs = quotes("اعتبر الجمهور الحادث وقال شاهد عيان إن الشاحنة كانت مسرعة.")
    assert qs == [("indirect", "الشاحنة كانت مسرعة", "شاهد عيان")]


def test_ra_a_held_opens_a_statement_at_the_start_of_its_clause_only():
    _, qs = quotes("ورأى الخبير الاقتصادي فهد العنزي أن الأسعار ستتراجع. وقال إن الطلب ضعيف.")
    assert [q[2] for q in qs] == ["فهد العنزي", "فهد العنزي"]
    _, qs = quotes("وتحدث الوزير عن الخطة. وفي رأي المحللين الخطة طموحة.")
    assert qs == []
    # «وبين أن …» and «ورأى أن …» with the subject left out still speak
    _, qs = quotes("وقال الوزير أحمد سالم إن الوضع مستقر. وبين أن الخطة ناجحة. ورأى أن الأزمة انتهت.")
    assert [q[2] for q in qs] == ["أحمد سالم"] * 3


def test_an_aside_between_the_cue_and_its_subject_is_skipped():
    _, qs = quotes("وأوضح من جهته المهندس ناصر القحطاني أن المشروع سينتهي العام المقبل.")
    assert qs == [("indirect", "المشروع سينتهي العام المقبل", "ناصر القحطاني")]


def test_a_subject_after_while_speaks_in_the_next_participle():
    _, qs = quotes(
        "وقالت الشركة الوطنية للطيران إن الرحلات تأخرت. وقالت هيئة الطيران المدني في بيانها إن "
        "الرحلات تأخرت، مؤكدة أن السبب فني. فيما عارضت الشركة الوطنية للطيران بيان الهيئة، مؤكدة "
        "أن الرحلات انطلقت في موعدها."
    )
    assert qs[-1] == ("indirect", "الرحلات انطلقت في موعدها", "الشركة الوطنية للطيران")


def test_a_participle_takes_the_person_who_agrees_not_the_organisation():
    _, qs = quotes(
        "وأعلنت الغرفة التجارية تكريم موظفيها بحضور أمينها العام الدكتور سامي العبيدي، مشيرًا إلى "
        "أن المناسبات تزيد الترابط."
    )
    assert qs == [("indirect", "المناسبات تزيد الترابط", "سامي العبيدي")]


def test_a_quotation_that_ends_with_its_own_full_stop_ends_the_sentence():
    _, qs = quotes(
        "وقال بيان للوزارة إن «العطلة تبدأ يوم الأحد المقبل لجميع الموظفين.» "
        "وفي الرياض أعلنت الغرفة التجارية أن المتاجر ستفتح مساء."
    )
    assert [q[2] for q in qs] == ["الوزارة", "الغرفة التجارية"]
    assert qs[0][1].endswith("الموظفين.»")


def test_a_role_title_before_a_name_is_the_persons():
    _, qs = quotes(
        "وقال الناقد سعيد السريحي إن الرواية تراجعت. وأكد المواطن عائض القحطاني أن الأسعار مرتفعة."
    )
    assert [q[2] for q in qs] == ["سعيد السريحي", "عائض القحطاني"]
    # bare or after «و», «مواطن» and «المواطن» are common nouns, never titles
    doc, _ = quotes("وقال إن أمن الوطن والمواطن في أيد أمينة. وفجر مواطن سعودي نفسه في المسجد.")
    assert not {e.name for e in doc.entities if e.type == "PER"} & {"أيد", "سعودي"}


def test_a_quoted_title_after_a_work_head_is_no_statement_even_with_a_verb():
    _, qs = quotes(
        'وقال الأمير، بعد افتتاح مهرجان "الوطن يجمعنا" مساء أمس: "سنعمل جميعا على إنجاح الموسم السياحي".'
    )
    assert qs == [("direct", '"سنعمل جميعا على إنجاح الموسم السياحي"', "الأمير")]


def test_told_to_me_names_the_one_who_told():
    _, qs = quotes("وعندها قال لي المسؤول عن المبيعات: لا تقلق سأعيد لك نقودك.")
    assert qs[0][2] == "المسؤول"
    _, qs = quotes("وقال لي كه تشيانغ إن الاقتصاد قوي.")
    assert qs[0][2] == "لي كه تشيانغ"


def test_an_institution_that_acts_first_speaks_in_the_next_sentence():
    _, qs = quotes(
        "قدمت الحكومة الأردنية طلباً رسمياً إلى المنظمة للانضمام إليها.\n"
        'وأعلنت في بيان، أمس: "تقدمت المملكة بطلب انضمام رسمي إلى المنظمة".'
    )
    assert qs == [("direct", '"تقدمت المملكة بطلب انضمام رسمي إلى المنظمة"', "الحكومة الأردنية")]


def test_an_after_when_or_provided_that_is_no_statement():
    _, qs = quotes("ويعتبر اللاعب حرا بعد أن فك ارتباطه مع ناديه عقب أن قضى في صفوفه ثمانية أعوام.")
    assert qs == []
    _, qs = quotes("وأبلغهم رئيس النادي برغبة اللاعب في البقاء شريطة أن يتلقى عرضا مجزيا.")
    assert qs == []


def test_a_magazine_or_radio_is_named_by_its_proper_name():
    _, qs = quotes("وقالت مجلة نيوزويك الأمريكية إن الحكومة تدرس الخطة. وأضافت المجلة أن القرار قريب.")
    assert [q[2] for q in qs] == ["نيوزويك", "نيوزويك"]


def test_the_committee_that_issued_a_statement_speaks_in_it():
    _, qs = quotes(
        "اختتمت لجنة تقصي الحقائق التابعة لمنظمة الصحة العالمية زيارتها إلى عمان.\n"
        "وأصدرت اللجنة بيانا أكدت فيه أنها جمعت معلومات كافية.\n"
        "وأبانت اللجنة أنها ستقدم تقريرها الشهر المقبل، إبان انعقاد الجمعية."
    )
    assert [q[2] for q in qs] == ["منظمة الصحة العالمية"] * 2
    assert [q[1] for q in qs][-1].startswith("ستقدم تقريرها")


def test_after_that_opens_the_sentence_before_its_first_verb():
    _, qs = quotes(
        "وقدم شكره لمحافظ المدينة خالد الصفيان على دعم المهرجان. عقب ذلك ألقى رئيس البلدية "
        "المهندس زياد المغربل كلمة في حفل حضره الوكيل سامي العتيبي، أوضح فيها أن مشاركة البلدية "
        "تتجدد كل عام."
    )
    assert qs == [("indirect", "مشاركة البلدية تتجدد كل عام", "زياد المغربل")]


def test_abana_speaks_after_an_aside_or_before_a_comma():
    _, qs = quotes("من جانبه أبان رئيس اللجنة الإعلامية أحمد الحبسي أن الألعاب القديمة ما زالت حاضرة.")
    assert qs == [("indirect", "الألعاب القديمة ما زالت حاضرة", "أحمد الحبسي")]
    _, qs = quotes("وقال الرئيس التنفيذي يوسف البنيان إن الشركة مستقرة.\nوأبان، أن الشركة لن تدخل السوق.")
    assert [q[2] for q in qs] == ["يوسف البنيان", "يوسف البنيان"]


def test_a_quoted_work_inside_a_title_chain_does_not_end_it():
    _, qs = quotes(
        'من جهته بين عضو مجلس الإدارة والمشرف على برنامج "قارئ" الدكتور سامي بن ناصر العتيبي، '
        "ان البرنامج وزع أكثر من 400 حقيبة."
    )
    assert qs == [("indirect", "البرنامج وزع أكثر من 400 حقيبة", "سامي بن ناصر العتيبي")]


def test_an_unknown_word_after_a_known_name_and_its_object_is_no_name():
    _, qs = quotes(
        "وقال مدير التعليم الدكتور عبدالرحمن العبدالكريم إن العمل مستمر. وأكد الدكتور العبدالكريم "
        "أهمية إحضار المرشح المستندات، المتضمنة: صورة الهوية الوطنية مع الأصل."
    )
    assert [q[2] for q in qs] == ["عبدالرحمن العبدالكريم"] * 2
