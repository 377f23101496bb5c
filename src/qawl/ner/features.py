"""CRF features for a sentence of tokens (as written; clitics attached, as in ANERcorp).

Per word (cached): the folded form, its stem after stripping و/ف, ب/ل/ك and ال, the stripped
prefix, the stem's affixes, the shape, gazetteer flags (listed person name, given name, title,
organisation or place head word, speech verb, single-word place) and, when the model was
trained with them, the cluster codes of the word's multilingual-e5-small sub-word pieces.
Per position: the neighbours' features (a smaller set), bigrams, and multi-word place matches.

A :class:`Featurizer` belongs to one model: its options are saved next to the model file
(``features.json``) so that tagging computes exactly the features training did.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex

from qawl.ner.gazetteers import load as load_gazetteers
from qawl.ner.normalize import clitic_variants, strip_clitics
from qawl.ner.normalize import stem as safe_stem

_LATIN = regex.compile(r"[A-Za-z]")
_DIGIT = regex.compile(r"\d")
_AR = regex.compile(r"[\u0621-\u064A]")
FEATURES_FILE = "features.json"


def read_pieces(path: str | Path) -> dict[str, tuple[float, str]]:
    """A pieces table (piece, unigram score, cluster code) from training/e5_piece_clusters.py."""
    pieces: dict[str, tuple[float, str]] = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            piece, score, code = line.rstrip("\n").split("\t")
            pieces[piece] = (float(score), code)
    return pieces


def segment(word: str, pieces: dict[str, tuple[float, Any]], max_piece: int) -> tuple[Any, ...]:
    """The best unigram segmentation of "▁"+word into ``pieces`` (piece -> (score, value)), by
    Viterbi on the scores as sentencepiece does: the pieces' values, None for a character no
    piece covers."""
    w = "\u2581" + word
    n = len(w)
    neg = -1e18
    best = [0.0] + [neg] * n
    back: list[tuple[int, Any]] = [(0, None)] * (n + 1)
    for e in range(1, n + 1):
        for s in range(max(0, e - max_piece), e):
            if best[s] <= neg:
                continue
            hit = pieces.get(w[s:e])
            if hit is not None:
                sc, value = best[s] + hit[0], hit[1]
            elif e - s == 1:
                sc, value = best[s] - 20.0, None  # unknown character
            else:
                continue
            if sc > best[e]:
                best[e] = sc
                back[e] = (s, value)
    out: list[Any] = []
    e = n
    while e > 0:
        s, value = back[e]
        out.append(value)
        e = s
    return tuple(reversed(out))


def name_ngrams(word: str) -> list[str]:
    """Character 2-4-grams of a folded stem, with ^ and $ marking its ends."""
    w = "^" + word + "$"
    return [w[i : i + n] for n in (2, 3, 4) for i in range(len(w) - n + 1)]


def read_name_ngrams(path: str | Path) -> dict[str, float]:
    """An n-gram -> log-odds table from training/build_name_ngrams.py."""
    out: dict[str, float] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            g, lo = line.rstrip("\n").split("\t")
            out[g] = float(lo)
    return out


# gazetteer flags, in the order they are written as features
_FLAGS = ((1, "PN"), (2, "GN"), (4, "TI"), (8, "OW"), (16, "LW"), (32, "SV"), (64, "PL"), (128, "AL"))
_SV, _AL = 32, 128


def _flag_table(g) -> dict[str, int]:
    """Folded word -> flag bits of the lists it is on (one look-up per clitic variant)."""
    table: dict[str, int] = {}
    for bit, words in (
        (1, g.person_names),
        (2, g.given_names),
        (4, g.titles),
        (8, g.org_words),
        (16, g.loc_words),
        (64, {k[0] for k, p in g.places.items() if len(k) == 1 and p.kind != "org"}),
    ):
        for w in words:
            table[w] = table.get(w, 0) | bit
    return table


class Featurizer:
    """Turns a sentence (words as written) into one list of string features per word."""

    def __init__(
        self,
        pieces: dict[str, tuple[float, str]] | None = None,
        options: dict[str, Any] | None = None,
        ngrams: dict[str, float] | None = None,
    ):
        self.pieces = pieces or {}
        self.options = dict(options or {})
        self.ngrams = ngrams or {}
        self.max_piece = max((len(p) for p in self.pieces), default=1)
        # lean: the words two away are seen by form and gazetteer flags only (fewer features, faster)
        self.lean = bool(self.options.get("lean"))
        self.gaz = load_gazetteers()
        self._bits = _flag_table(self.gaz)
        self._word = functools.lru_cache(maxsize=300_000)(self._word_features)
        self._segment = functools.lru_cache(maxsize=300_000)(self._segment_codes)

    def warm(self, words: Iterable[str]) -> None:
        """Compute the features of frequent words ahead: a short batch otherwise spends a tenth of
        its time on first sightings of everyday words (about 0.25 s for 10,000 words)."""
        for w in words:
            self._word(w)

    @classmethod
    def for_model(cls, model_dir: str | Path) -> Featurizer:
        """The featurizer a model in ``model_dir`` was trained with (plain features if none is saved)."""
        path = Path(model_dir) / FEATURES_FILE
        if not path.is_file():
            return cls()
        opts = json.loads(path.read_text(encoding="utf-8"))
        pieces = read_pieces(Path(model_dir) / opts["e5_pieces"]) if opts.get("e5_pieces") else None
        ngrams = read_name_ngrams(Path(model_dir) / opts["name_ngrams"]) if opts.get("name_ngrams") else None
        return cls(pieces, opts, ngrams)

    def name_score(self, stem: str) -> str:
        """The word's mean n-gram log-odds of being a name, bucketed (only for unlisted words)."""
        grams = [self.ngrams[g] for g in name_ngrams(stem) if g in self.ngrams]
        if len(grams) < 2:
            return "unk"
        return str(max(-3, min(3, round(sum(grams) / len(grams)))))

    def _segment_codes(self, word: str) -> tuple[str, ...]:
        """Cluster codes of the word's e5 pieces ("unk" for a character no piece covers)."""
        return tuple(code or "unk" for code in segment(word, self.pieces, self.max_piece))

    def _word_features(self, word: str) -> tuple[tuple[str, ...], ...]:
        """(features of the word itself, then as seen from the neighbours at -2, -1, +1, +2)."""
        g = self.gaz
        vs = clitic_variants(word)
        f = vs[0]
        arabic = _AR.match(f) is not None
        stem = safe_stem(word) if arabic else f
        own = ["w=" + f, "st=" + stem, "pre=" + f[: len(f) - len(stem)] if arabic else "pre="]
        if arabic:
            own += [
                "p2=" + stem[:2],
                "p3=" + stem[:3],
                "s1=" + stem[-1:],
                "s2=" + stem[-2:],
                "s3=" + stem[-3:],
            ]
            own.append("len=" + str(min(len(stem), 8)))
            shape = "ar"
        elif _LATIN.search(f):
            shape = "lat_cap" if word[:1].isupper() else "lat"
        elif _DIGIT.search(f):
            shape = "dig"
        elif len(f) == 1:
            shape = "p" + f
        else:
            shape = "other"
        own.append("sh=" + shape)
        bits = 0
        for v in vs:
            bits |= self._bits.get(v, 0)
        if f in g.speech_verbs:
            bits |= _SV
        if f[:2] == "ال" or (len(vs) > 1 and vs[-2][:2] == "ال"):
            bits |= _AL
        flags = [name for bit, name in _FLAGS if bits & bit]
        own += ["g=" + x for x in flags]
        ctx = ["w=" + f, "st=" + stem, "sh=" + shape] + ["g=" + x for x in flags]
        if self.ngrams and arabic and len(stem) >= 2:
            ns = "ns=" + self.name_score(stem)
            own.append(ns)
            ctx.append(ns)
        if self.pieces and arabic:
            codes = self._segment(strip_clitics(word)[1])
            own += [
                "e1=" + codes[0],
                "e1c=" + codes[0][:2],
                "eL=" + codes[-1],
                "en=" + str(min(len(codes), 4)),
            ]
            if len(codes) > 1:
                own.append("e2=" + codes[1])
            ctx.append("e1c=" + codes[0][:2])
        views = []
        for d, _ in _OFFSETS:
            view = ctx
            if self.lean and d in (-2, 2):
                view = [x for x in ctx if not x.startswith(("st=", "sh="))]
            views.append(tuple(f"{d}{x}" for x in view))
        return (tuple(own), *views)

    def __call__(self, words: list[str], places=None) -> list[list[str]]:
        """One feature list per word (strings, each a binary feature).

        ``places`` are the gazetteer matches of ``words`` if the caller has them already.
        """
        n = len(words)
        per = [self._word(w) for w in words]
        if places is None:
            places = self.gaz.match_places(words)
        place = ["O"] * n
        for s, e, p, _v in places:
            place[s] = "B-" + p.type
            for k in range(s + 1, e):
                place[k] = "I-" + p.type
        out: list[list[str]] = []
        for i in range(n):
            own = per[i][0]
            feats = ["b", *own, "gz=" + place[i]]
            for d, k in _OFFSETS:
                j = i + d
                if 0 <= j < n:
                    feats += per[j][k]
                    if d in (-1, 1):
                        feats.append(f"{d}gz={place[j]}")
                else:
                    feats.append(f"{d}BOUND")
            if i > 0:
                feats.append("bi-=" + per[i - 1][0][0] + "|" + own[0])
            if i + 1 < n:
                feats.append("bi+=" + own[0] + "|" + per[i + 1][0][0])
            out.append(feats)
        return out


_OFFSETS = ((-2, 1), (-1, 2), (1, 3), (2, 4))  # neighbour offset, index of its prefixed view


def stack_titles(feats: list[list[str]], occ: list[str]) -> list[list[str]]:
    """``feats`` with the title model's output added: the word's OCC tag and its neighbours'.

    A name right after «وزير الخارجية» is a person even when the name itself is new.
    """
    n = len(feats)
    out = []
    for i in range(n):
        extra = ["oc=" + occ[i]]
        for d in (-2, -1, 1):
            j = i + d
            extra.append(f"{d}oc=" + (occ[j] if 0 <= j < n else "BOUND"))
        out.append(feats[i] + extra)
    return out


@functools.lru_cache(maxsize=1)
def _plain() -> Featurizer:
    return Featurizer()


def sentence_features(words: list[str], places=None) -> list[list[str]]:
    """Plain features (no e5 pieces) of a sentence: see :class:`Featurizer`."""
    return _plain()(words, places)
