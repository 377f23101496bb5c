"""The entity model: a BiLSTM-CRF over words, run in NumPy.

Trained with PyTorch by ``training/train_bilstm.py``; at run time only NumPy is needed, and the
weights are plain arrays (``ar_ner_bilstm.npz``, no pickle) with their vocabularies
(``ar_ner_bilstm.json``). Why a neural model beside the CRF: the test texts are full of names
never seen in training, and what tells them apart is context over the whole sentence and the
sub-word embeddings of multilingual-e5-small (learnt from text in a hundred languages), which the
BiLSTM reads and a linear CRF cannot use well (see MODEL_CARD.md for the comparison).

Input per word: the folded form and its stem (learnt embeddings; rare ones unknown), its letters
(a character CNN), the gazetteer flags and multi-word gazetteer match (the CRF's lists), its
shape, and the mean of its e5 sub-word pieces' input embeddings (projected, pre-multiplied at
export). Everything that turns words into ids lives here, so training and tagging agree.
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import regex

from qawl.ner.features import _flag_table, segment
from qawl.ner.gazetteers import load as load_gazetteers
from qawl.ner.normalize import clean, clitic_variants

MODEL_FILE = "ar_ner_bilstm.npz"
VOCAB_FILE = "ar_ner_bilstm.json"
TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
GZ = ("O", "B-LOC", "I-LOC", "B-GPE", "I-GPE", "B-ORG", "I-ORG", "B-PER", "I-PER", "B-other", "I-other")
N_SHAPES = 6
MAX_CHARS = 20  # letters of a word the character CNN reads; every word is padded to this + 2
_AR = regex.compile(r"[\u0621-\u064A]")
_LAT = regex.compile(r"[A-Za-z]")
_DIG = regex.compile(r"\d")
_SV, _AL = 32, 128
_BATCH = 64  # sentences per forward pass
_PIECE = 48  # words per piece of a long sentence (the recurrence's steps per batch)
_BREAKS = frozenset("،,؛;:")
_CACHE_WORDS = 60_000  # words whose input projections are kept (60 MB with 64 hidden units)


def word_keys(w: str) -> tuple[str, str, str]:
    """(folded form, stem without clitics, letters as written): what the vocabularies hold."""
    vs = clitic_variants(w)
    return _DIG.sub("0", vs[0].lower()), _DIG.sub("0", vs[-1].lower()), clean(w)[:MAX_CHARS]


class WordEncoder:
    """Words -> the ids and flags the network reads; one per model (its vocabularies)."""

    def __init__(self, vocab: dict[str, Any]) -> None:
        self.words = {w: i + 2 for i, w in enumerate(vocab["words"])}  # 0 padding, 1 unknown
        self.stems = {w: i + 2 for i, w in enumerate(vocab["stems"])}
        self.chars = {c: i + 2 for i, c in enumerate(vocab["chars"])}
        self.pieces = {p: (float(s), i) for i, (p, s) in enumerate(vocab["pieces"])}
        self.unk_piece = len(vocab["pieces"])
        self.max_piece = max((len(p) for p in self.pieces), default=1)
        self.gaz = load_gazetteers()
        self._bits = _flag_table(self.gaz)
        # the tagger keeps what it needs per word itself; this cache serves training's passes
        self.word = functools.lru_cache(maxsize=50_000)(self._word)

    def _word(self, w: str) -> tuple[int, int, int, int, tuple[int, ...], tuple[int, ...]]:
        """(word id, stem id, flag bits, shape, char ids padded to MAX_CHARS + 2, e5 piece ids)."""
        vs = clitic_variants(w)
        form, stem, letters = word_keys(w)
        bits = 0
        for v in vs:
            bits |= self._bits.get(v, 0)
        if vs[0] in self.gaz.speech_verbs:
            bits |= _SV
        if vs[0][:2] == "ال" or (len(vs) > 1 and vs[-2][:2] == "ال"):
            bits |= _AL
        if _AR.match(vs[0]):
            shape = 0
        elif _LAT.search(vs[0]):
            shape = 1 if w[:1].isupper() else 2
        elif _DIG.search(vs[0]):
            shape = 3
        elif len(vs[0]) == 1:
            shape = 4
        else:
            shape = 5
        chars = tuple(self.chars.get(c, 1) for c in letters) + (0,) * (MAX_CHARS + 2 - len(letters))
        pieces = tuple(
            self.unk_piece if p is None else p for p in segment(clean(w), self.pieces, self.max_piece)
        )
        return self.words.get(form, 1), self.stems.get(stem, 1), bits, shape, chars, pieces

    def places(self, words: list[str], places=None) -> list[int]:
        """Multi-word gazetteer matches as BIO ids over ``GZ``."""
        tags = [0] * len(words)
        for s, e, p, _v in places if places is not None else self.gaz.match_places(words):
            typ = p.type if p.type in ("LOC", "GPE", "ORG", "PER") else "other"
            tags[s] = GZ.index("B-" + typ)
            for k in range(s + 1, e):
                tags[k] = GZ.index("I-" + typ)
        return tags

    def encode(self, words: list[str]) -> dict[str, Any]:
        """One sentence as the network's inputs (training reads these; tagging caches per word)."""
        rows = [self.word(w) for w in words]
        return {
            "w": np.array([r[0] for r in rows], dtype=np.int64),
            "s": np.array([r[1] for r in rows], dtype=np.int64),
            "g": np.array([r[2] for r in rows], dtype=np.int64),
            "h": np.array([r[3] for r in rows], dtype=np.int64),
            "c": np.array([r[4] for r in rows], dtype=np.int64).reshape(len(words), MAX_CHARS + 2),
            "p": [r[5] for r in rows],
            "z": np.array(self.places(words), dtype=np.int64),
        }


