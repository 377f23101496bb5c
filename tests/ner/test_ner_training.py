"""The training command runs end to end on a tiny slice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qawl.ner.evaluate import Scorer, bio_spans
from qawl.ner.tagger import Tagger
from qawl.ner.training import train

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "training" / "ner_config.json"
DATA = ROOT.parent / "shared" / "data"


@pytest.mark.skipif(not (DATA / "anercorp").is_dir(), reason="../shared/data is not here")
def test_train_tiny_slice(tmp_path, monkeypatch):
    cfg = json.loads(CONFIG.read_text(encoding="utf-8"))
    cfg["data_dir"] = str(DATA)
    cfg["heldout"] = [3800, 3830]
    cfg["crf"]["max_iterations"] = 15
    cfg["titles"]["crf"]["max_iterations"] = 5
    path = tmp_path / "config.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    summary = train(path, tmp_path / "model", limit=200)
    assert summary["train_sentences"] == 200
    assert "heldout" in summary
    assert (tmp_path / "model" / "ar_ner.crfsuite").stat().st_size > 1000
    assert (tmp_path / "model" / "ar_titles.crfsuite").is_file()
    assert (
        json.loads((tmp_path / "model" / "training.json").read_text(encoding="utf-8"))["train_sentences"]
        == 200
    )
    tags = Tagger(tmp_path / "model" / "ar_ner.crfsuite").tag(["قال", "محمد", "في", "القاهرة", "."])
    assert len(tags) == 5


def test_bio_spans_and_scorer():
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG"]) == [
        ("PER", 0, 2),
        ("LOC", 3, 4),
        ("ORG", 4, 5),
    ]
    sc = Scorer()
    sc.add([("PER", 0, 2), ("LOC", 3, 4)], [("PER", 0, 2), ("LOC", 3, 5)])
    s = sc.scores()
    assert s["PER"]["f1"] == 1.0 and s["LOC"]["f1"] == 0.0 and s["micro"]["f1"] == 0.5
