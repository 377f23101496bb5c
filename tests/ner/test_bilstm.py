"""The BiLSTM-CRF entity model: its training command on a tiny slice, the NumPy export, batching."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from qawl.ner.bilstm import MODEL_FILE, TAGS, VOCAB_FILE, BiLSTMTagger

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"


def _script():
    spec = importlib.util.spec_from_file_location("train_bilstm", ROOT / "training" / "train_bilstm.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    if not (DATA / "anercorp").is_dir():
        pytest.skip("../shared/data is not here")
    cfg = json.loads((ROOT / "training" / "bilstm_config.json").read_text(encoding="utf-8"))
    cfg["data_dir"] = str(DATA)
    cfg["pieces"] = "training/e5_pieces.tsv"
    cfg["heldout"] = [3800, 3830]
    cfg["model"].update(word_dim=16, stem_dim=8, char_filters=8, e5_dim=8, hidden=16)
    folder = tmp_path_factory.mktemp("bilstm")
    path = folder / "config.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    summary = _script().train(path, folder / "model", limit=120, epochs=2)
    return folder / "model", summary


def test_training_command_runs_end_to_end_and_exports_numpy_weights(tiny_model):
    folder, summary = tiny_model
    assert summary["train_sentences"] == 120
    assert [row["epoch"] for row in summary["history"]] == [1, 2]
    assert "heldout_f1" in summary["history"][-1]
    assert (folder / MODEL_FILE).stat().st_size > 1000
    meta = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
    assert meta["tags"] == list(TAGS) and meta["words"] and meta["pieces"]
    # the NumPy forward pass labels words as the PyTorch model did (float16 export)
    assert summary["export_agreement"] >= 0.99


def test_batched_tagging_equals_one_sentence_at_a_time(tiny_model):
    tagger = BiLSTMTagger(tiny_model[0])
    sents = [
        ["قال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "إن", "باريس", "ستواصل", "."],
        ["وصل", "الوفد", "."],
        [],
        ["وأعلنت", "وزارة", "الخارجية", "الأمريكية", "أن", "الوزير", "سيزور", "القاهرة", "غدا", "."],
    ]
    together = tagger.tag_many(sents)
    assert [len(t) for t in together] == [len(s) for s in sents]
    assert together == [tagger.tag(s) for s in sents]
    assert all(t in TAGS for tags in together for t in tags)


def test_a_full_word_cache_starts_again_without_losing_words(tiny_model, monkeypatch):
    from qawl.ner import bilstm

    tagger = BiLSTMTagger(tiny_model[0])
    sent = ["وقال", "وزير", "الخارجية", "إن", "الوفد", "سيصل", "إلى", "القاهرة", "."]
    expected = tagger.tag(sent)
    monkeypatch.setattr(bilstm, "_CACHE_WORDS", 5)
    assert tagger.tag(sent[:4]) == tagger.tag(sent[:4])
    assert tagger.tag(sent) == expected  # more new words than the cache holds, some cached before


def test_a_long_sentence_is_tagged_in_pieces_cut_at_punctuation():
    from qawl.ner.bilstm import _cuts

    words = [f"w{k}" for k in range(30)] + ["،"] + [f"v{k}" for k in range(40)]
    pieces = _cuts(words, 48)
    assert pieces == [(0, 31), (31, 71)]  # cut after the comma, not at 48
    assert _cuts(["x"] * 100, 48) == [(0, 48), (48, 96), (96, 100)]
    assert _cuts(["x"] * 10, 48) == [(0, 10)]


def test_tagging_from_several_threads_gives_the_same_labels(tiny_model):
    from concurrent.futures import ThreadPoolExecutor

    tagger = BiLSTMTagger(tiny_model[0])
    sents = [[f"كلمة{k}", "قال", "الوزير", f"اسم{k}", "إن", "الوفد", "وصل", "."] for k in range(40)]
    expected = [BiLSTMTagger(tiny_model[0]).tag(s) for s in sents]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(tagger.tag, sents))
    assert got == expected


def test_entity_swaps_keep_the_context_and_change_the_names():
    import random

    sents = [
        (
            ["قال", "الرئيس", "إيمانويل", "ماكرون", "في", "باريس", "."],
            ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"],
        ),
        (["زار", "خالد", "القاهرة", "أمس"], ["O", "B-PER", "B-LOC", "O"]),
        (["وصل", "الوفد", "."], ["O", "O", "O"]),
    ]
    out = _script()._swap_entities(sents, 3, random.Random(1))
    assert len(out) == 6  # three copies of the two sentences that name something
    for words, tags in out:
        assert len(words) == len(tags)
        assert words[0] in ("قال", "زار")  # the context stays
        names = [w for w, t in zip(words, tags, strict=True) if t != "O"]
        assert set(names) <= {"إيمانويل", "ماكرون", "خالد", "باريس", "القاهرة"}
    persons = {tuple(w for w, t in zip(words, tags, strict=True) if t.endswith("PER")) for words, tags in out}
    assert len(persons) > 1  # names moved between sentences
