"""How to pair two entity models: raw-tagger F1 on the ANERcorp held-out block (sentences 3300-3926).

    QAWL_NER_MODEL_DIR=DIR .venv/bin/python bench/ner_pairs.py

DIR holds models trained without that block: the BiLSTM-CRF and CRF of
``training/train_bilstm.py --heldout --out DIR`` / ``training/train_ner.py`` and, in ``DIR/e5``,
the fine-tuned encoder of ``training/finetune_e5.py --heldout --out DIR/e5`` (needs
``pip install 'qawl[accurate]'``). Prints micro F1 over PER/LOC/ORG, whole sentences, no rules, for:
each model alone; the fine-tuned encoder and the BiLSTM as a product of experts (label scores and
CRF transitions averaged, what ``qawl extract --accurate`` runs); the same two with their posterior
marginals averaged instead; the BiLSTM with the CRF baseline, marginals averaged (the CRF
gives no label scores); and the product of experts with the BiLSTM weighted 0.3-0.7 instead of
one half. Marginal pairs are decoded under the BIO constraints. About two minutes on
one core, nearly all of it the encoder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis, keepdims=True))).squeeze(axis)


def marginals(em: np.ndarray, crf: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Per-word label probabilities of a linear-chain CRF (forward-backward in log space)."""
    start, trans, end = crf
    n, k = em.shape
    a = np.zeros((n, k))
    b = np.zeros((n, k))
    a[0] = start + em[0]
    for t in range(1, n):
        a[t] = _logsumexp(a[t - 1][:, None] + trans, 0) + em[t]
    b[-1] = end
    for t in range(n - 2, -1, -1):
        b[t] = _logsumexp(trans + (em[t + 1] + b[t + 1])[None, :], 1)
    return np.exp(a + b - _logsumexp(a[-1] + end, 0))


def main() -> int:
    from qawl.ner import corpora
    from qawl.ner.bilstm import TAGS, BiLSTMTagger, viterbi
    from qawl.ner.e5_tagger import E5Tagger
    from qawl.ner.evaluate import Scorer, bio_spans
    from qawl.ner.gazetteers import load
    from qawl.ner.tagger import MODEL_FILE, Tagger, model_dir

    d = model_dir()
    block = corpora.read_anercorp_original(DATA / "anercorp" / "original" / "ANERCorp")[3300:3927]
    sents = [w for w, _ in block]
    gaz = load()
    places = [gaz.match_places(w) for w in sents]
    bilstm = BiLSTMTagger(d)
    e5 = E5Tagger(d / "e5")
    crf = Tagger(d / MODEL_FILE)

    em_b = bilstm.sentence_emissions(sents, places)
    em_e = [x for k in range(0, len(sents), 20) for x in e5.emissions(sents[k : k + 20], places[k : k + 20])]
    m_b = [marginals(x, bilstm.crf) for x in em_b]
    m_e = [marginals(x, e5.crf) for x in em_e]
    m_c = []
    for words, pl in zip(sents, places, strict=True):
        t = crf._get()
        t.set(crf.featurize(words, pl))
        known = set(t.labels())
        m_c.append(
            np.array([[t.marginal(y, i) if y in known else 0.0 for y in TAGS] for i in range(len(words))])
        )

    k = len(TAGS)
    bio = np.array([[-1e4 if y.startswith("I-") and x[2:] != y[2:] else 0.0 for y in TAGS] for x in TAGS])
    bio_start = np.array([-1e4 if y.startswith("I-") else 0.0 for y in TAGS])
    bio_crf = (bio_start, bio, np.zeros(k))

    def decode(em: np.ndarray, c) -> list[str]:
        return [TAGS[j] for j in viterbi(em[None], np.ones((1, len(em)), bool), *c)[0]]

    def f1(paths: list[list[str]]) -> float:
        sc = Scorer(("PER", "LOC", "ORG"))
        base = 0
        for (words, gold), pred in zip(block, paths, strict=True):
            sc.add(
                {(t, s + base, e + base) for t, s, e in bio_spans(gold)},
                {(t, s + base, e + base) for t, s, e in bio_spans(pred)},
            )
            base += len(words)
        return sc.scores()["micro"]["f1"]

    def from_marginals(ms) -> list[list[str]]:
        return [decode(np.log(m + 1e-9), bio_crf) for m in ms]

    half = tuple((x + y) / 2 for x, y in zip(e5.crf, bilstm.crf, strict=True))
    rows = [
        ("BiLSTM-CRF alone", [decode(x, bilstm.crf) for x in em_b]),
        ("fine-tuned e5 alone", [decode(x, e5.crf) for x in em_e]),
        ("CRF baseline alone", from_marginals(m_c)),
        (
            "e5 + BiLSTM, product of experts (shipped)",
            [decode((x + y) / 2, half) for x, y in zip(em_e, em_b, strict=True)],
        ),
        (
            "e5 + BiLSTM, marginals averaged",
            from_marginals([(x + y) / 2 for x, y in zip(m_e, m_b, strict=True)]),
        ),
        (
            "BiLSTM + CRF, marginals averaged",
            from_marginals([(x + y) / 2 for x, y in zip(m_b, m_c, strict=True)]),
        ),
    ]
    # the shipped pair weighs the two experts equally; how much the weight matters
    for w in (0.3, 0.4, 0.6, 0.7):
        c = tuple((1 - w) * x + w * y for x, y in zip(e5.crf, bilstm.crf, strict=True))
        rows.append(
            (
                f"product of experts, BiLSTM weighted {w}",
                [decode((1 - w) * x + w * y, c) for x, y in zip(em_e, em_b, strict=True)],
            )
        )
    print(f"ANERcorp held-out block, {len(sents)} sentences, raw taggers (models in {d}):")
    for name, paths in rows:
        print(f"  {name:45s} {f1(paths):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