def _blas_limiter():
    """A context that keeps BLAS on one thread: these products are small, and on a busy machine a
    second BLAS thread makes them many times slower (it waits for a core)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a dependency; the tagger still works, only slower
        return contextlib.nullcontext
    controller = ThreadpoolController()
    return functools.partial(controller.limit, limits=1, user_api="blas")


class BiLSTMTagger:
    """The shipped BiLSTM-CRF, forward pass and Viterbi in NumPy (float32, one BLAS thread).

    Everything about a word that does not depend on its neighbours (embeddings, character CNN, e5
    pieces) is computed once per distinct word and cached; a batch of sentences then costs one
    matrix product per direction and the recurrent steps."""

    def __init__(self, model_dir: str | Path) -> None:
        model_dir = Path(model_dir)
        self.path = model_dir / MODEL_FILE
        vocab = json.loads((model_dir / VOCAB_FILE).read_text(encoding="utf-8"))
        self.config = vocab["config"]
        self.encoder = WordEncoder(vocab)
        with np.load(model_dir / MODEL_FILE, allow_pickle=False) as z:
            g = {k: z[k].astype(np.float32) for k in z.files}
        self.g = g
        self.trans, self.start, self.end = g["crf_trans"], g["crf_start"], g["crf_end"]
        self.labels = TAGS
        # the input rows of the gazetteer-match embedding (its place in the concatenation below)
        gz_at = g["wemb"].shape[1] + g["semb"].shape[1] + g["conv_b"].shape[0] + 8
        gz_rows = slice(gz_at, gz_at + g["gzemb"].shape[1])
        self._w_in, self._gz_in = {}, {}
        size = g["lstm_f_hh"].shape[0]
        order = np.r_[0 : 2 * size, 3 * size : 4 * size, 2 * size : 3 * size]  # PyTorch's i,f,g,o -> i,f,o,g
        for d in ("f", "b"):
            for part in ("ih", "hh", "b"):
                w = g[f"lstm_{d}_{part}"][..., order]
                # sigmoid(x) = (tanh(x / 2) + 1) / 2: with the three sigmoid gates' weights halved,
                # one tanh over all four gates does, then a scale and shift of three of them
                w[..., : 3 * size] *= 0.5
                g[f"lstm_{d}_{part}"] = w
        self._hh = np.stack([g["lstm_f_hh"], g["lstm_b_hh"]])
        # the accurate model reads e5's contextual word vectors too: the last rows of its input weights
        ctx_dim = g["ctxp_w"].shape[1] if "ctxp_w" in g else 0
        self._ctx_in: dict[str, np.ndarray] = {}
        self.e5 = None
        if ctx_dim:
            from qawl.ner.e5 import E5Encoder

            self.e5 = E5Encoder()
            self._ctx_mean = np.array(vocab["context"]["mean"], np.float32)
            self._ctx_std = np.array(vocab["context"]["std"], np.float32)
        for d in ("f", "b"):
            wih = g[f"lstm_{d}_ih"]
            if ctx_dim:
                self._ctx_in[d] = np.ascontiguousarray(wih[-ctx_dim:])
                wih = wih[:-ctx_dim]
            self._w_in[d] = np.ascontiguousarray(np.delete(wih, np.r_[gz_rows], axis=0))
            self._gz_in[d] = g["gzemb"] @ wih[gz_rows] + g[f"lstm_{d}_b"]  # (len(GZ), 4H), bias folded in
        # per word, its input projections (float16 rows of one array; a word's row in ``_rows``)
        self._rows: dict[str, int] = {}
        self._store: np.ndarray | None = None
        self._threads = _blas_limiter()
        # one tagging at a time per process: the word cache grows in place, and the BLAS thread
        # limit is process-wide (the web server tags from several threads)
        self._lock = threading.Lock()

    def warm(self, words: list[str]) -> None:
        """Compute frequent words' inputs ahead, in one batch (an article otherwise spends a
        third of its tagging time on first sightings of everyday words)."""
        if words:
            with self._lock, self._threads():
                self._word_inputs(list(words))

    def _word_inputs(self, words: list[str]) -> np.ndarray:
        """Each word's input projection for both directions, without the gazetteer-match part and
        the bias (len(words), 2, 4H): it depends on the word alone, so it is computed once (new
        words together: one character-CNN product for all of them) and kept."""
        rows = self._rows
        new = list({w: None for w in words if w not in rows})
        if new and len(rows) + len(new) > _CACHE_WORDS:
            rows.clear()  # a long batch job: start again rather than grow without bound
            new = list(dict.fromkeys(words))
        if new:
            g = self.g
            enc = [self.encoder.word(w) for w in new]
            ce = g["cemb"][np.array([e[4] for e in enc])]  # (k, MAX_CHARS + 2, cdim)
            pad = np.zeros((len(new), 1, ce.shape[2]), np.float32)
            xp = np.concatenate([pad, ce, pad], 1)
            conv = (
                xp[:, :-2] @ g["conv_w0"]
                + xp[:, 1:-1] @ g["conv_w1"]
                + xp[:, 2:] @ g["conv_w2"]
                + g["conv_b"]
            )
            counts = np.array([len(e[5]) for e in enc])  # every word has at least one piece
            flat = np.fromiter((p for e in enc for p in e[5]), np.int64, int(counts.sum()))
            starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
            e5 = np.add.reduceat(g["e5_pieces"][flat], starts) / counts[:, None]
            ids = np.array([e[:4] for e in enc])
            vec = np.concatenate(
                [
                    g["wemb"][ids[:, 0]],
                    g["semb"][ids[:, 1]],
                    np.maximum(conv, 0).max(1),
                    ((ids[:, 2:3] >> np.arange(8)) & 1).astype(np.float32),
                    g["shemb"][ids[:, 3]],
                    np.tanh(e5 + g["e5_b"]),
                ],
                1,
            )
            first = len(rows)
            if self._store is None:
                self._store = np.empty((_CACHE_WORDS, 2, self._w_in["f"].shape[1]), np.float16)
            self._store[first : first + len(new), 0] = vec @ self._w_in["f"]
            self._store[first : first + len(new), 1] = vec @ self._w_in["b"]
            rows.update(zip(new, range(first, first + len(new)), strict=True))
        return self._store[np.fromiter((rows[w] for w in words), np.int64, len(words))].astype(np.float32)

    def contexts(self, sents: list[list[str]]) -> list[np.ndarray]:
        """The accurate model's extra input: each sentence's e5 word vectors, z-scored and projected
        (len(words), dim). Whole sentences, as in training; BLAS may use every core here (the
        encoder's products are large, unlike the recurrence's)."""
        assert self.e5 is not None
        g = self.g
        return [
            np.tanh(((v - self._ctx_mean) / self._ctx_std) @ g["ctxp_w"] + g["ctxp_b"]) if len(v) else v
            for v in self.e5.word_vectors(sents)
        ]

    def emissions(
        self, sents: list[list[str]], places: list | None = None, ctx: list[np.ndarray] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per-label scores (n, length, labels) for a batch of sentences, and the word mask
        (``ctx``: the accurate model's :meth:`contexts` of these sentences, computed if not given)."""
        n, length = len(sents), max(len(s) for s in sents)
        mask = np.zeros((n, length), bool)
        for i, words in enumerate(sents):
            mask[i, : len(words)] = True
        x = self._word_inputs([w for words in sents for w in words])  # real words only, in order
        z = np.concatenate(
            [
                self.encoder.places(words, places[i] if places is not None else None)
                for i, words in enumerate(sents)
            ]
        ).astype(np.int64)
        # both directions run forward in time together: the backward one on each sentence reversed
        # (its own last word first), so padding only ever follows the words and needs no masking
        lengths = mask.sum(1)
        steps = np.arange(length)
        rev = np.where(steps < lengths[:, None], lengths[:, None] - 1 - steps, steps)
        rows = np.arange(n)[:, None]
        xp = np.zeros((2, n, length, self._gz_in["f"].shape[1]), np.float32)
        c = None
        if self.e5 is not None:
            c = np.concatenate(ctx if ctx is not None else self.contexts(sents))
        for k, d in enumerate(("f", "b")):
            xp[k][mask] = x[:, k] + self._gz_in[d][z]
            if c is not None:
                xp[k][mask] += c @ self._ctx_in[d]
        xp[1] = xp[1][rows, rev]
        out = self._lstm(xp)
        h = np.concatenate([out[0], out[1][rows, rev]], 2)
        return h @ self.g["out_w"] + self.g["out_b"], mask

    def _lstm(self, xp: np.ndarray) -> np.ndarray:
        """Both directions' recurrences over input projections ``xp`` (2, n, length, 4H); the gates
        are stored in the order input, forget, output, cell (one sigmoid for three of them)."""
        whh = self._hh
        _, n, length, _ = xp.shape
        size = whh.shape[1]
        c = np.zeros((2, n, size), np.float32)
        out = np.zeros((2, n, length, size), np.float32)
        xt = np.ascontiguousarray(xp.transpose(2, 0, 1, 3))  # (length, 2, n, 4H): one slice per step
        z = np.empty((2, n, 4 * size), np.float32)
        ig = np.empty((2, n, size), np.float32)
        h = np.zeros((2, n, size), np.float32)
        # input, forget, output gates: halved pre-activations (see __init__), then tanh, * 0.5, + 0.5
        i, f, o, g = (z[:, :, k * size : (k + 1) * size] for k in range(4))
        gates = z[:, :, : 3 * size]
        for t in range(length):
            np.matmul(h, whh, out=z)
            z += xt[t]
            np.tanh(z, out=z)
            gates *= 0.5
            gates += 0.5
            c *= f
            np.multiply(i, g, out=ig)
            c += ig
            np.tanh(c, out=h)
            h *= o
            out[:, :, t] = h
        return out

    @property
    def crf(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The CRF's start, transition and end scores, in :func:`viterbi`'s order."""
        return self.start, self.trans, self.end

    def decode(self, em: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return viterbi(em, mask, self.start, self.trans, self.end)

    def tag_many(
        self, sents: list[list[str]], places: list | None = None, piece: int = _PIECE
    ) -> list[list[str]]:
        """BIO labels for each sentence. All of them go through in one batch (the per-step NumPy
        calls are shared), and a long sentence in pieces of at most ``_PIECE`` words, cut after a
        punctuation mark where there is one: a batch runs as many steps as its longest piece.
        ``piece=0`` reads every sentence whole (as in training)."""
        pieces: list[tuple[int, int, int]] = []  # sentence, start, end
        for i, words in enumerate(sents):
            pieces += [(i, a, b) for a, b in _cuts(words, piece or len(words))]
        out: list[list[str]] = [[] for _ in sents]
        order = sorted(range(len(pieces)), key=lambda k: pieces[k][2] - pieces[k][1])
        ctx = self.contexts(sents) if self.e5 is not None else None
        with self._lock, self._threads():
            for k in range(0, len(order), _BATCH):
                part = [pieces[j] for j in order[k : k + _BATCH]]
                em, mask = self.emissions(
                    [sents[i][a:b] for i, a, b in part],
                    [_shift(places[i], a, b) for i, a, b in part] if places is not None else None,
                    [ctx[i][a:b] for i, a, b in part] if ctx is not None else None,
                )
                best = self.decode(em, mask)
                for row, (i, a, b) in enumerate(part):
                    if not out[i]:
                        out[i] = ["O"] * len(sents[i])
                    out[i][a:b] = [TAGS[j] for j in best[row, : b - a]]
        for labels in out:  # a piece that starts inside a name: «I-» after «O» opens it
            for j in range(1, len(labels)):
                if labels[j].startswith("I-") and labels[j - 1][2:] != labels[j][2:]:
                    labels[j] = "B-" + labels[j][2:]
        return out

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_many([words])[0] if words else []

    def sentence_emissions(self, sents: list[list[str]], places: list | None = None) -> list[np.ndarray]:
        """Per-label scores (len(words), labels) of each sentence read whole, as in training: what
        the accurate model adds to its own (:class:`~qawl.ner.e5_tagger.E5Tagger`)."""
        out: list[np.ndarray] = [np.zeros((0, len(TAGS)), np.float32) for _ in sents]
        order = sorted((i for i, words in enumerate(sents) if words), key=lambda i: len(sents[i]))
        with self._lock, self._threads():
            for k in range(0, len(order), _BATCH):
                part = order[k : k + _BATCH]
                em, mask = self.emissions(
                    [sents[i] for i in part], [places[i] for i in part] if places is not None else None
                )
                for row, i in enumerate(part):
                    out[i] = em[row, : mask[row].sum()]
        return out


def viterbi(
    em: np.ndarray, mask: np.ndarray, start: np.ndarray, trans: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Best label paths (n, length) under a CRF, each over its sentence's own words. Padding only
    follows the words, so the forward pass runs unmasked and each path is traced back from its
    sentence's last word."""
    n, length, k = em.shape
    rows = np.arange(n)
    last = mask.sum(1) - 1
    alpha = np.empty((length, n, k), np.float32)
    back = np.empty((length, n, k), np.int64)
    alpha[0] = start + em[:, 0]
    for t in range(1, length):
        s = alpha[t - 1][:, :, None] + trans
        back[t] = s.argmax(1)
        alpha[t] = s.max(1) + em[:, t]
    final = (alpha[last, rows] + end).argmax(1)
    path = np.zeros((n, length), np.int64)
    cur = final
    for t in range(length - 1, -1, -1):
        cur = np.where(last == t, final, cur)  # a sentence that ends here starts its trace
        path[:, t] = cur
        if t:
            cur = back[t, rows, cur]
    return path


def _cuts(words: list[str], size: int) -> list[tuple[int, int]]:
    """(start, end) pieces of at most ``size`` words, each cut after the last punctuation mark in
    its second half where there is one."""
    out, a = [], 0
    while len(words) - a > size:
        b = next((k + 1 for k in range(a + size - 1, a + size // 2, -1) if words[k] in _BREAKS), a + size)
        out.append((a, b))
        a = b
    if a < len(words):
        out.append((a, len(words)))
    return out


def _shift(places: list | None, a: int, b: int) -> list | None:
    """The gazetteer matches inside words[a:b], re-indexed to the piece."""
    if places is None:
        return None
    return [(s - a, e - a, p, v) for s, e, p, v in places if a <= s and e <= b]
