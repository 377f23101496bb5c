"""The view models behind the pages, built from hand-made documents."""

from __future__ import annotations

import pytest

from qawl.web import render


def _pieces_text(ann) -> str:
    out = []
    for p in ann["paragraphs"]:
        out.append("".join(piece.text for b in p.blocks for piece in b.pieces))
    return "\n".join(out)


def test_annotate_keeps_every_character_and_splits_paragraphs():
    text = "قال ماكرون: «نعم».\n\nHe said “yes”."
    doc = {
        "quotes": [
            {"id": "q1", "start": 12, "end": 17, "text": text[12:17], "kind": "direct", "lang": "ar",
             "speaker": {"name": "ماكرون"}, "cue": {"start": 0, "end": 3, "text": "قال"}},
            {"id": "q2", "start": 28, "end": 33, "text": text[28:33], "kind": "direct", "lang": "en",
             "speaker": {"name": "ماكرون"}, "same_as": ["q1"]},
        ],
        "entities": [{"id": "e1", "name": "ماكرون", "type": "PER", "mentions": [{"start": 4, "end": 10}]}],
        "dates": [],
    }  # fmt: skip
    ann = render.annotate(text, doc)
    assert _pieces_text(ann) == "قال ماكرون: «نعم».\nHe said “yes”."
    assert [p.dir for p in ann["paragraphs"]] == ["rtl", "ltr"]
    first = ann["paragraphs"][0]
    quote_blocks = [b for b in first.blocks if b.quote]
    assert len(quote_blocks) == 1 and quote_blocks[0].first
    classes = {c for b in first.blocks for p in b.pieces for c in p.classes}
    assert {"cue", "ent", "ent-per"} <= classes
    # same_as is made symmetric, and both quotes of one speaker share a colour
    q1, q2 = ann["quotes"]
    assert q1["same_as"] == ["q2"] and q2["same_as"] == ["q1"]
    assert (q1["bg"], q1["fg"]) == (q2["bg"], q2["fg"])
    assert ann["speakers"][0]["count"] == 2


def test_overlapping_and_out_of_range_spans_are_clipped():
    text = "abcdefghij"
    doc = {
        "quotes": [
            {
                "id": "q1",
                "start": 0,
                "end": 6,
                "text": "abcdef",
                "kind": "direct",
                "lang": "en",
                "speaker": None,
            },
            {
                "id": "q2",
                "start": 4,
                "end": 50,
                "text": "efghij",
                "kind": "direct",
                "lang": "en",
                "speaker": None,
            },
        ],
        "entities": [{"id": "e1", "name": "x", "type": "ORG", "mentions": [{"start": 5, "end": 8}]}],
        "dates": [{"start": 8, "end": 9, "text": "i", "value": "2025-01-01"}],
    }
    ann = render.annotate(text, doc)
    assert _pieces_text(ann) == text
    blocks = ann["paragraphs"][0].blocks
    assert [b.quote["id"] for b in blocks if b.quote] == ["q1", "q2"]


@pytest.mark.parametrize("name", ["إيمانويل ماكرون", "Emmanuel Macron", None])
def test_colours_are_stable(name):
    assert render.colour_for(name) == render.colour_for(name)
    if name:
        assert render.colour_for("إيمانويل ماكرون") == render.colour_for("ايمانويل ماكرون")  # hamza forms
    else:
        assert render.colour_for(name) == render.UNKNOWN_COLOUR


def test_timeline_bars_and_ticks():
    tl = render.timeline(
        [
            {"date": "2015-07-01", "quotes": 3},
            {"date": "2015-08-20", "quotes": 1},
            {"date": None, "quotes": 2},
        ]
    )
    assert tl["count"] == 4 and tl["undated"] == 2 and len(tl["bars"]) == 2
    assert tl["ticks"][0]["label"] == "2015-07-01" and tl["ticks"][-1]["label"] == "2015-08-20"
    tall, short = tl["bars"]
    assert tall["h"] > short["h"] and tall["x"] < short["x"]
    assert render.timeline([])["bars"] == []
    one = render.timeline([{"date": "2025-11-25", "quotes": 9}])
    assert len(one["bars"]) == 1 and one["ticks"] == [{"x": 360.0, "label": "2025-11-25"}]


def test_script_detection():
    assert render.script_of("قال الرئيس") == "ar"
    assert render.script_of("He said") == "en"
    assert render.script_of("2025 — 11") == "und"
