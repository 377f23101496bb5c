"""English quotes: every kind, every speaker resolution, every quote typography."""

from __future__ import annotations

import pytest

from qawl.lang.en.marks import quote_regions
from qawl.lang.en.quotes import extract_english, load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


def run(text: str):
    mentions, quotes = extract_english(text, [(0, len(text))])
    for q in quotes:  # the round trip of every span
        assert text[q.start : q.end] == q.text
        assert q.lang == "en" and q.id == ""
        assert 0.0 <= q.confidence <= 1.0
        if q.cue:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker and q.speaker.mention:
            m = q.speaker.mention
            assert text[m.start : m.end] == m.text
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return mentions, quotes


def only(quotes, kind=None):
    qs = [q for q in quotes if kind is None or q.kind == kind]
    assert len(qs) == 1, [(q.kind, q.text) for q in quotes]
    return qs[0]


@pytest.mark.usefixtures("nlp")
class TestKinds:
    def test_direct(self):
        q = only(run('"We will win this election," Smith said on Tuesday.')[1])
        assert q.kind == "direct"
        assert q.text == '"We will win this election,"'
        assert q.speaker.name == "Smith" and q.speaker.resolution == "explicit"
        assert q.cue.text == "said"

    def test_indirect_said_that(self):
        q = only(run("Mayor Anne Hidalgo said that the bridge would reopen next week.")[1])
        assert q.kind == "indirect"
        assert q.text == "that the bridge would reopen next week"
        assert q.speaker.name == "Anne Hidalgo"

    def test_mixed(self):
        text = 'Jane Doe said the meeting had been "a complete waste of time" for everyone.'
        q = only(run(text)[1])
        assert q.kind == "mixed"
        assert q.text == 'the meeting had been "a complete waste of time" for everyone'
        assert q.speaker.name == "Jane Doe"

    @pytest.mark.parametrize(
        ("text", "content", "speaker"),
        [
            (
                "The economy grew by 3 percent last year, according to Janet Yellen.",
                "The economy grew by 3 percent last year",
                "Janet Yellen",
            ),
            (
                "According to Senator Ted Cruz, the bill will fail in the Senate.",
                "the bill will fail in the Senate",
                "Ted Cruz",
            ),
        ],
    )
    def test_according_to(self, text, content, speaker):
        q = only(run(text)[1])
        assert q.kind == "according_to"
        assert q.text == content
        assert q.speaker.name == speaker
        assert q.cue.text.lower() == "according to"


@pytest.mark.usefixtures("nlp")
class TestSpeakers:
    def test_pronoun(self):
        text = "Jane Doe arrived late on Monday. She said the trains had been cancelled again."
        q = only(run(text)[1])
        assert q.speaker.name == "Jane Doe"
        assert q.speaker.resolution == "implicit"
        assert q.speaker.mention.text == "Jane Doe"

    def test_appositive(self):
        q = only(run("Hugh Hill, a doctor, said the clinic was overwhelmed.")[1])
        assert q.speaker.name == "Hugh Hill"
        assert q.text == "the clinic was overwhelmed"

    def test_appositive_after_role(self):
        q = only(run('"I am not worried about the vote," said the president, Joe Biden.')[1])
        assert q.speaker.name == "Joe Biden"

    def test_title(self):
        text = "Senator Ted Cruz spoke in Houston on Friday. The senator said he would vote against the bill."
        q = only(run(text)[1])
        assert q.speaker.name == "Ted Cruz"
        assert q.speaker.resolution == "title"

    def test_surname_resolves_to_full_name(self):
        text = "Hugh Hill runs the clinic. Hill said that the ward had run out of beds."
        q = only(run(text)[1])
        assert q.speaker.name == "Hugh Hill"

    def test_floating_quote_paragraph(self):
        text = "John Smith described the scene at the hospital.\n\n“There was blood everywhere. Nobody knew what to do.”"
        q = only(run(text)[1])
        assert q.kind == "direct"
        assert q.text == "“There was blood everywhere. Nobody knew what to do.”"
        assert q.speaker.name == "John Smith"
        assert q.cue is None

    def test_floating_quote_after_earlier_quote(self):
        text = (
            "Anna Berg said the plan was flawed.\n\n"
            "“It will never work in practice, because nobody has funded it,” she added.\n\n"
            "“We warned the ministry many times and nobody listened to us.”"
        )
        quotes = run(text)[1]
        assert [q.kind for q in quotes] == ["indirect", "direct", "direct"]
        assert {q.speaker.name for q in quotes} == {"Anna Berg"}


@pytest.mark.usefixtures("nlp")
class TestTypography:
    def test_multi_paragraph_quote(self):
        text = (
            "Maria Lopez told reporters:\n\n"
            "“The first paragraph of what she said goes on here without a closing mark.\n\n"
            "“The second paragraph opens with a mark again and closes at last.”"
        )
        q = only(run(text)[1])
        assert q.kind == "direct"
        assert q.text.startswith("“The first paragraph")
        assert q.text.endswith("closes at last.”")
        assert q.speaker.name == "Maria Lopez"

    @pytest.mark.parametrize("marks", [("“", "”"), ('"', '"'), ("«", "»"), ("''", "''"), ("``", "''")])
    def test_quote_marks(self, marks):
        o, c = marks
        text = f"{o}Prices will fall before the winter,{c} said Paul Green."
        q = only(run(text)[1])
        assert q.text == f"{o}Prices will fall before the winter,{c}"
        assert q.speaker.name == "Paul Green"

    def test_split_quote_is_one_statement(self):
        text = '"Here he is," she said, pointing at Tom Brown. "He is finally here with us."'
        regions = quote_regions(text)
        assert len(regions) == 2

    def test_regions_inside_a_region(self):
        # only the English part is read; offsets stay those of the whole text
        text = "نص عربي في البداية.\nAlice Walker said the vote was close.\nنص عربي آخر."
        start = text.index("Alice")
        end = text.index("close.") + len("close.")
        mentions, quotes = extract_english(text, [(start, end)])
        q = only(quotes)
        assert q.text == "the vote was close"
        assert any(m.text == "Alice Walker" and m.type == "PER" and m.source == "model" for m in mentions)


def test_mentions_types(nlp):
    mentions, _ = run("Emmanuel Macron met officials of the European Union in Paris.")
    types = {m.text: m.type for m in mentions}
    assert types.get("Emmanuel Macron") == "PER"
    assert types.get("Paris") == "GPE"
