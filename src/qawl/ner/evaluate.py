"""Entity-level exact-match scores, CoNLL style (a span counts when its type and both ends match)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

Span3 = tuple[str, int, int]


def bio_spans(tags: list[str]) -> list[Span3]:
    """(type, start, end) spans of a BIO sequence; a stray I- starts a new span (conlleval)."""
    spans: list[Span3] = []
    cur: tuple[str, int] | None = None
    for i, t in enumerate([*tags, "O"]):
        bio, _, typ = t.partition("-")
        if cur and not (bio == "I" and typ == cur[0]):
            spans.append((cur[0], cur[1], i))
            cur = None
        if bio == "B" or (bio == "I" and cur is None):
            cur = (typ, i)
    return spans


class Scorer:
    """Accumulates gold and predicted spans, sentence by sentence."""

    def __init__(self, types: Iterable[str] = ("PER", "LOC", "ORG")) -> None:
        self.types = tuple(types)
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, gold: Iterable[Span3], pred: Iterable[Span3]) -> None:
        g = {s for s in gold if s[0] in self.types}
        p = {s for s in pred if s[0] in self.types}
        for s in g & p:
            self.tp[s[0]] += 1
        for s in p - g:
            self.fp[s[0]] += 1
        for s in g - p:
            self.fn[s[0]] += 1

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def scores(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for t in self.types:
            p, r, f = self._prf(self.tp[t], self.fp[t], self.fn[t])
            out[t] = {"p": p, "r": r, "f1": f, "support": self.tp[t] + self.fn[t]}
        tp, fp, fn = (sum(c[t] for t in self.types) for c in (self.tp, self.fp, self.fn))
        p, r, f = self._prf(tp, fp, fn)
        out["micro"] = {"p": p, "r": r, "f1": f, "support": tp + fn}
        return out

    def table(self) -> str:
        lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
        for t, s in self.scores().items():
            lines.append(f"{t:<6} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {int(s['support']):6d}")
        return "\n".join(lines)
