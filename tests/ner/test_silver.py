"""Silver training data: sentences tagged by a model (training/tag_silver.py) and read back by the
training loader (``"silver"`` in a training config)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from qawl.ner.training import load_training_data

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("tag_silver", ROOT / "training" / "tag_silver.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_document_is_tagged_line_by_line_on_its_own_tokens():
    lines = ["وصل الوفد لأوكرانيا أمس .", "وقال ماكرون إن فرنسا ستساعد"]
    out = _script().tag_document(lines, model="bilstm")
    assert [words for words, _ in out] == [
        ["وصل", "الوفد", "لأوكرانيا", "أمس", "."],
        ["وقال", "ماكرون", "إن", "فرنسا", "ستساعد"],
    ]
    tags = dict(zip(out[0][0] + out[1][0], out[0][1] + out[1][1], strict=True))
    # a listed place is found inside its clitic and the whole token is tagged, as ANERcorp does
    assert tags["لأوكرانيا"] == "B-LOC" and tags["فرنسا"] == "B-LOC"
    assert tags["وصل"] == tags["إن"] == "O"
    for _, seq in out:
        for prev, cur in zip(["O", *seq], seq, strict=False):
            assert not cur.startswith("I-") or prev[2:] == cur[2:]  # valid BIO


def test_the_loader_adds_silver_sentences_from_the_config(tmp_path):
    silver = tmp_path / "silver.txt"
    silver.write_text(
        "زار O\nماكرون B-PER\nباريس B-LOC\n\nقال O\nالبنك B-ORG\nالدولي I-ORG\n", encoding="utf-8"
    )
    cfg = {"anercorp": False, "newsfane": False, "wojood": [], "silver": [str(silver)]}
    train, heldout = load_training_data(cfg, tmp_path)
    assert train == [
        (["زار", "ماكرون", "باريس"], ["O", "B-PER", "B-LOC"]),
        (["قال", "البنك", "الدولي"], ["O", "B-ORG", "I-ORG"]),
    ]
    assert heldout == []
